"""The standing committee's vote: sessions, tallies, the live forwarding cap, closing a session,
and sending what was forwarded up to the next level.

Every page reads through ``visible_to(user)`` (another subtree is a 404), decides what to show
with ``nominations.permissions``, and every POST calls one service; a ``ValidationError`` is shown
at the field it names or as a message, and nothing changes.
"""

from __future__ import annotations

import datetime

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from campaigns.models import Campaign, ReviewLevel
from campaigns.rules_engine import format_moment, window_error
from committees.models import Body
from core.deadlines import deadline_text

from .. import selectors, services, wording, workflow
from ..eligibility import annotate_eligibility
from ..forms import add_service_errors
from ..models import (
    LevelDecision,
    Nomination,
    NominationState,
    Outcome,
    SessionState,
    Tally,
    ThresholdBase,
    VoteSession,
)
from ..permissions import can_record_votes
from .common import PageMixin, RowUrls, campaign_or_404, level_of_user

MAX_MEMBERS = 1000  # far above any party body; keeps input inside the database column


# --- shared plumbing ---------------------------------------------------------------------------


class VotingPageMixin(PageMixin):
    """Session pages: the staff and standing members of a unit whose level votes."""

    permission_required = "nominations.record_own_votes"
    permission_denied_message = gettext_lazy(
        "Only the staff and standing committee of a level record votes."
    )


def voting_level(user, campaign: Campaign) -> ReviewLevel:
    """The level the user's unit plays in ``campaign``, if it votes (403 otherwise)."""
    level = level_of_user(user, campaign)
    if not level.voting_body:
        raise PermissionDenied(
            _("This level does not vote: it appraises and passes nominations on.")
        )
    return level


# --- queries for the session pages -------------------------------------------------------------


def session_nominations(session: VoteSession, user):
    """The nominations before a session: while it is open, those waiting for a vote at its
    unit and level (appraised) and those already voted in it (``in_session``); once closed,
    those it voted on."""
    tallies = Tally.objects.filter(session=session)
    rows = Nomination.objects.visible_to(user).filter(campaign_id=session.campaign_id)
    if session.state == SessionState.OPEN:
        return (
            rows.filter(reviewing_unit_id=session.unit_id, level_id=session.level_id)
            .annotate(in_session=Exists(tallies.filter(nomination=OuterRef("pk"))))
            .filter(
                Q(state__in=workflow.states_for("record_vote"))
                | Q(state=NominationState.VOTED, in_session=True)
            )
        )
    return rows.filter(tallies__session=session)


def session_counter(session: VoteSession, user) -> dict:
    """How many of the nominations before the session have their votes recorded: one query,
    for the counter that moves as each tally is saved."""
    if session.state != SessionState.OPEN:
        total = session_nominations(session, user).count()
        return {"voted": total, "total": total}
    counts = session_nominations(session, user).aggregate(
        total=Count("pk"), voted=Count("pk", filter=Q(in_session=True))
    )
    return {"voted": counts["voted"], "total": counts["total"]}


def session_rows(session: VoteSession, user, *, nomination_pk: int | None = None) -> list:
    """The nominations of a session page, each with ``tally`` and ``decision`` of this session.

    While the session is open: those waiting for a vote at its unit and level (appraised), and
    those already voted in this session; once closed: those it voted on. Constant queries.
    """
    tallies = Tally.objects.filter(session=session)
    rows = session_nominations(session, user)
    is_open = session.state == SessionState.OPEN
    if nomination_pk is not None:
        rows = rows.filter(pk=nomination_pk)
    rows = list(
        rows.select_related("person__unit", "collective", "category", "filing_unit")
        .prefetch_related(
            Prefetch("tallies", queryset=tallies, to_attr="session_tallies"),
            Prefetch(
                "decisions",
                queryset=LevelDecision.objects.filter(vote_session=session),
                to_attr="session_decisions",
            ),
        )
        .order_by("filing_unit__path", "id")
    )
    if is_open:
        annotate_eligibility(rows, session.campaign, timezone.localdate())
    for nomination in rows:
        nomination.tally = nomination.session_tallies[0] if nomination.session_tallies else None
        nomination.decision = (
            nomination.session_decisions[0] if nomination.session_decisions else None
        )
    return rows


