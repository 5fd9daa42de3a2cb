"""Domain operations on nominations. Each is one function that, in order: checks who may act,
locks what the rule counts, checks the rules, changes the state, writes the history and queues
the notifications, all in one transaction, so a refused action changes nothing.

Who may take which action from which state is declared once in ``workflow.ACTIONS``; a level's
decision (reject, pass on, close a vote) is performed by ``workflow.decide``. The readings the
pages share (level of a unit, cap status, quorum) are in ``selectors``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from campaigns.models import (
    Campaign,
    CampaignStatus,
    Category,
    NomineeKind,
    QuotaScope,
    ReviewLevel,
)
from campaigns.rules_engine import is_eligible, review_chain, window_error
from committees.models import Person, Role, Unit, normalize_text

from . import eligibility, quotas, submission_checks, workflow
from .completeness import missing_documents
from .deadlines import binding_deadline, passed
from .models import (
    Nomination,
    Outcome,
    SessionState,
    Tally,
    ThresholdBase,
    VoteSession,
)
from .models import NominationState as S
from .permissions import can_file_for, can_record_votes, require
from .selectors import allowed_outcomes, campaign_checklist, level_of, quorum_met, vote_passes
from .workflow import Decision

# --- plumbing ----------------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return timezone.now()


def _fail(message, field: str | None = None) -> NoReturn:
    raise ValidationError({field: message} if field else message)


def _chain(nomination_or_unit: Nomination | Unit, campaign: Campaign):
    filing_unit = getattr(nomination_or_unit, "filing_unit", nomination_or_unit)
    ancestors = list(Unit.objects.get_ancestors(filing_unit))
    return review_chain(filing_unit, ancestors, list(campaign.levels.all()), campaign.organiser)


def _check_window(
    level: ReviewLevel,
    now: datetime.datetime,
    field: str | None = None,
    *,
    closes_at: datetime.datetime | None = None,
) -> None:
    error = window_error(now, level.opens_at, closes_at or level.closes_at)
    if error:
        _fail(error, field)


def _check_eligible(nomination: Nomination, day: datetime.date, field: str | None = None):
    results = eligibility.results_for(
        nomination.category,
        nomination.campaign,
        person=nomination.person,
        collective=nomination.collective,
        day=day,
    )
    if not is_eligible(results):
        failed = "; ".join(f"{r.label}: {r.reason}" for r in results if not r.passed)
        _fail(
            _("%(nominee)s does not meet the criteria: %(failed)s")
            % {"nominee": nomination.nominee_name, "failed": failed},
            field,
        )


# --- filing ------------------------------------------------------------------------------------


@dataclass
class Draft:
    category: Category
    achievement_summary: str
    person: Person | None = None
    collective: Unit | None = None
    field_of_work: str = ""
    checklist_confirmed: list[bool] | None = None


@transaction.atomic
def save_draft(
    user, campaign: Campaign, filing_unit: Unit, draft: Draft, nomination: Nomination | None = None
) -> Nomination:
    """Create or edit a draft: nothing is checked against quotas or deadlines until submission."""
    require(can_file_for(user, filing_unit), _("You cannot file nominations for this unit."))
    if not campaign.files_from(filing_unit):
        _fail(_("Units of this kind do not file nominations in this campaign."))
    if nomination is not None:
        nomination = workflow.lock(nomination)
        if nomination.filing_unit_id != filing_unit.pk:
            _fail(_("Only a draft or a returned nomination can be edited."))
        workflow.check_state(nomination, "edit")
    category = draft.category
    if category.campaign_id != campaign.pk:
        _fail(_("This category belongs to another campaign."), "category")
    individual = category.nominee_kind == NomineeKind.INDIVIDUAL
    if individual and draft.person is None:
        _fail(_("Choose the person to nominate."), "person")
    if not individual and draft.collective is None:
        _fail(_("Choose the collective to nominate."), "collective")
    nominee_unit = draft.person.unit if individual and draft.person else draft.collective
    assert nominee_unit is not None  # an empty nominee was refused just above
    if not filing_unit.contains(nominee_unit):
        _fail(_("The nominee must belong to your unit."), "person" if individual else "collective")
    summary = normalize_text(draft.achievement_summary) and draft.achievement_summary.strip()
    if not summary:
        _fail(_("Write the achievement summary."), "achievement_summary")
    # The nominee's row serialises two drafts of the same nominee (the same form posted twice):
    # the second waits, then finds the first below, instead of failing on the constraint.
    if individual and draft.person is not None:
        Person.objects.unscoped("locks the nominee").select_for_update().get(pk=draft.person.pk)
    else:
        workflow.lock_unit(nominee_unit)
    duplicate = Nomination.objects.unscoped("duplicate nominee check spans the campaign")
    duplicate = duplicate.filter(campaign=campaign).exclude(state=S.WITHDRAWN)
    duplicate = (
        duplicate.filter(person=draft.person)
        if individual
        else duplicate.filter(collective=draft.collective)
    )
    if nomination is not None:
        duplicate = duplicate.exclude(pk=nomination.pk)
    if duplicate.exists():
        _fail(
            _("%(nominee)s is already nominated in this campaign.")
            % {"nominee": draft.person or draft.collective},
            "person" if individual else "collective",
        )
    if campaign.fields_of_work and draft.field_of_work not in campaign.fields_of_work:
        _fail(_("Choose one of the fields of work the campaign lists."), "field_of_work")
    checklist = list(draft.checklist_confirmed or [])
    fields = {
        "category": category,
        "person": draft.person if individual else None,
        "collective": None if individual else draft.collective,
        "achievement_summary": summary,
        "field_of_work": draft.field_of_work,
        "checklist_confirmed": checklist,
    }
    if nomination is None:
        nomination = Nomination.objects.create(
            campaign=campaign, filing_unit=filing_unit, filed_by=user, **fields
        )
        workflow.record(nomination, "", user, _("Draft created"))
    else:
        for name, value in fields.items():
            setattr(nomination, name, value)
        nomination.save()
    return nomination


@transaction.atomic
def submit(user, nomination: Nomination, *, now: datetime.datetime | None = None) -> Nomination:
    """Send a draft (or a returned nomination) to the first reviewing level."""
    now = now or _now()
    nomination = workflow.lock(nomination)
    workflow.check(user, nomination, "submit")
    campaign = nomination.campaign
    if campaign.status != CampaignStatus.OPEN:
        _fail(_("The campaign is not open."))
    chain = _chain(nomination, campaign)
    if not chain:
        _fail(_("No reviewing level of this campaign sits above your unit."))
    first = chain[0]
    _check_window(first.level, now)
    # The deadline of a level further up binds too (seed 000: the city's, for every cell): a
    # nomination sent after it could never arrive in time, and the unit's page says closed.
    binding = binding_deadline(campaign, chain)
    if passed(binding, now):
        _check_window(first.level, now, closes_at=binding)
    checklist = campaign_checklist(nomination.category)
    confirmed = nomination.checklist_confirmed or []
    if checklist and (len(confirmed) < len(checklist) or not all(confirmed[: len(checklist)])):
        _fail(_("Confirm every qualitative criterion before submitting."), "checklist_confirmed")
    _check_eligible(nomination, timezone.localdate(now))
    _check_report_length(nomination)
    if nomination.state == S.DRAFT:
        workflow.lock_unit(nomination.filing_unit)
        errors = quotas.errors_for(nomination, QuotaScope.FILED, nomination.filing_unit)
        if errors:
            _fail(" ".join(errors))
    # Last: what the filer can complete on the same page, once nothing else stands in the way.
    _check_complete(nomination, "documents")
    return workflow.take(
        user,
        nomination,
        "submit",
        at=now,
        level=first.level,
        reviewing_unit=first.unit,
        submitted_at=now,
        state_reason="",
    )


@transaction.atomic
def withdraw(
    user, nomination: Nomination, reason: str = "", *, now: datetime.datetime | None = None
) -> Nomination:
    now = now or _now()
    nomination = workflow.lock(nomination)
    workflow.check(user, nomination, "withdraw")
    if nomination.state != S.DRAFT:
        chain = _chain(nomination, nomination.campaign)
        if nomination.level_id != chain[0].level.pk:
            _fail(_("The nomination has already left the first level."))
        _check_window(chain[0].level, now)
    return workflow.take(user, nomination, "withdraw", reason, at=now, state_reason=reason)


def _check_complete(nomination: Nomination, field: str | None = None) -> None:
    """Every required document present (a generated copy counts only where the campaign does
    not ask for a signed one): the dossier leaves the unit, and is appraised, complete."""
    missing = missing_documents(nomination)
    if missing:
        _fail(
            _("Required documents are missing: %(documents)s.") % {"documents": ", ".join(missing)},
            field,
        )


def _check_report_length(nomination: Nomination) -> None:
    """Seed 002: "báo cáo thành tích tối đa 02 trang A4", counted on the rendered report by the
    checks the documents registered (``submission_checks``)."""
    for message in submission_checks.refusals(nomination):
        _fail(message, "achievement_summary")


# --- appraisal ---------------------------------------------------------------------------------


@transaction.atomic
def appraise(
    user,
    nomination: Nomination,
    *,
    verified: Iterable[bool] | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Nomination:
    now = now or _now()
    nomination = workflow.lock(nomination)
    workflow.check(user, nomination, "appraise")
    _check_complete(nomination)
    checklist = campaign_checklist(nomination.category)
    verified = list(verified if verified is not None else nomination.checklist_verified or [])
    if checklist and (len(verified) < len(checklist) or not all(verified[: len(checklist)])):
        _fail(
            _("Verify every qualitative criterion, or return the nomination with a reason."),
            "checklist_verified",
        )
    _check_eligible(nomination, timezone.localdate(now))
    return workflow.take(user, nomination, "appraise", note, at=now, checklist_verified=verified)


@dataclass
class BulkResult:
    """What a bulk action did: the nominations it changed, and each one it could not change
    with the reason."""

    done: list[Nomination]
    failed: list[tuple[Nomination, str]]


def _each(nominations: Iterable[Nomination], act) -> BulkResult:
    """``act(nomination)`` on each, each in its own transaction: an office appraising or
    returning twenty rows gets the nineteen that pass, and the reason for the one that does
    not (a nomination is decided on its own; nothing ties one row's change to another's)."""
    result = BulkResult([], [])
    for nomination in nominations:
        try:
            result.done.append(act(nomination))
        except ValidationError as error:
            result.failed.append((nomination, " ".join(error.messages)))
    return result


def appraise_many(
    user, nominations: Iterable[Nomination], *, verify_all: bool, now=None
) -> BulkResult:
    """``appraise`` each, row by row; with ``verify_all`` the staff confirm they verified every
    qualitative criterion of every one."""

    def act(nomination):
        checklist = campaign_checklist(nomination.category)
        verified = [True] * len(checklist) if verify_all else None
        return appraise(user, nomination, verified=verified, now=now)

    return _each(nominations, act)


def return_many(user, nominations: Iterable[Nomination], reason: str, *, now=None) -> BulkResult:
    """``return_for_revision`` each with the same reason, row by row. Without a reason
    nothing is returned."""
    if not reason.strip():
        _fail(_("Give the reason for returning it."), "reason")
    return _each(nominations, lambda n: return_for_revision(user, n, reason, now=now))


@transaction.atomic
def return_for_revision(
    user, nomination: Nomination, reason: str, *, now: datetime.datetime | None = None
) -> Nomination:
    nomination = workflow.lock(nomination)
    workflow.require_actor(user, nomination, "return")
    if not reason.strip():
        _fail(_("Give the reason for returning it."), "reason")
    workflow.check_state(nomination, "return")
    return workflow.take(
        user, nomination, "return", reason.strip(), at=now, state_reason=reason.strip()
    )


@transaction.atomic
def reject(
    user, nomination: Nomination, reason: str, *, now: datetime.datetime | None = None
) -> Nomination:
    nomination = workflow.lock(nomination)
    workflow.require_actor(user, nomination, "reject")
    if not reason.strip():
        _fail(_("Give the reason for not accepting it."), "reason")
    workflow.check_state(nomination, "reject")
    # a nomination in review waits at a level of a unit (the states checked guarantee it)
    assert nomination.level is not None and nomination.reviewing_unit is not None
    (rejected,) = workflow.decide(
        user,
        "reject",
        [Decision(nomination, Outcome.REJECT, reason.strip())],
        level=nomination.level,
        unit=nomination.reviewing_unit,
        at=now,
    )
    return rejected


# --- voting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRules:
    quorum_numerator: int = 2
    quorum_denominator: int = 3
    threshold_numerator: int = 1
    threshold_denominator: int = 2
    threshold_strictly_more: bool = True
    threshold_base: str = ThresholdBase.SITTING


@transaction.atomic
def open_session(
    user,
    campaign: Campaign,
    unit: Unit,
    *,
    held_at: datetime.datetime,
    sitting_members: int,
    present_members: int,
    written_votes: int = 0,
    rules: SessionRules | None = None,
    chaired_by: str = "",
) -> VoteSession:
    require(can_record_votes(user, unit), _("You cannot record votes for this unit."))
    level = level_of(campaign, unit)
    if not level.voting_body:
        _fail(_("This level does not vote: it appraises and passes nominations on."))
    if present_members > sitting_members:
        _fail(_("More members present than sitting."), "present_members")
    if present_members + written_votes > sitting_members:
        _fail(_("Present members and written votes exceed the sitting members."), "written_votes")
    rules = rules or SessionRules()
    body = unit.bodies.filter(kind=level.voting_body).first()
    session = VoteSession.objects.create(
        campaign=campaign,
        level=level,
        unit=unit,
        body=body,
        held_at=held_at,
        sitting_members=sitting_members,
        present_members=present_members,
        written_votes=written_votes,
        chaired_by=chaired_by,
        recorded_by=user,
        **rules.__dict__,
    )
    if not quorum_met(session):
        _fail(
            _(
                "The session is not valid: %(n)s of %(sitting)s members took part, fewer than "
                "%(num)s/%(den)s."
            )
            % {
                "n": session.taking_part,
                "sitting": sitting_members,
                "num": rules.quorum_numerator,
                "den": rules.quorum_denominator,
            }
        )
    return session


@transaction.atomic
def record_tally(
    user,
    session: VoteSession,
    nomination: Nomination,
    *,
    proposed_outcome: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    now: datetime.datetime | None = None,
) -> Tally:
    session = VoteSession.objects.select_for_update().get(pk=session.pk)
    require(can_record_votes(user, session.unit), _("You cannot record votes for this unit."))
    if session.state != SessionState.OPEN:
        _fail(_("This vote session is closed."))
    nomination = workflow.lock(nomination)
    if nomination.reviewing_unit_id != session.unit_id or nomination.level_id != session.level_id:
        _fail(_("This nomination is not before this session."))
    if proposed_outcome not in allowed_outcomes(session.level):
        _fail(_("This level cannot decide that outcome."), "proposed_outcome")
    total = votes_for + votes_against + votes_abstain
    if total > session.taking_part:
        _fail(
            _("%(total)s votes recorded, but only %(n)s members took part.")
            % {"total": total, "n": session.taking_part},
            "votes_for",
        )
    outcome = proposed_outcome if vote_passes(session, votes_for) else Outcome.REJECT
    votes = _("%(f)s for, %(a)s against, %(b)s abstain")
    before = Tally.objects.filter(session=session, nomination=nomination).first()
    if before is None:
        workflow.check_state(nomination, "record_vote")
    elif nomination.state != S.VOTED:
        _fail(_("Only an appraised nomination can be voted on."))
    tally, _created = Tally.objects.update_or_create(
        session=session,
        nomination=nomination,
        defaults={
            "proposed_outcome": proposed_outcome,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
        },
    )
    counts = {"f": votes_for, "a": votes_against, "b": votes_abstain}
    if before is None:
        reason = _("Votes: %(f)s for, %(a)s against, %(b)s abstain") % counts
        workflow.take(user, nomination, "record_vote", reason, at=now, vote_outcome=outcome)
        return tally
    nomination.vote_outcome = outcome
    nomination.save(update_fields=["vote_outcome", "updated_at"])
    # A corrected tally stays on the record: the counts it replaced, and the new ones.
    old = {"f": before.votes_for, "a": before.votes_against, "b": before.votes_abstain}
    if old != counts or before.proposed_outcome != proposed_outcome:
        workflow.record(
            nomination,
            S.VOTED,
            user,
            _("Votes corrected: %(new)s (were %(old)s); proposed: %(outcome)s.")
            % {
                "new": votes % counts,
                "old": votes % old,
                "outcome": Outcome(proposed_outcome).label,
            },
            at=now,
            notify=False,
        )
    return tally


@transaction.atomic
def close_session(user, session: VoteSession, *, now: datetime.datetime | None = None):
    """Apply every outcome of the session at once, or none: the cap is checked on the result."""
    now = now or _now()
    session = (
        VoteSession.objects.select_for_update(of=("self",))
        .select_related("level", "unit")
        .get(pk=session.pk)
    )
    require(can_record_votes(user, session.unit), _("You cannot record votes for this unit."))
    if session.state != SessionState.OPEN:
        _fail(_("This vote session is already closed."))
    workflow.lock_unit(session.unit)
    tallies = list(session.tallies.select_related("nomination"))
    if not tallies:
        _fail(_("Record the votes on at least one nomination before closing the session."))
    day = timezone.localdate(now)

    def eligible_if_chosen(nomination: Nomination, outcome: str) -> None:
        if outcome in (Outcome.HONOR, Outcome.FORWARD):
            _check_eligible(nomination, day)

    # Each outcome as the tally left it; the cap and quotas are checked on the whole result.
    workflow.decide(
        user,
        "close_vote",
        [Decision(t.nomination, t.nomination.vote_outcome) for t in tallies],
        level=session.level,
        unit=session.unit,
        at=now,
        session=session,
        before=eligible_if_chosen,
    )
    session.state = SessionState.CLOSED
    session.closed_at = now
    session.save(update_fields=["state", "closed_at"])
    return session


# --- forwarding --------------------------------------------------------------------------------


@transaction.atomic
@transaction.atomic
def pass_on(user, nomination: Nomination, *, now: datetime.datetime | None = None):
    """At a level without a vote: appraised nominations go on as the level's own proposal,
    decided and sent in one transaction, so one refused leaves it waiting where it was."""
    now = now or _now()
    # Not locked here: ``decide`` locks the unit before the nomination, as ``send_up`` does.
    nomination = Nomination.objects.select_related("level", "reviewing_unit").get(pk=nomination.pk)
    workflow.check(user, nomination, "pass_on")
    assert nomination.level is not None and nomination.reviewing_unit is not None
    (nomination,) = workflow.decide(
        user,
        "pass_on",
        [Decision(nomination, Outcome.FORWARD)],
        level=nomination.level,
        unit=nomination.reviewing_unit,
        at=now,
    )
    return send_up(user, [nomination], now=now)[0]


@transaction.atomic
def send_up(user, nominations: Iterable[Nomination], *, now: datetime.datetime | None = None):
    """Send forwarded nominations to the next level, before its deadline and within the cap."""
    now = now or _now()
    nominations = list(nominations)
    if not nominations:
        _fail(_("Choose the nominations to send."))
    units = {n.reviewing_unit_id for n in nominations}
    if len(units) != 1:
        _fail(_("Send the nominations of one unit at a time."))
    reviewing_unit = nominations[0].reviewing_unit
    if reviewing_unit is None:
        _fail(
            _("%(nominee)s has not been voted to be forwarded.")
            % {"nominee": nominations[0].nominee_name}
        )
    unit = workflow.lock_unit(reviewing_unit)
    sent = []
    for nomination in nominations:
        nomination = workflow.lock(nomination)
        workflow.check(user, nomination, "send_up")
        chain = _chain(nomination, nomination.campaign)
        index = next((i for i, step in enumerate(chain) if step.unit.pk == unit.pk), None)
        if index is None or index + 1 >= len(chain):
            _fail(_("There is no level above this one in the campaign."))
        nxt = chain[index + 1]
        _check_window(nxt.level, now)
        _check_eligible(nomination, timezone.localdate(now))
        workflow.take(
            user,
            nomination,
            "send_up",
            _("Forwarded by %(unit)s") % {"unit": unit.name},
            at=now,
            level=nxt.level,
            reviewing_unit=nxt.unit,
            vote_outcome="",
        )
        sent.append(nomination)
    return sent


def role_label(role: str) -> str | Promise:
    return Role(role).label if role else ""
