"""The one transition layer of a nomination.

``ACTIONS`` declares, once, which action may be taken from which states, by whom, and where it
leads; the services check it before they act, the nomination page derives its buttons from it
and the dossier rules their editable states. The django-fsm transitions on ``Nomination`` stay
the state machine underneath: every action names the transition it takes, and a test holds the
table inside the machine's graph.

``decide`` is the one place a level's decision is performed, whichever path leads there (a vote
session closing, a level without a vote passing a nomination on, a rejection, the public vote's
confirmation): lock, transition, outcome fields, save, ``LevelDecision``, history event,
notices, and the forwarding cap and quotas on the result whenever something is forwarded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import ReviewLevel
from committees.models import Unit

from . import notices, quotas
from .models import LevelDecision, Nomination, NominationEvent, Outcome, VoteSession
from .models import NominationState as S
from .permissions import (
    can_act_at_level,
    can_file_for,
    can_record_votes,
    can_run_public_vote,
    require,
)
from .selectors import cap_status
from .wording import cap_breach

StrOrPromise = str | Promise

# --- who may take which transition in which state ----------------------------------------------


def _filer(user, nomination) -> bool:
    return can_file_for(user, nomination.filing_unit)


def _voter(user, nomination) -> bool:
    unit = nomination.reviewing_unit
    return unit is not None and can_record_votes(user, unit)


def _vote_runner(user, nomination) -> bool:
    unit = nomination.reviewing_unit
    return unit is not None and can_run_public_vote(user, unit)


def _level_without_vote(nomination) -> bool:
    return nomination.level is not None and not nomination.level.voting_body


@dataclass(frozen=True)
class Action:
    """One thing that can be done to a nomination."""

    sources: frozenset[str]
    #: the django-fsm transition taken ("" for an edit that stays in its state); a decision
    #: names the transition of each outcome in ``DECISIONS``
    transition: str
    #: who may take it: (user, nomination) -> bool
    actor: Callable[..., bool]
    #: said when the actor may not (PermissionDenied)
    refused: StrOrPromise
    #: said when the nomination is in another state (ValidationError)
    wrong_state: StrOrPromise
    #: a further condition on the nomination, and what is said when it fails
    when: Callable[[Nomination], bool] | None = None
    when_not: StrOrPromise = ""
    #: a decision taken by a vote: its outcome is kept as the nomination's ``vote_outcome``
    by_vote: bool = False


ACTIONS: dict[str, Action] = {
    # The filing unit writes the draft and its documents until it is submitted, and again
    # after a return for revision.
    "edit": Action(
        sources=frozenset({S.DRAFT, S.RETURNED}),
        transition="",
        actor=_filer,
        refused=gettext_lazy("You cannot file nominations for this unit."),
        wrong_state=gettext_lazy("Only a draft or a returned nomination can be edited."),
    ),
    "submit": Action(
        sources=frozenset({S.DRAFT, S.RETURNED}),
        transition="submit",
        actor=_filer,
        refused=gettext_lazy("You cannot file nominations for this unit."),
        wrong_state=gettext_lazy("This nomination has already been submitted."),
    ),
    "withdraw": Action(
        sources=frozenset({S.DRAFT, S.PROPOSED, S.RETURNED}),
        transition="withdraw",
        actor=_filer,
        refused=gettext_lazy("Only the unit that filed a nomination can withdraw it."),
        wrong_state=gettext_lazy("A nomination can be withdrawn only before it is appraised."),
    ),
    # The staff of the level it waits at complete its documents while it is proposed there.
    "complete": Action(
        sources=frozenset({S.PROPOSED}),
        transition="",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy(
            "The documents of a nomination can be changed only by its filing unit while it "
            "is a draft or returned for revision, or by the appraisers while it waits for "
            "appraisal."
        ),
    ),
    "appraise": Action(
        sources=frozenset({S.PROPOSED}),
        transition="appraise",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy("Only a proposed nomination can be appraised."),
    ),
    "return": Action(
        sources=frozenset({S.PROPOSED}),
        transition="return_for_revision",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy("Only a proposed nomination can be returned."),
    ),
    "reject": Action(
        sources=frozenset({S.PROPOSED, S.APPRAISED}),
        transition="reject",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy("This nomination can no longer be rejected here."),
    ),
    "pass_on": Action(
        sources=frozenset({S.APPRAISED}),
        transition="forward",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy("Only an appraised nomination can be passed on."),
        when=_level_without_vote,
        when_not=gettext_lazy(
            "At this level the standing committee votes before anything is forwarded."
        ),
    ),
    "record_vote": Action(
        sources=frozenset({S.APPRAISED}),
        transition="record_vote",
        actor=_voter,
        refused=gettext_lazy("You cannot record votes for this unit."),
        wrong_state=gettext_lazy("Only an appraised nomination can be voted on."),
    ),
    # Closing a session applies the outcome each nomination was voted.
    "close_vote": Action(
        sources=frozenset({S.VOTED}),
        transition="",
        actor=_voter,
        refused=gettext_lazy("You cannot record votes for this unit."),
        wrong_state=gettext_lazy("This nomination is not before this session."),
        by_vote=True,
    ),
    "confirm_public_vote": Action(
        sources=frozenset({S.APPRAISED}),
        transition="",
        actor=_vote_runner,
        refused=gettext_lazy(
            "Only the staff and standing committee of the organising unit run the vote."
        ),
        wrong_state=gettext_lazy("%(nominee)s is no longer waiting at this level."),
        by_vote=True,
    ),
    "send_up": Action(
        sources=frozenset({S.FORWARDED}),
        transition="arrive_at_next_level",
        actor=can_act_at_level,
        refused=gettext_lazy("This nomination is not at your level."),
        wrong_state=gettext_lazy("%(nominee)s has not been voted to be forwarded."),
    ),
}

#: the transition each outcome of a level's decision takes
DECISIONS: dict[str, str] = {
    Outcome.HONOR: "honor",
    Outcome.FORWARD: "forward",
    Outcome.REJECT: "reject",
}


def states_for(name: str) -> frozenset[str]:
    """The states from which action ``name`` may be taken."""
    return ACTIONS[name].sources


def may(user, nomination: Nomination, name: str) -> bool:
    """Whether ``user`` may take action ``name`` on ``nomination`` now, as far as the table
    says: the buttons of the page. The services check every other rule when it is taken."""
    action = ACTIONS[name]
    return (
        nomination.state in action.sources
        and action.actor(user, nomination)
        and (action.when is None or action.when(nomination))
    )


def require_actor(user, nomination: Nomination, name: str) -> None:
    """PermissionDenied unless ``user`` plays the part that takes action ``name``."""
    action = ACTIONS[name]
    require(action.actor(user, nomination), str(action.refused))


def check_state(nomination: Nomination, name: str) -> None:
    """ValidationError unless ``nomination`` stands where action ``name`` may be taken."""
    action = ACTIONS[name]
    if action.when is not None and not action.when(nomination):
        raise ValidationError(str(action.when_not))
    if nomination.state not in action.sources:
        raise ValidationError(str(action.wrong_state) % {"nominee": nomination.nominee_name})


def check(user, nomination: Nomination, name: str) -> None:
    require_actor(user, nomination, name)
    check_state(nomination, name)


# --- the plumbing every transition shares ------------------------------------------------------


def lock(nomination: Nomination) -> Nomination:
    """The nomination's row, locked until the transaction ends, with what its rules read."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related(
            "campaign", "category", "level", "reviewing_unit", "filing_unit", "person", "collective"
        )
        .get(pk=nomination.pk)
    )