def session_cap(session: VoteSession) -> dict:
    """The forwarding cap as it would stand if the open session closed now (None: no cap)."""
    extra = {"honored": 0, "forwarded": 0}
    if session.state == SessionState.OPEN:
        extra = Tally.objects.filter(session=session, nomination__person__isnull=False).aggregate(
            honored=Count("id", filter=Q(nomination__vote_outcome=Outcome.HONOR)),
            forwarded=Count("id", filter=Q(nomination__vote_outcome=Outcome.FORWARD)),
        )
    cap = selectors.cap_status(
        session.level,
        session.unit,
        extra_honored=extra["honored"],
        extra_forwarded=extra["forwarded"],
    )
    if cap is None:
        return {"cap": None, "cap_text": "", "cap_over": 0}
    above = session.campaign.level_above(session.level)
    text = wording.cap_line(cap, session.level, above)
    return {"cap": cap, "cap_text": text, "cap_over": cap.over}


# --- forms -------------------------------------------------------------------------------------


def _count_field(label, **kwargs):
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_MEMBERS, **kwargs)


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Date of the meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    held_time = forms.TimeField(
        label=gettext_lazy("Time (Vietnam time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    sitting_members = forms.IntegerField(
        label=gettext_lazy("Sitting members"), min_value=1, max_value=MAX_MEMBERS
    )
    present_members = _count_field(gettext_lazy("Members present"))
    written_votes = _count_field(gettext_lazy("Written votes of absent members"), initial=0)
    chaired_by = forms.CharField(label=gettext_lazy("Chaired by"), max_length=200, required=False)
    quorum_numerator = forms.IntegerField(
        label=gettext_lazy("Quorum: numerator"), min_value=1, max_value=100, initial=2
    )
    quorum_denominator = forms.IntegerField(
        label=gettext_lazy("Quorum: denominator"), min_value=1, max_value=100, initial=3
    )
    threshold_numerator = forms.IntegerField(
        label=gettext_lazy("Threshold: numerator"), min_value=0, max_value=100, initial=1
    )
    threshold_denominator = forms.IntegerField(
        label=gettext_lazy("Threshold: denominator"), min_value=1, max_value=100, initial=2
    )
    threshold_strictly_more = forms.BooleanField(
        label=gettext_lazy("Strictly more than the threshold"),
        required=False,
        initial=True,
    )
    threshold_base = forms.ChoiceField(
        label=gettext_lazy("Threshold of"),
        choices=ThresholdBase.choices,
        initial=ThresholdBase.SITTING,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("held_on") and data.get("held_time"):
            data["held_at"] = timezone.make_aware(
                datetime.datetime.combine(data["held_on"], data["held_time"])
            )
        return data

    def rules(self) -> services.SessionRules:
        data = self.cleaned_data
        return services.SessionRules(
            quorum_numerator=data["quorum_numerator"],
            quorum_denominator=data["quorum_denominator"],
            threshold_numerator=data["threshold_numerator"],
            threshold_denominator=data["threshold_denominator"],
            threshold_strictly_more=data["threshold_strictly_more"],
            threshold_base=data["threshold_base"],
        )


def outcome_choices(level: ReviewLevel) -> list[tuple[str, str]]:
    """The outcomes offered on the form at ``level``: what it honors and whether it forwards."""
    return [(o, Outcome(o).label) for o in selectors.allowed_outcomes(level)]


class TallyForm(forms.Form):
    # The field accepts any outcome and the widget offers the level's own: whether the level may
    # decide it is the service's rule, and its message is the one shown.
    proposed_outcome = forms.ChoiceField(
        label=gettext_lazy("Proposed outcome"), choices=Outcome.choices
    )
    votes_for = _count_field(gettext_lazy("For"))
    votes_against = _count_field(gettext_lazy("Against"), initial=0)
    votes_abstain = _count_field(gettext_lazy("Abstain"), initial=0)

    def __init__(self, *args, level: ReviewLevel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_outcome"].widget.choices = outcome_choices(level)


def tally_initial(nomination: Nomination) -> dict:
    """The figures a row's form starts from: those already recorded, if any."""
    tally = nomination.tally
    if tally is None:
        return {}
    return {
        "proposed_outcome": tally.proposed_outcome,
        "votes_for": tally.votes_for,
        "votes_against": tally.votes_against,
        "votes_abstain": tally.votes_abstain,
    }


class TallyForms:
    """The tally form of each row of a session page. A crispy form in each of 180 rows was four
    fifths of a city's session page (a second a request): the form is rendered once for each
    set of starting figures, for a placeholder nomination, and copied with each row's id (the
    same HTML as one form a row, whitespace aside). A form sent back with its errors is
    rendered on its own."""

    PLACEHOLDER = RowUrls.PLACEHOLDER

    def __init__(self, request, session: VoteSession):
        self.request = request
        self.session = session
        self.rendered: dict[tuple, str] = {}

    def html(self, nomination: Nomination, form: TallyForm | None = None) -> str:
        public_id = str(nomination.public_id)
        if form is not None:
            return self.render(public_id, form)
        initial = tally_initial(nomination)
        key = tuple(sorted(initial.items()))
        if key not in self.rendered:
            self.rendered[key] = self.render(self.PLACEHOLDER, self.form(self.PLACEHOLDER, initial))
        return mark_safe(self.rendered[key].replace(self.PLACEHOLDER, public_id))  # noqa: S308

    def form(self, public_id: str, initial: dict) -> TallyForm:
        return TallyForm(level=self.session.level, initial=initial, auto_id=f"tally-{public_id}-%s")

    def render(self, public_id: str, form: TallyForm) -> str:
        url = reverse("nominations:session-tally", args=[self.session.public_id, public_id])
        return render_to_string(
            "nominations/voting/partials/tally_form.html",
            {"form": form, "tally_url": url},
            request=self.request,
        )


# --- session list and creation -----------------------------------------------------------------


class SessionListView(VotingPageMixin, TemplateView):
    template_name = "nominations/voting/session_list.html"

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.level = voting_level(user, self.campaign)

    def get_context_data(self, **kwargs):
        user = self.request.user
        sessions = (
            VoteSession.objects.visible_to(user)
            .filter(campaign=self.campaign, unit_id=user.unit_id)
            .select_related("level", "body", "unit")
            .annotate(tally_count=Count("tallies"))
            .order_by("-held_at", "-id")
        )
        waiting = (
            Nomination.objects.visible_to(user)
            .filter(
                campaign=self.campaign,
                reviewing_unit_id=user.unit_id,
                level=self.level,
                state__in=workflow.states_for("record_vote"),
            )
            .count()
        )
        return super().get_context_data(
            campaign=self.campaign,
            level=self.level,
            unit=user.unit,
            sessions=sessions,
            waiting=waiting,
            can_send_up=self.level.can_forward
            and rules.has_perm("nominations.review_at_level", user),
            **kwargs,
        )


class SessionCreateView(VotingPageMixin, View):
    template_name = "nominations/voting/session_form.html"

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.level = voting_level(user, self.campaign)

    def render_form(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "campaign": self.campaign,
                "level": self.level,
                "unit": self.request.user.unit,
            },
        )

    def get(self, request, *args, **kwargs):
        body = (
            Body.objects.visible_to(request.user)
            .filter(unit_id=request.user.unit_id, kind=self.level.voting_body)
            .first()
        )
        now = timezone.localtime()
        sitting = body.member_count if body else None
        return self.render_form(
            SessionForm(
                initial={
                    "held_on": now.date(),
                    "held_time": now.time().replace(second=0, microsecond=0),
                    "sitting_members": sitting,
                    "present_members": sitting,
                }
            )
        )

    def post(self, request, *args, **kwargs):
        form = SessionForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        try:
            session = services.open_session(
                request.user,
                self.campaign,
                request.user.unit,
                held_at=data["held_at"],
                sitting_members=data["sitting_members"],
                present_members=data["present_members"],
                written_votes=data["written_votes"],
                rules=form.rules(),
                chaired_by=data["chaired_by"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(
            request,
            _("The vote session is open: record the votes on each nomination, then close it."),
        )
        return redirect("nominations:session-detail", public_id=session.public_id)


# --- one session -------------------------------------------------------------------------------


class SessionMixin(PageMixin):
    def prepare(self):
        self.session = get_object_or_404(
            VoteSession.objects.visible_to(self.request.user)
            .select_related("campaign__organiser", "level", "unit", "body", "recorded_by")
            .prefetch_related("campaign__levels"),
            public_id=self.kwargs["public_id"],
        )

    @property
    def can_record(self) -> bool:
        return self.session.state == SessionState.OPEN and can_record_votes(
            self.request.user, self.session.unit
        )

    def session_context(self, **extra) -> dict:
        session = self.session
        return {
            "session": session,
            "campaign": session.campaign,
            "level": session.level,
            "can_record": self.can_record,
            "is_open": session.state == SessionState.OPEN,
            **session_cap(session),
            **extra,
        }

    def render_page(self, *, bound: tuple[int, TallyForm] | None = None):
        """The whole session page; ``bound`` keeps one row's submitted form with its errors."""
        session = self.session
        rows = session_rows(session, self.request.user)
        forms = TallyForms(self.request, session)
        for nomination in rows:
            if bound is not None and bound[0] == nomination.pk:
                nomination.form_html = forms.html(nomination, bound[1])
            elif self.can_record:
                nomination.form_html = forms.html(nomination)
        voted = sum(1 for n in rows if n.tally is not None)
        return render(
            self.request,
            "nominations/voting/session_detail.html",
            self.session_context(
                rows=rows,
                voted=voted,
                threshold_text=wording.threshold_in_words(session),
                attendance_text=wording.attendance_in_words(session),
                quorum_ok=selectors.quorum_met(session),
            ),
        )


class SessionDetailView(SessionMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_page()


class SessionCapView(SessionMixin, View):
    """The cap partial alone, for htmx to refresh after each tally."""

    def get(self, request, *args, **kwargs):
        return render(request, "nominations/voting/partials/cap.html", self.session_context())


class TallyView(SessionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.session
        nomination = get_object_or_404(
            Nomination.objects.visible_to(request.user).filter(campaign_id=session.campaign_id),
            public_id=self.kwargs["nomination_id"],
        )
        form = TallyForm(
            request.POST, level=session.level, auto_id=f"tally-{nomination.public_id}-%s"
        )
        saved = False
        if form.is_valid():
            try:
                services.record_tally(request.user, session, nomination, **form.cleaned_data)
                saved = True
            except ValidationError as error:
                add_service_errors(form, error)
        if request.htmx:
            return self.render_row(nomination, None if saved else form, saved=saved)
        if not saved:
            return self.render_page(bound=(nomination.pk, form))
        messages.success(
            request,
            _("The votes on %(nominee)s were recorded.") % {"nominee": nomination.nominee_name},
        )
        return redirect("nominations:session-detail", public_id=session.public_id)

    def render_row(self, nomination: Nomination, form: TallyForm | None, *, saved: bool):
        session = self.session
        rows = session_rows(session, self.request.user, nomination_pk=nomination.pk)
        if not rows:  # no longer before this session (e.g. it was closed): reload the page
            if form is not None:
                for message in form.non_field_errors():
                    messages.error(self.request, message)
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        row = rows[0]
        row.form_html = TallyForms(self.request, session).html(row, form)
        response = render(
            self.request,
            "nominations/voting/partials/tally_row.html",
            self.session_context(nomination=row, just_saved=saved),
        )
        if saved:
            response["HX-Trigger"] = "cap-changed"
            # The counter above the rows moves with each tally (an out-of-band swap).
            response.content += render_to_string(
                "nominations/voting/partials/session_counter.html",
                {**session_counter(session, self.request.user), "oob": True},
                request=self.request,
            ).encode()
        return response


class SessionCloseView(SessionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.close_session(request.user, self.session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session is closed and its outcomes are applied."))
        return redirect("nominations:session-detail", public_id=self.session.public_id)


# --- sending forwarded nominations up ----------------------------------------------------------


class SendUpForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose the nominations to send.")},
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = waiting


class SendUpView(PageMixin, View):
    template_name = "nominations/voting/send_up.html"
    permission_required = "nominations.review_at_level"
    permission_denied_message = gettext_lazy("Only the staff of a level send nominations up.")

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.level = level_of_user(user, self.campaign)

    def waiting(self):
        return Nomination.objects.visible_to(self.request.user).filter(
            campaign=self.campaign,
            reviewing_unit_id=self.request.user.unit_id,
            state__in=workflow.states_for("send_up"),
        )

    def render_page(self, form: SendUpForm):
        rows = list(
            self.waiting()
            .select_related("person__unit", "collective", "category", "filing_unit")
            .order_by("filing_unit__path", "id")
        )
        annotate_eligibility(rows, self.campaign, timezone.localdate())
        chosen = set(form.data.getlist("nominations")) if form.is_bound else set()
        for nomination in rows:
            nomination.chosen = str(nomination.public_id) in chosen
        above = self.campaign.level_above(self.level)
        window = window_error(timezone.now(), above.opens_at, above.closes_at) if above else None
        return render(
            self.request,
            self.template_name,
            {
                "campaign": self.campaign,
                "level": self.level,
                "unit": self.request.user.unit,
                "next_level": above,
                "rows": rows,
                "form": form,
                "window_error": window,
                # After the next level's deadline the button goes (``send_up`` refuses).
                "can_send": rules.has_perm(
                    "nominations.send_before_deadline", self.request.user, above
                ),
                "closes_at_text": deadline_text(above.closes_at) if above else "",
                "opens_at_text": format_moment(above.opens_at) if above and above.opens_at else "",
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(SendUpForm(waiting=self.waiting()))

    def post(self, request, *args, **kwargs):
        form = SendUpForm(request.POST, waiting=self.waiting())
        if not form.is_valid():
            return self.render_page(form)
        try:
            sent = services.send_up(request.user, form.cleaned_data["nominations"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form)
        messages.success(
            request,
            ngettext(
                "%(n)s nomination was sent to %(unit)s.",
                "%(n)s nominations were sent to %(unit)s.",
                len(sent),
            )
            % {"n": len(sent), "unit": sent[0].reviewing_unit.name},
        )
        return redirect(reverse("nominations:send-up", kwargs={"code": self.campaign.code}))


urlpatterns = [
    path("c/<slug:code>/bieu-quyet/", SessionListView.as_view(), name="session-list"),
    path("c/<slug:code>/bieu-quyet/moi/", SessionCreateView.as_view(), name="session-create"),
    path("bieu-quyet/<uuid:public_id>/", SessionDetailView.as_view(), name="session-detail"),
    path(
        "bieu-quyet/<uuid:public_id>/phieu/<uuid:nomination_id>/",
        TallyView.as_view(),
        name="session-tally",
    ),
    path("bieu-quyet/<uuid:public_id>/gioi-han/", SessionCapView.as_view(), name="session-cap"),
    path("bieu-quyet/<uuid:public_id>/ket-thuc/", SessionCloseView.as_view(), name="session-close"),
    path("c/<slug:code>/gui-len/", SendUpView.as_view(), name="send-up"),
]
