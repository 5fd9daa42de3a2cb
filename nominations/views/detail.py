"""The nomination page, and the plumbing its action buttons share with the filing and appraisal
views: every nomination is looked up through ``visible_to(user)`` (outside the subtree: 404,
for a GET and a POST alike), and every button posts to a view that calls one service."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from campaigns.models import Campaign
from committees.models import Unit

from .. import selectors, workflow
from ..deadlines import Desk
from ..eligibility import annotate_eligibility
from ..forms import AppraiseForm, ReasonForm
from ..models import Nomination, Outcome
from ..models import NominationState as S
from .common import visible_nominations
from .evidence_section import evidence_section

# --- shared plumbing ---------------------------------------------------------------------------


def may_start_filing(user, campaign: Campaign, unit: Unit, chain=None, desk=None) -> bool:
    """Whether to offer "new nomination" (not after the first level's deadline, nor after the
    deadline that binds the unit's nominations): the services check everything again on
    saving."""
    desk = desk or Desk.of(campaign, unit, chain)
    return rules.has_perm("nominations.file_now", user, desk)


def safe_next(request, fallback: str) -> str:
    """The ``next`` address of the request (posted, or in the query string of a GET), when it
    stays on this site; ``fallback`` otherwise."""
    data = request.POST if request.method == "POST" else request.GET
    target = data.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NominationLookupMixin(LoginRequiredMixin):
    """Finds ``self.nomination`` by its public id among the nominations the user may see,
    before anything else (even before the HTTP method is checked): outside the subtree it does
    not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.nomination = get_object_or_404(
            visible_nominations(request.user), public_id=kwargs["public_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("nominations:detail", args=[self.nomination.public_id])


class NominationActionView(NominationLookupMixin, View):
    """A button on the nomination page: parse the form, call one service, go back.

    A ``ValidationError`` goes back as an error message; ``PermissionDenied`` is a 403.
    """

    http_method_names = ["post"]
    form_class = ReasonForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def act(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def success_message(self, nomination: Nomination) -> str:  # pragma: no cover
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        back = safe_next(request, self.detail_url())
        form = self.get_form()
        form.is_valid()  # every field is optional: the service says what is missing
        try:
            nomination = self.act(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, self.success_message(nomination))
        return redirect(back)


# --- the nomination page -----------------------------------------------------------------------


def checklist_rows(nomination: Nomination) -> list[dict]:
    confirmed = nomination.checklist_confirmed or []
    verified = nomination.checklist_verified or []
    return [
        {
            "text": text,
            "confirmed": i < len(confirmed) and bool(confirmed[i]),
            "verified": i < len(verified) and bool(verified[i]),
        }
        for i, text in enumerate(selectors.campaign_checklist(nomination.category))
    ]


#: the buttons of the nomination page, each named after the action of ``workflow.ACTIONS``
BUTTONS = ("edit", "submit", "withdraw", "appraise", "return", "reject", "pass_on")


def available_actions(user, nomination: Nomination) -> dict[str, bool]:
    """The buttons of the nomination page, from the declaration of who may take which action
    in which state; the services check every rule again when a button is used."""
    actions = {name: workflow.may(user, nomination, name) for name in BUTTONS}
    if actions["edit"] or actions["submit"]:
        # After the deadline there is nothing to file: the buttons go (``submit`` refuses).
        on_time = rules.has_perm("nominations.file_before_deadline", user, nomination)
        actions["edit"] = actions["edit"] and on_time
        actions["submit"] = actions["submit"] and on_time
    if actions["withdraw"] and nomination.state != S.DRAFT:
        # Only while it waits at its first level: nothing has been forwarded yet.
        actions["withdraw"] = not nomination.decisions.filter(outcome=Outcome.FORWARD).exists()
    return actions


class NominationDetailView(NominationLookupMixin, TemplateView):
    template_name = "nominations/nomination_detail.html"

    def get_context_data(self, **kwargs):
        nomination = self.nomination
        today = timezone.localdate()
        annotate_eligibility([nomination], nomination.campaign, today)
        actions = available_actions(self.request.user, nomination)
        checklist = selectors.campaign_checklist(nomination.category)
        back_url, back_label = self.back_link()
        return super().get_context_data(
            back_url=back_url,
            back_label=back_label,
            nomination=nomination,
            campaign=nomination.campaign,
            today=today,
            checklist=checklist_rows(nomination),
            evidence=evidence_section(self.request.user, nomination),
            events=nomination.events.select_related("actor", "actor_unit", "level", "unit"),
            actions=actions,
            any_action=any(actions.values()),
            show_reason=bool(nomination.state_reason)
            and nomination.state in (S.RETURNED, S.REJECTED, S.WITHDRAWN),
            withdraw_form=ReasonForm(auto_id="withdraw_%s"),
            appraise_form=AppraiseForm(checklist=checklist, auto_id="appraise_%s"),
            return_form=ReasonForm(auto_id="return_%s", required=True),
            reject_form=ReasonForm(auto_id="reject_%s", required=True),
            **kwargs,
        )

    def back_link(self) -> tuple[str, str]:
        """The list this page was most likely opened from: the unit's page or the queue."""
        user, nomination = self.request.user, self.nomination
        code = nomination.campaign.code
        if user.unit_id == nomination.filing_unit_id:
            return (
                reverse("nominations:unit-nominations", args=[code]),
                _("Nominations of your unit"),
            )
        if rules.has_perm("nominations.review_at_level", user):
            return reverse("nominations:queue", args=[code]), _("Appraisal queue")
        return "", ""


urlpatterns = [
    path("<uuid:public_id>/", NominationDetailView.as_view(), name="detail"),
]
