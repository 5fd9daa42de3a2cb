"""Pages of the decisions (mounted under ``khen-thuong/`` by ``awards/urls.py``): a unit's
decisions in a campaign, drafting from the honored, the draft's edit page, issuing, the
decision with its annex and history, annulling.

Thin: each page finds its object in the user's scope (another subtree is a 404), asks its
declared permission (a wrong role is a 403), and each POST calls one service, whose refusals
are shown at their fields.
"""

from __future__ import annotations

import contextlib

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from nominations.forms import add_service_errors
from nominations.models import NominationEvent
from nominations.views.common import PageMixin, campaign_or_404, own_unit

from .. import selectors, services
from ..forms import AnnulForm, DraftForm, IssueForm
from ..models import Decision, NumberRegister

REFUSED = gettext_lazy("Only the staff of the unit that honored prepare its decisions.")


def document_links(decision: Decision) -> dict[str, str]:
    """The decision as PDF and Word, where the documents' pages exist (``dossiers`` builds them;
    without them the page still renders, with no links)."""
    links = {}
    for kind in ("pdf", "docx"):
        with contextlib.suppress(NoReverseMatch):
            links[kind] = reverse(f"documents:decision-{kind}", args=[decision.public_id])
    return links


class UnitDecisionsMixin(PageMixin):
    """A page about the user's own unit in a campaign."""

    def prepare(self):
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"])
        self.unit = own_unit(self.request.user)

    def get_permission_object(self):
        return self.unit


class DecisionListView(UnitDecisionsMixin, View):
    """ "Quyết định": the unit's drafts and issued decisions, and how many honored nominations
    await one at each level it honors."""

    permission_required = "awards.read_decisions"
    permission_denied_message = gettext_lazy(
        "The decisions are read by the staff and standing committee of the unit."
    )

    def get(self, request, *args, **kwargs):
        decisions = list(selectors.decisions_of(self.campaign, self.unit))
        waiting = [
            (level, selectors.awaiting_decision(self.campaign, self.unit, level).count())
            for level in selectors.honoring_levels(self.campaign, self.unit)
        ]
        return render(
            request,
            "awards/decision_list.html",
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "decisions": decisions,
                "waiting": waiting,
                "can_prepare": rules.has_perm("awards.prepare_decisions", request.user, self.unit),
            },
        )


class DraftView(UnitDecisionsMixin, View):
    """POST: a draft from the nominations honored at a level and awaiting a decision."""

    permission_required = "awards.prepare_decisions"
    permission_denied_message = REFUSED

    def post(self, request, *args, **kwargs):
        level_id = request.POST.get("level", "")
        level = get_object_or_404(
            self.campaign.levels, pk=int(level_id) if level_id.isdigit() else 0
        )
        try:
            decision = services.draft_decision(request.user, self.campaign, self.unit, level)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("awards:decision-list", code=self.campaign.code)
        messages.success(request, _("The draft decision is ready: check its wording."))
        return redirect("awards:decision-edit", public_id=decision.public_id)


class DecisionMixin(PageMixin):
    """A page about one decision, found in the user's scope."""

    def prepare(self):
        self.decision = get_object_or_404(
            Decision.objects.visible_to(self.request.user).select_related(
                "campaign",
                "level",
                "unit",
                "annuls__unit",
                "annulled_by__unit",
                "issued_by",
                "created_by",
            ),
            public_id=self.kwargs["public_id"],
        )
        self.campaign = self.decision.campaign

    def get_permission_object(self):
        return self.decision.unit

    def context(self, **extra) -> dict:
        return {"decision": self.decision, "campaign": self.campaign, **extra}

    def back(self):
        return redirect("awards:decision-detail", public_id=self.decision.public_id)


class DecisionDetailView(DecisionMixin, View):
    permission_required = "awards.read_decisions"
    permission_denied_message = gettext_lazy(
        "The decisions are read by the staff and standing committee of the unit."
    )

    def get(self, request, *args, **kwargs):
        decision = self.decision
        entries = list(decision.entries.select_related("nomination").order_by("order"))
        history = (
            NominationEvent.objects.filter(nomination__decision_entries__decision=decision)
            .filter(from_state="honored", to_state="honored")
            .select_related("nomination__person", "nomination__collective", "actor")
            .order_by("-at", "-id")
        )
        return render(
            request,
            "awards/decision_detail.html",
            self.context(
                entries=entries,
                history=list(history[:200]),
                documents=document_links(decision) if decision.is_issued else {},
                can_prepare=rules.has_perm("awards.prepare_decisions", request.user, decision.unit),
            ),
        )


