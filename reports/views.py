"""The units' reports: the campaign's list of requested reports, a unit's editor (section by
section, or a file), the organiser's overview (who has sent, who has not), one report, the
side-by-side reading of 2–3 reports and the consolidated Word file.

Campaigns and reports are looked up through ``visible_to(user)`` (outside the subtree: 404);
the role and the unit are the permissions of ``reports.permissions`` (otherwise 403).
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.downloads import DOCX_CONTENT_TYPE, content_disposition
from core.reads import ReadKind, note_read
from nominations.forms import add_service_errors
from nominations.validators import ACCEPT
from nominations.views.common import PageMixin, campaign_or_404

from . import permissions, renderers
from . import services as reports
from .models import UnitReport
from .permissions import can_read_all, writes_for_own_unit

#: the side-by-side page shows at most this many reports
MAX_COMPARED = 3


class ReportForm(forms.Form):
    """One textarea per section of the outline, plus the optional file."""

    file = forms.FileField(
        label=gettext_lazy("The report as a file (PDF or Word)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    remove_file = forms.BooleanField(label=gettext_lazy("Remove the attached file"), required=False)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = request.sections
        for section in self.sections:
            name = self.field_name(section)
            attrs = {"rows": 6, "class": "form-control"}
            if section.get("guidance"):
                attrs["aria-describedby"] = f"id_{name}-guidance"
            self.fields[name] = forms.CharField(
                label=f"{section['number']}. {section['title']}",
                required=False,
                widget=forms.Textarea(attrs=attrs),
            )
        if not request.allow_upload:
            del self.fields["file"], self.fields["remove_file"]
        # The sections first, the file last.
        order = [self.field_name(s) for s in self.sections] + ["file", "remove_file"]
        self.order_fields(order)

    @staticmethod
    def field_name(section: dict) -> str:
        return f"section_{slugify(section['number']) or 'x'}"

    def section_fields(self):
        """Each section's field with the section (its guidance is shown above the box)."""
        return [{"field": self[self.field_name(s)], "section": s} for s in self.sections]

    def texts(self) -> dict:
        return {s["number"]: self.cleaned_data.get(self.field_name(s)) or "" for s in self.sections}


def section_texts(report: UnitReport | None, report_request) -> list[dict]:
    return [
        {"section": s, "text": report.text_of(s["number"]) if report else ""}
        for s in report_request.sections
    ]


class RequestMixin(PageMixin):
    """The campaign (404 if not visible) and its report request (404 if unknown)."""

    def prepare(self) -> None:
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.report_request = get_object_or_404(
            self.campaign.report_requests.select_related("campaign__organiser"),
            code=self.kwargs["report"],
        )


class ReaderMixin(RequestMixin):
    permission_required = "reports.read_all_reports"
    permission_denied_message = gettext_lazy("Only the receiving level reads every unit's report.")

    def get_permission_object(self):
        return self.report_request


# --- the campaign's reports --------------------------------------------------------------------


class ReportListView(PageMixin, View):
    """The reports the campaign asks for: to a reporting unit, its own; to the organiser, the
    overview of each."""

    def prepare(self) -> None:
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"])

    def get(self, request, code):
        user = request.user
        rows = []
        requests = list(self.campaign.report_requests.select_related("campaign__organiser"))
        own = {}
        if user.unit_id:
            own = {
                r.request_id: r
                for r in UnitReport.objects.visible_to(user).filter(
                    unit_id=user.unit_id, request__in=requests
                )
            }
        for report_request in requests:
            rows.append(
                {
                    "request": report_request,
                    "can_write": writes_for_own_unit(user, report_request),
                    "can_read_all": can_read_all(user, report_request),
                    "own": own.get(report_request.pk),
                    "open": timezone.now() < report_request.due_at,
                }
            )
        return render(
            request, "reports/report_list.html", {"campaign": self.campaign, "rows": rows}
        )


# --- the unit's editor -------------------------------------------------------------------------


class ReportEditView(RequestMixin, View):
    """The unit writes its report section by section; "Save" keeps a draft, "Save and submit"
    also sends it. A refused submission leaves the draft saved and says why."""

    permission_required = "reports.write_own_report"
    permission_denied_message = gettext_lazy("Only a unit that owes this report writes it.")

    def get_permission_object(self):
        return self.report_request

    def prepare(self) -> None:
        super().prepare()
        self.unit = self.request.user.unit  # checked right after: the unit must owe the report
        self.report = (
            UnitReport.objects.visible_to(self.request.user)
            .filter(request=self.report_request, unit=self.unit)
            .first()
            if self.unit is not None
            else None
        )

    def initial(self) -> dict:
        if self.report is None:
            return {}
        return {
            ReportForm.field_name(s): self.report.text_of(s["number"])
            for s in self.report_request.sections
        }

    def render_page(self, form, status=200):
        return render(
            self.request,
            "reports/report_edit.html",
            {
                "campaign": self.campaign,
                "report_request": self.report_request,
                "unit": self.unit,
                "report": self.report,
                "form": form,
                "section_texts": section_texts(self.report, self.report_request),
                "open": timezone.now() < self.report_request.due_at,
            },
            status=status,
        )

    def get(self, request, code, report):
        return self.render_page(ReportForm(initial=self.initial(), request=self.report_request))

    def post(self, request, code, report):
        form = ReportForm(request.POST, request.FILES, request=self.report_request)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            self.report = reports.save_report_draft(
                request.user,
                self.report_request,
                self.unit,
                form.texts(),
                uploaded_file=form.cleaned_data.get("file"),
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form, status=400)
        if request.POST.get("action") == "submit":
            try:
                reports.submit_report(request.user, self.report_request, self.unit)
            except ValidationError as error:
                add_service_errors(form, error)
                messages.warning(request, _("The draft was saved but not submitted."))
                return self.render_page(form, status=400)
            messages.success(request, _("The report was submitted."))
        else:
            messages.success(request, _("The draft was saved."))
        return redirect(request.path)


