"""Pages of the report of results (mounted under ``khen-thuong/`` by ``awards/urls.py``).

* the unit's own report (``results-own``): its staff draft it, edit the text, count again and
  send it; its standing members and admins read it;
* one report (``results-detail``): its unit, and the unit it was sent to once sent; the
  receiving staff reopen it from there (``results-reopen``);
* the level above's overview (``results-overview``): every unit whose report comes to the
  user's unit, the state of its report and the consolidated table, also as Excel.

Outside the user's subtree a campaign or a report is a 404; a wrong role is a 403.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.downloads import XLSX_CONTENT_TYPE, content_disposition
from nominations.forms import add_service_errors
from nominations.selectors import level_or_403
from nominations.views.common import PageMixin, campaign_or_404

from .. import results_services as svc
from ..models import ResultsReport
from ..permissions import can_prepare_decisions, can_reopen_results_report
from ..results_sheets import overview_workbook

ACTIONS = ("draft", "save", "refresh", "regenerate", "send")


class TextForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "form-control"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


def figures_context(figures: dict) -> dict:
    """The figures of one report with their labels, for the table on the pages."""
    as_of = figures.get("as_of")
    return {
        "f": figures,
        "as_of": datetime.date.fromisoformat(as_of) if as_of else None,
        "categories": figures.get("by_category", []),
        "genders": [
            (svc.gender_label(code), count) for code, count in figures.get("by_gender", {}).items()
        ],
        "ages": [(svc.age_label(code), count) for code, count in figures.get("by_age", {}).items()],
        "kinds": [
            (svc.kind_label(code), count) for code, count in figures.get("by_unit_kind", {}).items()
        ],
    }


class CampaignUnitMixin(PageMixin):
    """The campaign (404 if not visible) and the user's own unit, which must play a level of
    it (else 403)."""

    def prepare(self) -> None:
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.unit = user.unit
        if self.unit is None:
            raise PermissionDenied(_("Your account belongs to no unit."))
        self.level = level_or_403(self.campaign, self.unit)

    def get_permission_object(self):
        return self.unit


class OwnReportView(CampaignUnitMixin, View):
    """The unit's own report: the figures, the text to edit, the buttons to count again and
    to send it."""

    permission_denied_message = gettext_lazy(
        "Only the staff of the unit that honored write its report of results."
    )

    permission_required = "awards.read_decisions"

    def check_permission(self) -> None:
        # Reading the page is for the unit's readers; changing the report for its staff.
        if self.request.method == "POST":
            self.permission_required = "awards.prepare_decisions"
        super().check_permission()

    def prepare(self) -> None:
        super().prepare()
        self.report = (
            ResultsReport.objects.within(self.unit)
            .filter(campaign=self.campaign, unit=self.unit)
            .select_related("recipient", "sent_by")
            .first()
        )

    def render_page(self, form=None, status=200):
        report = self.report
        can_write = can_prepare_decisions(self.request.user, self.unit)
        editable = can_write and report is not None and report.sent_at is None
        if form is None and editable:
            form = TextForm(initial={"text": report.text})
        context = {
            "campaign": self.campaign,
            "unit": self.unit,
            "level": self.level,
            "report": report,
            "form": form if editable else None,
            "can_write": can_write,
            "honors": self.level.can_honor,
        }
        if report is not None:
            context.update(figures_context(report.figures))
        return render(self.request, "awards/results/own.html", context, status=status)

    def get(self, request, code):
        return self.render_page()

    def post(self, request, code):
        action = request.POST.get("action", "")
        if action not in ACTIONS or (action != "draft" and self.report is None):
            return redirect("awards:results-own", code=code)
        form = TextForm(request.POST)
        form.is_valid()
        user = request.user
        try:
            if action == "draft":
                self.report = svc.draft_report(user, self.campaign, self.unit)
                messages.success(request, _("The report was drafted from the data."))
            elif action == "refresh":
                self.report = svc.refresh_figures(user, self.report)
                messages.success(request, _("The figures were counted again."))
            elif action == "regenerate":
                self.report = svc.regenerate_text(user, self.report)
                messages.success(request, _("The text was written again from the figures."))
            else:
                self.report = svc.edit_text(user, self.report, form.cleaned_data.get("text", ""))
                if action == "send":
                    self.report = svc.send_report(user, self.report)
                    recipient = self.report.recipient.name
                    messages.success(
                        request, _("The report was sent to %(unit)s.") % {"unit": recipient}
                    )
                else:
                    messages.success(request, _("The text was saved."))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form=form, status=400)
        return redirect("awards:results-own", code=code)


class ReportLookupMixin(PageMixin):
    """One report: 404 outside the subtree, 403 for whoever may not read it."""

    permission_required = "awards.read_results_report"
    permission_denied_message = gettext_lazy(
        "Only the unit and, once it is sent, the level above read this report."
    )

    def get_permission_object(self):
        return self.report

    def prepare(self) -> None:
        self.report = get_object_or_404(
            ResultsReport.objects.visible_to(self.request.user).select_related(
                "campaign", "unit", "recipient", "level", "sent_by"
            ),
            public_id=self.kwargs["public_id"],
        )


class ReportDetailView(ReportLookupMixin, View):
    def render_page(self, reason_form=None, status=200):
        report = self.report
        can_reopen = report.sent_at is not None and can_reopen_results_report(
            self.request.user, report
        )
        return render(
            self.request,
            "awards/results/detail.html",
            {
                "campaign": report.campaign,
                "report": report,
                "reason_form": reason_form or (ReasonForm() if can_reopen else None),
                **figures_context(report.figures),
            },
            status=status,
        )

    def get(self, request, public_id):
        return self.render_page()


class ReopenView(ReportLookupMixin, View):
    http_method_names = ["post"]
    permission_required = "awards.reopen_results_report"
    permission_denied_message = gettext_lazy(
        "Only the staff of the receiving unit reopen a report of results."
    )

    def post(self, request, public_id):
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            svc.reopen_report(request.user, self.report, form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            add_service_errors(form, error)
            return ReportDetailView.render_page(self, reason_form=form, status=400)
        messages.success(
            request, _("The report was sent back to %(unit)s.") % {"unit": self.report.unit.name}
        )
        return redirect("awards:results-detail", public_id=public_id)


class OverviewMixin(CampaignUnitMixin):
    permission_required = "awards.read_decisions"
    permission_denied_message = gettext_lazy(
        "Only the staff, standing members and admins of the receiving unit read the reports."
    )


class OverviewView(OverviewMixin, View):
    """Every unit whose report comes here, its state, and the consolidated table."""

    def get(self, request, code):
        table = svc.overview(self.campaign, self.unit)
        return render(
            request,
            "awards/results/overview.html",
            {"campaign": self.campaign, "unit": self.unit, **table},
        )


class OverviewExcelView(OverviewMixin, View):
    def get(self, request, code):
        table = svc.overview(self.campaign, self.unit)
        content = overview_workbook(self.campaign, self.unit, table)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        stem = slugify(f"tong-hop-ket-qua-{self.campaign.code}") or "tong-hop-ket-qua"
        response["Content-Disposition"] = content_disposition(f"{stem}.xlsx", inline=False)
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("c/<slug:code>/bao-cao-ket-qua/", OwnReportView.as_view(), name="results-own"),
    path(
        "c/<slug:code>/bao-cao-ket-qua/tong-hop/",
        OverviewView.as_view(),
        name="results-overview",
    ),
    path(
        "c/<slug:code>/bao-cao-ket-qua/tong-hop.xlsx",
        OverviewExcelView.as_view(),
        name="results-overview-xlsx",
    ),
    path("bao-cao-ket-qua/<uuid:public_id>/", ReportDetailView.as_view(), name="results-detail"),
    path(
        "bao-cao-ket-qua/<uuid:public_id>/mo-lai/",
        ReopenView.as_view(),
        name="results-reopen",
    ),
]
