"""Lists across a campaign: the final list at the top unit (with its Excel export) and the
progress of the units under a reviewing unit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from committees.models import Unit
from core.reads import ReadKind, note_read

from .. import exports, progress
from .common import PageMixin, campaign_or_404, level_of_user


class FinalListView(PageMixin, View):
    """What reached the top level, for the top unit's staff and standing committee.

    ``?format=xlsx`` returns the same rows as a spreadsheet.
    """

    template_name = "nominations/lists/final_list.html"
    paginate_by = 50
    permission_required = "nominations.keep_final_list"
    permission_denied_message = gettext_lazy("The final list is kept by the organising unit.")

    def prepare(self):
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"])

    def get_permission_object(self):
        return self.campaign

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        if request.GET.get("format") == "xlsx":
            rows = progress.final_list(self.campaign, request.user, today)
            response = HttpResponse(
                exports.final_list_workbook(self.campaign, rows),
                content_type=exports.XLSX_CONTENT_TYPE,
            )
            response["Content-Disposition"] = (
                f'attachment; filename="danh-sach-{self.campaign.code}.xlsx"'
            )
            note_read(
                ReadKind.EXPORT,
                f"danh-sach-{self.campaign.code}.xlsx",
                unit_id=request.user.unit_id,
                object_id=self.campaign.code,
            )
            return response
        # The totals count every row; the table shows a page of them, built in full (a city's
        # top level receives hundreds, each with its eligibility: the whole table was 1.5 MB
        # of HTML, and building every row a second).
        final = progress.FinalList(self.campaign, request.user, today)
        page = Paginator(final.ids, self.paginate_by).get_page(request.GET.get("page"))
        rows = final.rows(list(page.object_list))
        return render(
            request,
            self.template_name,
            {
                "campaign": self.campaign,
                "top_level": final.top,
                "total": len(final),
                "rows": rows,
                "page_rows": rows,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "eligible": final.eligible,
                "complete": final.complete,
            },
        )


class ProgressView(PageMixin, View):
    """For the staff of a reviewing unit: how far each unit under it has got."""

    template_name = "nominations/lists/progress.html"
    permission_required = "nominations.review_at_level"
    permission_denied_message = gettext_lazy(
        "The progress page is for the staff of a reviewing level."
    )

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.level = level_of_user(user, self.campaign)
        self.deadline = progress.filing_deadline(self.campaign)

    def get(self, request, *args, **kwargs):
        user = request.user
        rows = progress.unit_progress(self.campaign, user, user.unit)
        return render(
            request,
            self.template_name,
            {
                "campaign": self.campaign,
                "level": self.level,
                "unit": user.unit,
                "rows": rows,
                "state_columns": [progress.S(state).label for state in progress.STATE_COLUMNS],
                "deadline": self.deadline,
                "deadline_passed": timezone.now() >= self.deadline,
                "silent": sum(1 for row in rows if row.filed_nothing),
            },
        )


class SilentUnitsView(ProgressView):
    """The filing units of one branch that filed nothing: fetched by the progress page when its
    row is opened (htmx), or a page of its own without JavaScript. At the top of a city the
    branches hold thousands of them."""

    template_name = "nominations/lists/silent_units.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        branch = get_object_or_404(
            Unit.objects.visible_to(user).within(user.unit).exclude(pk=user.unit_id),
            code=self.kwargs["unit"],
        )
        template = (
            "nominations/lists/partials/silent_units.html" if request.htmx else self.template_name
        )
        return render(
            request,
            template,
            {
                "campaign": self.campaign,
                "level": self.level,
                "unit": user.unit,
                "branch": branch,
                "units": progress.silent_units(self.campaign, user, branch),
                "deadline_passed": timezone.now() >= self.deadline,
            },
        )


urlpatterns = [
    path("c/<slug:code>/danh-sach/", FinalListView.as_view(), name="final-list"),
    path("c/<slug:code>/tien-do/", ProgressView.as_view(), name="progress"),
    path(
        "c/<slug:code>/tien-do/<slug:unit>/chua-de-nghi/",
        SilentUnitsView.as_view(),
        name="progress-silent",
    ),
]
