"""Appraisal: the queue of a level's staff and the buttons of the nomination page that act
at a level (appraise, return for revision, reject, pass on)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from core import generations

from .. import exports, lists, page_cache, selectors, services
from ..completeness import lacks_a_required_document, missing_by_nomination
from ..eligibility import annotate_eligibility
from ..filters import ELIGIBLE_YES, QueueFilter
from ..forms import AppraiseForm, BulkAppraiseForm
from ..models import Nomination
from .common import CountedPaginator, PageMixin, RowUrls, campaign_or_404, own_unit
from .detail import NominationActionView, NominationLookupMixin, available_actions, safe_next

# --- buttons of the level's staff --------------------------------------------------------------


class AppraiseView(NominationActionView):
    def get_form(self):
        checklist = selectors.campaign_checklist(self.nomination.category)
        return AppraiseForm(self.request.POST, checklist=checklist)

    def act(self, form):
        return services.appraise(
            self.request.user,
            self.nomination,
            verified=form.verified(),
            note=(form.cleaned_data.get("note") or "").strip(),
        )

    def success_message(self, nomination):
        return _("Appraised: %(nominee)s.") % {"nominee": nomination.nominee_name}


class ReturnView(NominationActionView):
    def act(self, form):
        return services.return_for_revision(
            self.request.user, self.nomination, form.cleaned_data.get("reason") or ""
        )

    def success_message(self, nomination):
        return _("Returned to %(unit)s for revision.") % {"unit": nomination.filing_unit.name}


class RejectView(NominationActionView):
    def act(self, form):
        return services.reject(
            self.request.user, self.nomination, form.cleaned_data.get("reason") or ""
        )

    def success_message(self, nomination):
        return _("Not accepted: %(nominee)s.") % {"nominee": nomination.nominee_name}


class PassOnView(NominationActionView):
    def act(self, form):
        return services.pass_on(self.request.user, self.nomination)

    def success_message(self, nomination):
        return _("Passed on: the nomination now waits at %(unit)s.") % {
            "unit": nomination.reviewing_unit.name
        }


class ReasonFormView(NominationLookupMixin, TemplateView):
    """A queue row's form for returning or refusing with a reason, fetched (htmx) when the row
    asks for it: written into each of the 50 rows, it was a third of the queue's rendering.
    Without JavaScript the row links to the same buttons on the nomination page."""

    template_name = "nominations/partials/reason_form.html"

    def get_context_data(self, **kwargs):
        actions = available_actions(self.request.user, self.nomination)
        if not (actions["return"] or actions["reject"]):
            raise PermissionDenied
        back = reverse("nominations:queue", args=[self.nomination.campaign.code])
        return super().get_context_data(
            nomination=self.nomination,
            actions=actions,
            next=safe_next(self.request, back),
            **kwargs,
        )


# --- the queue ---------------------------------------------------------------------------------


class QueueView(PageMixin, TemplateView):
    """What waits at the user's unit in one campaign, with its eligibility today.

    A page is read in two steps: the ids of its rows (the scoped, filtered and ordered queue,
    which the index in the queue's order answers), then those rows joined to their nominee and
    filing unit only; categories and levels come from the campaign. One query joining all seven
    tables spent 6–9 ms planning, and at a district it joined the 3,000 rows waiting before
    cutting the page. The eligibility of the rows shown takes three more queries
    (``annotate_eligibility``); with the "eligible" filter every filtered row is loaded and
    checked first, and the page is cut from the result.
    """

    template_name = "nominations/queue.html"
    paginate_by = 50
    permission_required = "nominations.review_at_level"

    def prepare(self):
        # The levels only when the listing is computed (``rows``), not when it comes cached.
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"], levels=False)
        self.unit = own_unit(self.request.user)

    def queue(self):
        """What waits for the unit (``lists.waiting_at``): the dashboard counts the same."""
        return lists.waiting_at(
            Nomination.objects.visible_to(self.request.user).filter(campaign=self.campaign),
            self.unit,
        ).order_by("submitted_at", "id")

    def rows(self, queryset, ids: list[int] | None = None) -> list[Nomination]:
        """The nominations of ``queryset`` with what a row shows, in its order (in the order
        of ``ids`` when given), each with its missing documents (two queries in all)."""
        rows = list(queryset.select_related("person__unit", "collective", "filing_unit"))
        if ids is not None:
            position = {pk: i for i, pk in enumerate(ids)}
            rows.sort(key=lambda n: position[n.pk])
        levels = {level.pk: level for level in self.campaign.levels.all()}
        missing = missing_by_nomination(rows)
        for nomination in rows:
            nomination.category = self.categories[nomination.category_id]
            nomination.level = levels.get(nomination.level_id)
            nomination.missing_documents = missing.get(nomination.pk, [])
        return rows

    def filterset(self) -> QueueFilter:
        self.categories = {c.pk: c for c in self.campaign.categories.all()}
        return QueueFilter(
            self.request.GET or None,
            queryset=self.queue(),
            request=self.request,
            categories=self.categories.values(),
            unit=self.unit,
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        """The filtered queue, every row, as a spreadsheet."""
        filterset = self.filterset()
        rows = self.rows(filterset.qs)
        annotate_eligibility(rows, self.campaign, timezone.localdate(), failing_only=True)
        eligible = filterset.eligible_choice()
        if eligible:
            rows = [n for n in rows if n.is_eligible == (eligible == ELIGIBLE_YES)]
        return exports.xlsx_response(
            exports.queue_workbook(self.campaign, self.unit, rows),
            f"cho-xu-ly-{self.campaign.code}.xlsx",
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaign=self.campaign,
            unit=self.unit,
            listing=self.listing(),
            bulk_form=BulkAppraiseForm(queryset=Nomination.objects.none()),
            **kwargs,
        )

    def listing(self) -> dict:
        """The filters, counts and rows, kept in the cache under the generation that every
        write to what they show moves on (``page_cache``); the bulk form around them, with the
        session's CSRF token, is rendered afresh."""
        user, request = self.request.user, self.request
        key = page_cache.queue_key(user, self.campaign, request)
        listing = generations.cached(
            page_cache.QUEUE_GENERATION, key, self.render_listing, page_cache.QUEUE_SECONDS
        )
        return {
            "summary": mark_safe(listing["summary"]),  # noqa: S308  (rendered by render_listing)
            "table": mark_safe(listing["table"]),  # noqa: S308
            "has_rows": listing["has_rows"],
        }

    def render_listing(self) -> dict:
        context = self.listing_context()
        # Without the context processors: nothing in these parts depends on the session.
        context["request"] = self.request
        return {
            "summary": get_template("nominations/partials/queue_summary.html").render(context),
            "table": get_template("nominations/partials/queue_table.html").render(context),
            "has_rows": bool(context["nominations"]),
        }

    def listing_context(self) -> dict:
        filterset = self.filterset()
        today = timezone.localdate()
        eligible = filterset.eligible_choice()
        if eligible:
            rows = self.rows(filterset.qs)
            annotate_eligibility(rows, self.campaign, today, failing_only=True)
            rows = [n for n in rows if n.is_eligible == (eligible == ELIGIBLE_YES)]
            paginator = Paginator(rows, self.paginate_by)
            page = paginator.get_page(self.request.GET.get("page"))
            page_rows = list(page.object_list)
        else:
            paginator = CountedPaginator(
                filterset.qs.values_list("pk", flat=True), self.paginate_by, count=filterset.count()
            )
            page = paginator.get_page(self.request.GET.get("page"))
            ids = list(page.object_list)
            page_rows = self.rows(self.queue().filter(pk__in=ids), ids) if ids else []
            annotate_eligibility(page_rows, self.campaign, today, failing_only=True)
        incomplete = filterset.qs.filter(lacks_a_required_document()).count()
        urls = RowUrls("detail", "reason-form")
        # The words of each row written here rather than by a translation tag and a date filter
        # in each of 50 rows (the same text: the tag's msgid, the filter's format).
        select = _("Select %(nominee)s")
        for nomination in page_rows:
            nomination.actions = available_actions(self.request.user, nomination)
            nomination.urls = urls.of(nomination)
            nomination.select_label = select % {"nominee": nomination.nominee_name}
            submitted = nomination.submitted_at
            nomination.submitted_text = (
                timezone.localtime(submitted).strftime("%H:%M:%S %d/%m/%Y") if submitted else "—"
            )
        return {
            "campaign": self.campaign,
            "filter": filterset,
            "nominations": page_rows,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "incomplete": incomplete,
            "sort": filterset.sort_choice(),
            "back_query": urlencode({"next": self.request.get_full_path()}),
            "today": today,
            "listed_at": timezone.now(),
        }

    def post(self, request, *args, **kwargs):
        """Appraise every selected row, or return each for revision with the one reason given;
        row by row (``services.appraise_many``, ``services.return_many``), saying which
        failed and why."""
        back = request.get_full_path()
        form = BulkAppraiseForm(request.POST, queryset=self.queue())
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(back)
        chosen = form.cleaned_data["nominations"].select_related("category")
        returning = request.POST.get("action") == "return"
        try:
            if returning:
                result = services.return_many(request.user, chosen, form.cleaned_data["reason"])
            else:
                result = services.appraise_many(
                    request.user, chosen, verify_all=form.cleaned_data["verified"]
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        if result.done:
            names = ", ".join(n.nominee_name for n in result.done)
            n = len(result.done)
            if returning:
                text = ngettext(
                    "%(n)s nomination returned for revision: %(names)s.",
                    "%(n)s nominations returned for revision: %(names)s.",
                    n,
                )
            else:
                text = ngettext(
                    "%(n)s nomination appraised: %(names)s.",
                    "%(n)s nominations appraised: %(names)s.",
                    n,
                )
            messages.success(request, text % {"n": n, "names": names})
        refused = (
            _("%(nominee)s was not returned: %(reason)s")
            if returning
            else _("%(nominee)s was not appraised: %(reason)s")
        )
        for nomination, reason in result.failed:
            messages.error(
                request, refused % {"nominee": nomination.nominee_name, "reason": reason}
            )
        return redirect(back)


urlpatterns = [
    path("c/<slug:code>/tham-dinh/", QueueView.as_view(), name="queue"),
    path("<uuid:public_id>/tham-dinh/", AppraiseView.as_view(), name="appraise"),
    path("<uuid:public_id>/ly-do/", ReasonFormView.as_view(), name="reason-form"),
    path("<uuid:public_id>/tra-lai/", ReturnView.as_view(), name="return"),
    path("<uuid:public_id>/khong-de-nghi/", RejectView.as_view(), name="reject"),
    path("<uuid:public_id>/chuyen-tiep/", PassOnView.as_view(), name="pass-on"),
]
