"""Lists across a campaign: the final list at the top unit (with its Excel export), what a
level passed on or decided, and the progress of the units under a reviewing unit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from committees.models import Unit
from core.reads import ReadKind, note_read

from .. import exports, lists, progress
from ..filters import HandledFilter, LevelListFilter
from ..models import Nomination
from .common import CountedPaginator, PageMixin, RowUrls, campaign_or_404, level_of_user, own_unit


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
        urls = RowUrls("detail")
        for nomination in rows:
            nomination.urls = urls.of(nomination)
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


class LevelListView(PageMixin, View):
    """A list of one campaign's nominations for the staff of a reviewing unit: filtered (the
    unit select drills down the tree), sorted by column, a page at a time, and
    ``?format=xlsx`` as a spreadsheet of every filtered row.

    A page is read like the queue's: the ids of its rows, then those rows with their nominee,
    filing unit and present place; categories and levels come from the campaign."""

    paginate_by = 50
    permission_required = "nominations.review_at_level"
    filter_class = LevelListFilter
    filename = ""

    def prepare(self):
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"])
        self.unit = own_unit(self.request.user)

    def nominations(self):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def workbook(self, rows) -> bytes:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def filterset(self):
        self.categories = {c.pk: c for c in self.campaign.categories.all()}
        return self.filter_class(
            self.request.GET or None,
            queryset=self.nominations(),
            request=self.request,
            categories=self.categories.values(),
            unit=self.unit,
        )

    def rows(self, queryset, ids: list[int] | None = None) -> list[Nomination]:
        rows = list(
            queryset.select_related("person__unit", "collective", "filing_unit", "reviewing_unit")
        )
        if ids is not None:
            position = {pk: i for i, pk in enumerate(ids)}
            rows.sort(key=lambda n: position[n.pk])
        levels = {level.pk: level for level in self.campaign.levels.all()}
        for nomination in rows:
            nomination.category = self.categories[nomination.category_id]
            nomination.level = levels.get(nomination.level_id)
            nomination.now_at = now_at(nomination)
            nomination.final_outcome = final_outcome(nomination)
            outcome = getattr(nomination, "our_outcome", None)
            nomination.our_outcome_label = lists.outcome_label(outcome) if outcome else ""
        return rows

    def get(self, request, *args, **kwargs):
        filterset = self.filterset()
        # A filter refused (a unit outside the subtree, a date that is not one) lists nothing,
        # with the reason at its field, rather than everything.
        valid = not filterset.is_bound or filterset.is_valid()
        chosen = filterset.qs if valid else filterset.qs.none()
        if request.GET.get("format") == "xlsx":
            return exports.xlsx_response(
                self.workbook(self.rows(chosen)), f"{self.filename}-{self.campaign.code}.xlsx"
            )
        paginator = CountedPaginator(
            chosen.values_list("pk", flat=True),
            self.paginate_by,
            count=filterset.count() if valid else 0,
        )
        page = paginator.get_page(request.GET.get("page"))
        ids = list(page.object_list)
        rows = self.rows(self.nominations().filter(pk__in=ids), ids) if ids else []
        urls = RowUrls("detail")
        for nomination in rows:
            nomination.urls = urls.of(nomination)
        return render(
            request,
            self.template_name,
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "filter": filterset,
                "nominations": rows,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
                "sort": filterset.sort_choice(),
            },
        )


class HandledView(LevelListView):
    """ "Passed on / decided by us": every nomination the staff's unit decided at its level
    (``lists.handled_by``), with what it decided and when, where the nomination is now and
    how it ended."""

    template_name = "nominations/lists/handled.html"
    filter_class = HandledFilter
    filename = "da-xu-ly"

    def nominations(self):
        return lists.handled_by(
            Nomination.objects.visible_to(self.request.user).filter(campaign=self.campaign),
            self.unit,
        ).order_by("-our_decided_at", "-id")

    def workbook(self, rows) -> bytes:
        return exports.handled_workbook(self.campaign, self.unit, rows)


class SubtreeView(LevelListView):
    """Every nomination submitted from the staff's subtree, wherever it is now: where the
    progress page's counts lead (by branch and state)."""

    template_name = "nominations/lists/subtree.html"
    filename = "ho-so-trong-pham-vi"

    def nominations(self):
        return progress.submitted_in(self.campaign, self.request.user, self.unit).order_by(
            "filing_unit__path", "submitted_at", "id"
        )

    def workbook(self, rows) -> bytes:
        return exports.subtree_workbook(self.campaign, self.unit, rows)


def now_at(nomination: Nomination) -> str:
    """Where the nomination stands now: the unit it waits at, or, once it is decided for good,
    the unit that decided it."""
    unit = nomination.reviewing_unit or nomination.filing_unit
    return unit.name


def final_outcome(nomination: Nomination) -> str:
    """How it ended (honoured at which level, not accepted, withdrawn), or "in progress"."""
    if nomination.state == progress.S.HONORED:
        level = nomination.level
        return _("Honoured at %(level)s") % {"level": level.name if level else ""}
    if nomination.state in (progress.S.REJECTED, progress.S.WITHDRAWN):
        return str(nomination.get_state_display())
    return _("In progress")


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
        labels = [progress.S(state).label for state in progress.STATE_COLUMNS]
        deadline_passed = timezone.now() >= self.deadline
        if request.GET.get("format") == "xlsx":
            note = (
                _("the deadline passed at %(moment)s")
                if deadline_passed
                else _("deadline: before %(moment)s")
            ) % {"moment": timezone.localtime(self.deadline).strftime("%H:%M:%S %d/%m/%Y")}
            return exports.xlsx_response(
                exports.progress_workbook(self.campaign, user.unit, rows, labels, note),
                f"tien-do-{self.campaign.code}.xlsx",
            )
        # Each count opens the list of the nominations it counts: the branch's, in that state
        # (the unit's own row counts only its own, which the unit filter cannot single out).
        listed = reverse("nominations:subtree", args=[self.campaign.code])
        for row in rows:
            row.cells = [
                (
                    count,
                    f"{listed}?{urlencode({'filing_unit': row.unit.pk, 'state': state})}"
                    if count and not row.is_own
                    else "",
                )
                for state, count in zip(progress.STATE_COLUMNS, row.state_counts, strict=True)
            ]
        return render(
            request,
            self.template_name,
            {
                "campaign": self.campaign,
                "level": self.level,
                "unit": user.unit,
                "rows": rows,
                "state_columns": labels,
                "deadline": self.deadline,
                "deadline_passed": deadline_passed,
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
    path("c/<slug:code>/da-xu-ly/", HandledView.as_view(), name="handled"),
    path("c/<slug:code>/trong-pham-vi/", SubtreeView.as_view(), name="subtree"),
    path("c/<slug:code>/danh-sach/", FinalListView.as_view(), name="final-list"),
    path("c/<slug:code>/tien-do/", ProgressView.as_view(), name="progress"),
    path(
        "c/<slug:code>/tien-do/<slug:unit>/chua-de-nghi/",
        SilentUnitsView.as_view(),
        name="progress-silent",
    ),
]
