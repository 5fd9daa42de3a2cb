"""Lists across a campaign: the final list at the top unit (with its Excel export) and the
progress of the units under a reviewing unit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import exports, progress
from ..policies import can_record_votes
from .common import PageMixin, campaign_or_404, level_of_user


class FinalListView(PageMixin, View):
    """What reached the top level, for the top unit's staff and standing committee.

    ``?format=xlsx`` returns the same rows as a spreadsheet.
    """

    template_name = "nominations/lists/final_list.html"
    paginate_by = 50

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        if not can_record_votes(user, self.campaign.organiser):
            raise PermissionDenied(_("The final list is kept by the organising unit."))

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        if request.GET.get("format") == "xlsx":
            rows = progress.final_list(self.campaign, request.user, today)
            response = HttpResponse(exports.final_list_workbook(self.campaign, rows),
                                    content_type=exports.XLSX_CONTENT_TYPE)
            response["Content-Disposition"] = (
                f'attachment; filename="danh-sach-{self.campaign.code}.xlsx"'
            )
            return response
        # The totals count every row; the table shows a page of them, built in full (a city's
        # top level receives hundreds, each with its eligibility: the whole table was 1.5 MB
        # of HTML, and building every row a second).
        final = progress.FinalList(self.campaign, request.user, today)
        page = Paginator(final.ids, self.paginate_by).get_page(request.GET.get("page"))
        rows = final.rows(list(page.object_list))
        return render(request, self.template_name, {
            "campaign": self.campaign, "top_level": final.top,
            "total": len(final), "rows": rows, "page_rows": rows,
            "page_obj": page, "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "eligible": final.eligible, "complete": final.complete,
        })


class ProgressView(PageMixin, View):
    """For the staff of a reviewing unit: how far each unit under it has got."""

    template_name = "nominations/lists/progress.html"

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        if not user.is_level_staff:
            raise PermissionDenied(_("The progress page is for the staff of a reviewing level."))
        self.level = level_of_user(user, self.campaign)

    def get(self, request, *args, **kwargs):
        user = request.user
        rows = progress.unit_progress(self.campaign, user, user.unit)
        deadline = progress.filing_deadline(self.campaign)
        return render(request, self.template_name, {
            "campaign": self.campaign, "level": self.level, "unit": user.unit, "rows": rows,
            "state_columns": [progress.S(state).label for state in progress.STATE_COLUMNS],
            "deadline": deadline, "deadline_passed": timezone.now() >= deadline,
            "silent": sum(1 for row in rows if row.filed_nothing),
        })


urlpatterns = [
    path("c/<slug:code>/danh-sach/", FinalListView.as_view(), name="final-list"),
    path("c/<slug:code>/tien-do/", ProgressView.as_view(), name="progress"),
]