class PrepareMixin(DecisionMixin):
    permission_required = "awards.prepare_decisions"
    permission_denied_message = REFUSED


class DraftEditView(PrepareMixin, View):
    """The draft's wording and annex; an issued decision sends the clerk to its page."""

    def entries(self):
        return list(self.decision.entries.order_by("order"))

    def render_form(self, form):
        return render(
            self.request,
            "awards/decision_edit.html",
            self.context(form=form, entries=self.entries()),
        )

    def get(self, request, *args, **kwargs):
        if self.decision.is_issued:
            messages.info(request, _("This decision is issued: annul it with a new one."))
            return self.back()
        return self.render_form(DraftForm(decision=self.decision, entries=self.entries()))

    def post(self, request, *args, **kwargs):
        if self.decision.is_issued:
            return self.back()
        form = DraftForm(request.POST, decision=self.decision, entries=self.entries())
        if not form.is_valid():
            return self.render_form(form)
        try:
            services.update_draft(request.user, self.decision, form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(request, _("The draft is saved."))
        return self.back()


class DraftDeleteView(PrepareMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.delete_draft(request.user, self.decision)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back()
        messages.success(request, _("The draft is deleted."))
        return redirect("awards:decision-list", code=self.campaign.code)


def next_number(decision: Decision, year: int) -> int:
    """The number the register would give now (a hint on the form; the service decides)."""
    register = NumberRegister.objects.filter(
        unit=decision.unit, type_code=decision.type_code, year=year
    ).first()
    return (register.last_number if register else 0) + 1


class IssueView(PrepareMixin, View):
    form_class = IssueForm
    template_name = "awards/decision_issue.html"

    def render_form(self, form):
        year = timezone.localdate().year
        return render(
            self.request,
            self.template_name,
            self.context(form=form, next_number=next_number(self.decision, year), year=year),
        )

    def get(self, request, *args, **kwargs):
        if self.decision.is_issued:
            messages.info(request, _("This decision is already issued."))
            return self.back()
        return self.render_form(self.form_class(initial={"issued_on": timezone.localdate()}))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            services.issue_decision(
                request.user,
                self.decision,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        self.decision.refresh_from_db()
        messages.success(
            request, _("%(reference)s is issued.") % {"reference": self.decision.reference}
        )
        return self.back()


class AnnulView(IssueView):
    form_class = AnnulForm
    template_name = "awards/decision_annul.html"

    def get(self, request, *args, **kwargs):
        if not self.decision.is_issued:
            return self.back()
        return self.render_form(self.form_class(initial={"issued_on": timezone.localdate()}))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            annulment = services.annul_decision(
                request.user,
                self.decision,
                reason=form.cleaned_data["reason"],
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(
            request, _("%(reference)s is issued.") % {"reference": annulment.reference}
        )
        return redirect("awards:decision-detail", public_id=annulment.public_id)


urlpatterns = [
    path("c/<slug:code>/quyet-dinh/", DecisionListView.as_view(), name="decision-list"),
    path("c/<slug:code>/quyet-dinh/lap-du-thao/", DraftView.as_view(), name="decision-draft"),
    path("quyet-dinh/<uuid:public_id>/", DecisionDetailView.as_view(), name="decision-detail"),
    path("quyet-dinh/<uuid:public_id>/sua/", DraftEditView.as_view(), name="decision-edit"),
    path("quyet-dinh/<uuid:public_id>/xoa/", DraftDeleteView.as_view(), name="decision-delete"),
    path("quyet-dinh/<uuid:public_id>/ban-hanh/", IssueView.as_view(), name="decision-issue"),
    path("quyet-dinh/<uuid:public_id>/huy-bo/", AnnulView.as_view(), name="decision-annul"),
]