def lock_unit(unit: Unit) -> Unit:
    """Serialises every count-based rule (quota, cap) of one unit: the row is the mutex."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


def record(
    nomination: Nomination,
    from_state: str,
    user,
    reason: str = "",
    *,
    at: datetime.datetime | None = None,
    notify: bool = True,
) -> NominationEvent:
    """The history event of a change, and the notices of those it concerns (e-mailed once the
    transaction has committed)."""
    event = NominationEvent.objects.create(
        nomination=nomination,
        from_state=from_state,
        to_state=nomination.state,
        level=nomination.level,
        unit=nomination.reviewing_unit or nomination.filing_unit,
        actor=user,
        actor_role=getattr(user, "role", "") or "",
        actor_unit=getattr(user, "unit", None),
        at=at or timezone.now(),
        reason=reason,
    )
    if notify:
        notices.tell(event)
    return event


def take(
    user,
    nomination: Nomination,
    name: str,
    reason: str = "",
    *,
    at: datetime.datetime | None = None,
    **fields,
) -> Nomination:
    """Take action ``name`` on a locked nomination the service has checked: its transition,
    the ``fields`` that go with it, save, history event."""
    from_state = nomination.state
    getattr(nomination, ACTIONS[name].transition)()
    for field, value in fields.items():
        setattr(nomination, field, value)
    nomination.save()
    record(nomination, from_state, user, reason, at=at)
    return nomination


# --- a level's decision ------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    nomination: Nomination
    outcome: str
    #: the history's reason; with REJECT, also the reason the nomination shows
    reason: str = ""


def check_forwarding(
    level: ReviewLevel, unit: Unit, category_ids: set[int], *, voted: bool
) -> None:
    """What ``unit`` has forwarded at ``level``, decisions of this transaction included, must
    fit the forwarding quotas of the categories just forwarded and the level's cap. The caller
    holds the unit's lock."""
    errors = quotas.forwarded_errors(level.campaign, unit, category_ids)
    if errors:
        raise ValidationError(" ".join(errors))
    cap = cap_status(level, unit)
    if cap is not None and not cap.ok:
        raise ValidationError(cap_breach(cap, voted=voted))


