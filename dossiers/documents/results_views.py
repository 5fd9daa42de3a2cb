"""The report of results (``awards.ResultsReport``) as a Party document, PDF or Word: the unit's
letterhead, "BÁO CÁO", the text the unit wrote and the table of its figures. Read by whoever may
read the report (``awards.read_results_report``: its unit; the level above once it is sent)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import ResultsReport
from awards.results_services import kind_label
from core.reads import ReadKind, note_read

from . import context, rendering
from . import party_format as pf
from .forms import bound_with_defaults
from .views import DocumentView, file_response

TEMPLATE = "documents/print/bao_cao_ket_qua.html"

AGE_WORDS = {
    "under_30": "Dưới 30 tuổi",
    "30_45": "Từ 30 đến 45 tuổi",
    "46_60": "Từ 46 đến 60 tuổi",
    "over_60": "Trên 60 tuổi",
    "unknown": "Chưa có ngày sinh",
}
GENDER_WORDS = {**pf.GENDER_WORDS, "unknown": "Chưa ghi giới tính"}


def figure_rows(figures: dict, kind_label) -> list[tuple[str, int]]:
    """The table under the text: every figure with its Vietnamese label."""
    rows = [
        ("Hồ sơ đã tiếp nhận", figures.get("received", 0)),
        ("Đã biểu dương", figures.get("honored", 0)),
        ("– trong đó cá nhân", figures.get("individuals", 0)),
        ("– trong đó tập thể", figures.get("collectives", 0)),
        ("Đề nghị cấp trên biểu dương", figures.get("forwarded", 0)),
    ]
    cap = figures.get("cap")
    if cap:
        rows.append((f"Giới hạn đề nghị ({cap['percent']}% × {cap['base']})", cap["limit"]))
    rows += [(f"Đối tượng: {c['name']}", c["count"]) for c in figures.get("by_category", [])]
    rows += [
        (f"Giới tính: {GENDER_WORDS.get(code, code)}", count)
        for code, count in figures.get("by_gender", {}).items()
    ]
    rows += [
        (f"Độ tuổi: {AGE_WORDS.get(code, code)}", count)
        for code, count in figures.get("by_age", {}).items()
    ]
    rows += [
        (f"Loại hình: {kind_label(code)}", count)
        for code, count in figures.get("by_unit_kind", {}).items()
    ]
    return rows


def results_document(report: ResultsReport, details: context.Details) -> dict:
    unit, recipient = report.unit, report.recipient
    ancestors = context.ancestors_of(unit)
    addressee = pf.standing_committee_of(recipient)
    return {
        "document": "bao_cao_ket_qua",
        "campaign_title": pf.nfc(report.campaign.title),
        "letterhead": context.unit_letterhead(
            unit, ancestors, details, "bao_cao", ["- Như trên,", "- Lưu."]
        ),
        "addressee": addressee,
        "paragraphs": [line.strip() for line in pf.nfc(report.text).splitlines() if line.strip()],
        "as_of": report.campaign.period_end.strftime("%d/%m/%Y"),
        "figure_rows": figure_rows(report.figures, kind_label),
    }


def to_html(document: dict) -> str:
    with translation.override("vi"):
        return pf.nfc(render_to_string(TEMPLATE, document))


class ResultsReportDocumentView(DocumentView):
    title = gettext_lazy("Report of results")
    permission_required = "awards.read_results_report"
    permission_denied_message = gettext_lazy(
        "Only the unit and, once it is sent, the level above read this report."
    )

    def prepare(self):
        self.report = get_object_or_404(
            ResultsReport.objects.visible_to(self.request.user).select_related(
                "campaign", "unit", "recipient"
            ),
            public_id=self.kwargs["public_id"],
        )

    def get_permission_object(self):
        return self.report

    def read_unit_id(self) -> int | None:
        return self.report.unit_id

    def initial(self):
        return context.unit_defaults(self.report.unit, context.ancestors_of(self.report.unit))

    def page_context(self):
        return {
            "campaign": self.report.campaign,
            "subtitle": f"{self.report.unit.name} · {self.report.campaign.title}",
            "back_url": reverse("awards:results-detail", args=[self.report.public_id]),
            "back_label": self.report.unit.name,
        }

    def file_stem(self):
        return f"bao-cao-ket-qua-{self.report.unit.code}-{self.report.campaign.code}"

    def get(self, request, *args, **kwargs):
        # As ``DocumentView.get``, but the HTML comes from this module's template (the shared
        # ``rendering.TEMPLATES`` is left alone).
        fmt = request.GET.get("format")
        initial = self.initial()
        if not fmt:
            return self.render_page(self.form_class(initial=initial))
        if fmt not in self.formats:
            raise Http404(_("This document is not available in that format."))
        form = bound_with_defaults(self.form_class, request.GET, initial)
        if not form.is_valid():
            return self.render_page(form, status=400)
        document = results_document(self.report, context.Details.from_form(form.cleaned_data))
        note_read(ReadKind.DOCUMENT, f"{self.file_stem()}.{fmt}", unit_id=self.read_unit_id())
        return file_response(rendering.from_html(to_html(document), fmt), fmt, self.file_stem())


urlpatterns = [
    path(
        "bao-cao-ket-qua/<uuid:public_id>/",
        ResultsReportDocumentView.as_view(),
        name="results-report",
    ),
]