# --- the receiving level -----------------------------------------------------------------------


class OverviewView(ReaderMixin, View):
    def get(self, request, code, report):
        rows = reports.overview_rows(self.report_request)
        submitted = sum(1 for row in rows if row["submitted"])
        return render(
            request,
            "reports/overview.html",
            {
                "campaign": self.campaign,
                "report_request": self.report_request,
                "rows": rows,
                "submitted": submitted,
                "missing": len(rows) - submitted,
                "past_due": timezone.now() >= self.report_request.due_at,
                "max_compared": MAX_COMPARED,
            },
        )


def chosen_ids(values) -> list[uuid.UUID]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))


class CompareView(ReaderMixin, View):
    """Two or three submitted reports side by side: one row per section, one column per unit."""

    def get(self, request, code, report):
        ids = chosen_ids(request.GET.getlist("unit"))
        if not 2 <= len(ids) <= MAX_COMPARED:
            messages.error(request, _("Choose two or three submitted reports to compare."))
            return redirect("reports:overview", code=code, report=report)
        chosen = list(reports.submitted_reports(self.report_request, ids))
        if len(chosen) != len(ids):
            raise Http404
        rows = [
            {"section": s, "texts": [r.text_of(s["number"]) for r in chosen]}
            for s in self.report_request.sections
        ]
        return render(
            request,
            "reports/compare.html",
            {
                "campaign": self.campaign,
                "report_request": self.report_request,
                "reports": chosen,
                "rows": rows,
            },
        )


class ConsolidatedView(ReaderMixin, View):
    """Every submitted report, section by section, as one Word file for the organiser's own
    report."""

    def get(self, request, code, report):
        content = renderers.consolidated_docx(self.report_request)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        stem = slugify(f"tong-hop-{self.report_request.code}") or "tong-hop"
        response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- one report --------------------------------------------------------------------------------


class ReportLookupMixin(PageMixin):
    """The report (404 outside the subtree); its own unit or the receiving level (else 403)."""

    permission_required = "reports.read_report"
    permission_denied_message = gettext_lazy(
        "Only the unit and the receiving level read this report."
    )

    def get_permission_object(self):
        return self.report

    def prepare(self) -> None:
        user = self.request.user
        self.report = get_object_or_404(
            UnitReport.objects.visible_to(user).select_related(
                "unit", "request__campaign__organiser", "submitted_by"
            ),
            public_id=self.kwargs["public_id"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportDetailView(ReportLookupMixin, View):
    def render_page(self, reason_form=None, status=200):
        report_request = self.report.request
        can_reopen = self.report.is_submitted and permissions.can_reopen(
            self.request.user, report_request
        )
        return render(
            self.request,
            "reports/report_detail.html",
            {
                "campaign": report_request.campaign,
                "report_request": report_request,
                "report": self.report,
                "section_texts": section_texts(self.report, report_request),
                "can_reopen": can_reopen,
                "reason_form": reason_form or (ReasonForm() if can_reopen else None),
            },
            status=status,
        )

    def get(self, request, public_id):
        return self.render_page()


class ReopenView(ReportLookupMixin, View):
    http_method_names = ["post"]

    def post(self, request, public_id):
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            reports.reopen_report(request.user, self.report, form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            add_service_errors(form, error)
            return ReportDetailView.render_page(self, reason_form=form, status=400)
        messages.success(
            request, _("The report was sent back to %(unit)s.") % {"unit": self.report.unit.name}
        )
        return redirect("reports:detail", public_id=public_id)


class ReportFileView(ReportLookupMixin, View):
    def get(self, request, public_id):
        if not self.report.file:
            raise Http404
        try:
            handle = self.report.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=self.report.content_type)
        note_read(
            ReadKind.DOCUMENT,
            self.report.original_name,
            unit_id=self.report.unit_id,
            object_id=self.report.public_id,
        )
        response["Content-Disposition"] = content_disposition(
            self.report.original_name, inline=False
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_cache=True)
        return response


def report_url(report: UnitReport) -> str:
    return reverse("reports:detail", args=[report.public_id])


urlpatterns = [
    path("c/<slug:code>/", ReportListView.as_view(), name="list"),
    path("c/<slug:code>/<slug:report>/don-vi/", ReportEditView.as_view(), name="edit"),
    path("c/<slug:code>/<slug:report>/tong-hop/", OverviewView.as_view(), name="overview"),
    path("c/<slug:code>/<slug:report>/so-sanh/", CompareView.as_view(), name="compare"),
    path(
        "c/<slug:code>/<slug:report>/tong-hop.docx", ConsolidatedView.as_view(), name="consolidated"
    ),
    path("<uuid:public_id>/", ReportDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/mo-lai/", ReopenView.as_view(), name="reopen"),
    path("<uuid:public_id>/tep/", ReportFileView.as_view(), name="file"),
]