@transaction.atomic
def decide(
    user,
    action: str,
    decisions: Sequence[Decision],
    *,
    level: ReviewLevel,
    unit: Unit,
    at: datetime.datetime | None = None,
    session: VoteSession | None = None,
    before: Callable[[Nomination, str], None] | None = None,
) -> list[Nomination]:
    """Perform ``unit``'s decisions at ``level`` on nominations waiting there, all or none.

    When something is forwarded, the unit's row is locked first (every decision that counts
    against the cap or a quota waits its turn), then each nomination; ``action`` says who may
    decide from which state.
    ``before(nomination, outcome)`` checks what the path adds (eligibility at a vote).
    """
    at = at or timezone.now()
    forwards = any(d.outcome == Outcome.FORWARD for d in decisions)
    if forwards:
        lock_unit(unit)
    by_vote = ACTIONS[action].by_vote
    decided = []
    for decision in decisions:
        nomination = lock(decision.nomination)
        if nomination.level_id != level.pk or nomination.reviewing_unit_id != unit.pk:
            raise ValidationError(
                _("%(nominee)s is no longer waiting at this level.")
                % {"nominee": nomination.nominee_name}
            )
        check(user, nomination, action)
        if before is not None:
            before(nomination, decision.outcome)
        from_state = nomination.state
        getattr(nomination, DECISIONS[decision.outcome])()
        if by_vote:
            nomination.vote_outcome = decision.outcome
        if decision.outcome == Outcome.HONOR:
            nomination.honored_level = level
        elif decision.outcome == Outcome.REJECT and decision.reason:
            nomination.state_reason = decision.reason
        nomination.save()
        LevelDecision.objects.create(
            nomination=nomination,
            level=level,
            unit=unit,
            outcome=decision.outcome,
            vote_session=session,
            decided_at=at,
        )
        record(nomination, from_state, user, decision.reason, at=at)
        decided.append(nomination)
    if forwards:
        forwarded = {
            n.category_id
            for n, d in zip(decided, decisions, strict=True)
            if d.outcome == Outcome.FORWARD
        }
        check_forwarding(level, unit, forwarded, voted=by_vote)
    return decided
