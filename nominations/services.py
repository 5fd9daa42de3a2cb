"""Domain operations on nominations. Each is one function that, in order: checks who may act,
locks what the rule counts, checks the rules, changes the state, writes the history and queues
the notifications, all in one transaction, so a refused action changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import rules_engine
from campaigns.models import Campaign, Category, NomineeKind, QuotaScope, ReviewLevel
from campaigns.rules_engine import (
    CapCheck,
    check_cap,
    is_eligible,
    review_chain,
    window_error,
)
from committees.models import Person, Role, Unit, normalize_text
from dossiers.completeness import missing_documents

from . import eligibility, quotas
from .models import (
    LevelDecision,
    Nomination,
    NominationEvent,
    Outcome,
    SessionState,
    Tally,
    ThresholdBase,
    VoteSession,
)
from .models import NominationState as S
from .policies import (
    can_act_at_level,
    can_file_for,
    can_record_votes,
    require,
)
from .tasks import queue_notification

# --- plumbing ----------------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return timezone.now()


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related(
            "campaign", "category", "level", "reviewing_unit", "filing_unit", "person", "collective"
        )
        .get(pk=nomination.pk)
    )


def _lock_unit(unit: Unit) -> Unit:
    """Serialises every count-based rule (quota, cap) of one unit: the row is the mutex."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _record(
    nomination: Nomination,
    from_state: str,
    user,
    reason: str = "",
    *,
    at: datetime.datetime | None = None,
) -> NominationEvent:
    event = NominationEvent.objects.create(
        nomination=nomination,
        from_state=from_state,
        to_state=nomination.state,
        level=nomination.level,
        unit=nomination.reviewing_unit or nomination.filing_unit,
        actor=user,
        actor_role=getattr(user, "role", "") or "",
        actor_unit=getattr(user, "unit", None),
        at=at or _now(),
        reason=reason,
    )
    transaction.on_commit(lambda: queue_notification(event.pk))
    return event


def _fail(message, field: str | None = None):
    raise ValidationError({field: message} if field else message)


def _chain(nomination_or_unit: Nomination | Unit, campaign: Campaign):
    filing_unit = getattr(nomination_or_unit, "filing_unit", nomination_or_unit)
    ancestors = list(Unit.objects.get_ancestors(filing_unit))
    return review_chain(filing_unit, ancestors, list(campaign.levels.all()), campaign.organiser)


def _check_window(level: ReviewLevel, now: datetime.datetime, field: str | None = None) -> None:
    error = window_error(now, level.opens_at, level.closes_at)
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
        nomination = _lock(nomination)
        editable = nomination.state in (S.DRAFT, S.RETURNED)
        if not editable or nomination.filing_unit_id != filing_unit.pk:
            _fail(_("Only a draft or a returned nomination can be edited."))
    category = draft.category
    if category.campaign_id != campaign.pk:
        _fail(_("This category belongs to another campaign."), "category")
    individual = category.nominee_kind == NomineeKind.INDIVIDUAL
    if individual and draft.person is None:
        _fail(_("Choose the person to nominate."), "person")
    if not individual and draft.collective is None:
        _fail(_("Choose the collective to nominate."), "collective")
    nominee_unit = draft.person.unit if individual else draft.collective
    if not filing_unit.contains(nominee_unit):
        _fail(_("The nominee must belong to your unit."), "person" if individual else "collective")
    summary = normalize_text(draft.achievement_summary) and draft.achievement_summary.strip()
    if not summary:
        _fail(_("Write the achievement summary."), "achievement_summary")
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
        _record(nomination, "", user, _("Draft created"))
    else:
        for name, value in fields.items():
            setattr(nomination, name, value)
        nomination.save()
    return nomination


@transaction.atomic
def submit(user, nomination: Nomination, *, now: datetime.datetime | None = None) -> Nomination:
    """Send a draft (or a returned nomination) to the first reviewing level."""
    now = now or _now()
    nomination = _lock(nomination)
    require(
        can_file_for(user, nomination.filing_unit), _("You cannot file nominations for this unit.")
    )
    if nomination.state not in (S.DRAFT, S.RETURNED):
        _fail(_("This nomination has already been submitted."))
    campaign = nomination.campaign
    if campaign.status != "open":
        _fail(_("The campaign is not open."))
    chain = _chain(nomination, campaign)
    if not chain:
        _fail(_("No reviewing level of this campaign sits above your unit."))
    first = chain[0]
    _check_window(first.level, now)
    checklist = campaign_checklist(nomination.category)
    confirmed = nomination.checklist_confirmed or []
    if checklist and (len(confirmed) < len(checklist) or not all(confirmed[: len(checklist)])):
        _fail(_("Confirm every qualitative criterion before submitting."), "checklist_confirmed")
    _check_eligible(nomination, timezone.localdate(now))
    _check_report_length(nomination)
    if nomination.state == S.DRAFT:
        _lock_unit(nomination.filing_unit)
        errors = quotas.errors_for(nomination, QuotaScope.FILED, nomination.filing_unit)
        if errors:
            _fail(" ".join(errors))
    from_state = nomination.state
    nomination.submit()
    nomination.level = first.level
    nomination.reviewing_unit = first.unit
    nomination.submitted_at = now
    nomination.state_reason = ""
    nomination.save()
    _record(nomination, from_state, user, at=now)
    return nomination


@transaction.atomic
def withdraw(
    user, nomination: Nomination, reason: str = "", *, now: datetime.datetime | None = None
) -> Nomination:
    now = now or _now()
    nomination = _lock(nomination)
    require(
        can_file_for(user, nomination.filing_unit),
        _("Only the unit that filed a nomination can withdraw it."),
    )
    if nomination.state not in (S.DRAFT, S.PROPOSED, S.RETURNED):
        _fail(_("A nomination can be withdrawn only before it is appraised."))
    if nomination.state != S.DRAFT:
        chain = _chain(nomination, nomination.campaign)
        if nomination.level_id != chain[0].level.pk:
            _fail(_("The nomination has already left the first level."))
        _check_window(chain[0].level, now)
    from_state = nomination.state
    nomination.withdraw()
    nomination.state_reason = reason
    nomination.save()
    _record(nomination, from_state, user, reason, at=now)
    return nomination


def _check_report_length(nomination: Nomination) -> None:
    """Seed 002: "báo cáo thành tích tối đa 02 trang A4", counted on the rendered report."""
    # Imported here: the documents read the workflow's own helpers from this module.
    from dossiers.documents.checks import check_campaign_report_length

    message = check_campaign_report_length(nomination)
    if message:
        _fail(message, "achievement_summary")


def campaign_checklist(category: Category) -> list[str]:
    return list(category.checklist or [])


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
    nomination = _lock(nomination)
    require(can_act_at_level(user, nomination), _("This nomination is not at your level."))
    if nomination.state != S.PROPOSED:
        _fail(_("Only a proposed nomination can be appraised."))
    missing = missing_documents(nomination)
    if missing:
        _fail(
            _("Required documents are missing: %(documents)s.") % {"documents": ", ".join(missing)}
        )
    checklist = campaign_checklist(nomination.category)
    verified = list(verified if verified is not None else nomination.checklist_verified or [])
    if checklist and (len(verified) < len(checklist) or not all(verified[: len(checklist)])):
        _fail(
            _("Verify every qualitative criterion, or return the nomination with a reason."),
            "checklist_verified",
        )
    _check_eligible(nomination, timezone.localdate(now))
    nomination.appraise()
    nomination.checklist_verified = verified
    nomination.save()
    _record(nomination, S.PROPOSED, user, note, at=now)
    return nomination


@transaction.atomic
def return_for_revision(
    user, nomination: Nomination, reason: str, *, now: datetime.datetime | None = None
) -> Nomination:
    nomination = _lock(nomination)
    require(can_act_at_level(user, nomination), _("This nomination is not at your level."))
    if not reason.strip():
        _fail(_("Give the reason for returning it."), "reason")
    if nomination.state != S.PROPOSED:
        _fail(_("Only a proposed nomination can be returned."))
    nomination.return_for_revision()
    nomination.state_reason = reason.strip()
    nomination.save()
    _record(nomination, S.PROPOSED, user, reason.strip(), at=now)
    return nomination


@transaction.atomic
def reject(
    user, nomination: Nomination, reason: str, *, now: datetime.datetime | None = None
) -> Nomination:
    nomination = _lock(nomination)
    require(can_act_at_level(user, nomination), _("This nomination is not at your level."))
    if not reason.strip():
        _fail(_("Give the reason for not accepting it."), "reason")
    if nomination.state not in (S.PROPOSED, S.APPRAISED):
        _fail(_("This nomination can no longer be rejected here."))
    from_state = nomination.state
    nomination.reject()
    nomination.state_reason = reason.strip()
    nomination.save()
    LevelDecision.objects.create(
        nomination=nomination,
        level=nomination.level,
        unit=nomination.reviewing_unit,
        outcome=Outcome.REJECT,
    )
    _record(nomination, from_state, user, reason.strip(), at=now)
    return nomination


# --- voting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRules:
    quorum_numerator: int = 2
    quorum_denominator: int = 3
    threshold_numerator: int = 1
    threshold_denominator: int = 2
    threshold_strictly_more: bool = True
    threshold_base: str = ThresholdBase.SITTING


def quorum_met(session: VoteSession) -> bool:
    return rules_engine.quorum_met(
        taking_part=session.taking_part,
        sitting=session.sitting_members,
        numerator=session.quorum_numerator,
        denominator=session.quorum_denominator,
    )


def vote_passes(session: VoteSession, votes_for: int) -> bool:
    return rules_engine.vote_passes(
        votes_for,
        sitting=session.sitting_members,
        taking_part=session.taking_part,
        numerator=session.threshold_numerator,
        denominator=session.threshold_denominator,
        strictly_more=session.threshold_strictly_more,
        of_sitting=session.threshold_base == ThresholdBase.SITTING,
    )


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


def level_of(campaign: Campaign, unit: Unit) -> ReviewLevel:
    """The level a unit plays in a campaign; refused when it plays none."""
    level = campaign.level_played_by(unit)
    if level is None:
        _fail(_("%(unit)s is not a reviewing level of this campaign.") % {"unit": unit.name})
    return level


def allowed_outcomes(level: ReviewLevel) -> list[str]:
    """What a vote at ``level`` may propose: honoring there, forwarding to the next level."""
    return [
        outcome
        for outcome, allowed in (
            (Outcome.HONOR, level.can_honor),
            (Outcome.FORWARD, level.can_forward),
        )
        if allowed
    ]


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
    nomination = _lock(nomination)
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
    if nomination.state == S.APPRAISED:
        nomination.record_vote()
        nomination.vote_outcome = outcome
        nomination.save()
        _record(
            nomination,
            S.APPRAISED,
            user,
            _("Votes: %(f)s for, %(a)s against, %(b)s abstain")
            % {"f": votes_for, "a": votes_against, "b": votes_abstain},
            at=now,
        )
    elif nomination.state == S.VOTED and nomination.tallies.filter(session=session).exists():
        nomination.vote_outcome = outcome
        nomination.save(update_fields=["vote_outcome", "updated_at"])
    else:
        _fail(_("Only an appraised nomination can be voted on."))
    return tally


def cap_status(
    level: ReviewLevel, unit: Unit, *, extra_honored: int = 0, extra_forwarded: int = 0
) -> CapCheck | None:
    """The forwarding cap of ``unit`` at ``level``, counting what is already decided there."""
    if level.forward_cap_percent is None:
        return None
    decided = LevelDecision.objects.filter(level=level, unit=unit, nomination__person__isnull=False)
    counts = decided.aggregate(
        honored=Count("id", filter=Q(outcome=Outcome.HONOR)),
        forwarded=Count("id", filter=Q(outcome=Outcome.FORWARD)),
    )
    if level.cap_base == "received_here":
        base = (
            Nomination.objects.unscoped("cap base: all received at this level, whoever asks")
            .filter(
                events__level=level,
                events__unit=unit,
                events__to_state=S.PROPOSED,
                person__isnull=False,
            )
            .distinct()
            .count()
        )
    else:
        base = counts["honored"] + extra_honored
    return check_cap(
        base=base,
        percent=level.forward_cap_percent,
        rounding=level.cap_rounding,
        requested=counts["forwarded"] + extra_forwarded,
    )


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
    _lock_unit(session.unit)
    tallies = list(session.tallies.select_related("nomination"))
    if not tallies:
        _fail(_("Record the votes on at least one nomination before closing the session."))
    day = timezone.localdate(now)
    for tally in tallies:
        nomination = _lock(tally.nomination)
        outcome = nomination.vote_outcome
        if outcome in (Outcome.HONOR, Outcome.FORWARD):
            _check_eligible(nomination, day)
        if outcome == Outcome.HONOR:
            nomination.honor()
            nomination.honored_level = session.level
        elif outcome == Outcome.FORWARD:
            nomination.forward()
        else:
            nomination.reject()
        nomination.save()
        LevelDecision.objects.create(
            nomination=nomination,
            level=session.level,
            unit=session.unit,
            outcome=outcome,
            vote_session=session,
            decided_at=now,
        )
        _record(nomination, S.VOTED, user, at=now)
    errors = quotas.forwarded_errors(session.campaign, session.unit)
    if errors:
        _fail(" ".join(errors))
    cap = cap_status(session.level, session.unit)
    if cap is not None and not cap.ok:
        _fail(
            _(
                "The session breaks the forwarding cap: %(sum)s may be forwarded, "
                "%(requested)s were voted to be forwarded."
            )
            % {"sum": cap.sum_text(), "requested": cap.requested}
        )
    session.state = SessionState.CLOSED
    session.closed_at = now
    session.save(update_fields=["state", "closed_at"])
    return session


# --- forwarding --------------------------------------------------------------------------------


@transaction.atomic
def pass_on(user, nomination: Nomination, *, now: datetime.datetime | None = None):
    """At a level without a vote: appraised nominations go on as the level's own proposal."""
    now = now or _now()
    nomination = _lock(nomination)
    require(can_act_at_level(user, nomination), _("This nomination is not at your level."))
    if nomination.level.voting_body:
        _fail(_("At this level the standing committee votes before anything is forwarded."))
    if nomination.state != S.APPRAISED:
        _fail(_("Only an appraised nomination can be passed on."))
    nomination.forward()
    nomination.save()
    LevelDecision.objects.create(
        nomination=nomination,
        level=nomination.level,
        unit=nomination.reviewing_unit,
        outcome=Outcome.FORWARD,
        decided_at=now,
    )
    errors = quotas.forwarded_errors(nomination.campaign, nomination.reviewing_unit)
    if errors:
        _fail(" ".join(errors))
    _record(nomination, S.APPRAISED, user, at=now)
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
    unit = _lock_unit(nominations[0].reviewing_unit)
    sent = []
    for nomination in nominations:
        nomination = _lock(nomination)
        require(can_act_at_level(user, nomination), _("This nomination is not at your level."))
        if nomination.state != S.FORWARDED:
            _fail(
                _("%(nominee)s has not been voted to be forwarded.")
                % {"nominee": nomination.nominee_name}
            )
        chain = _chain(nomination, nomination.campaign)
        index = next((i for i, step in enumerate(chain) if step.unit.pk == unit.pk), None)
        if index is None or index + 1 >= len(chain):
            _fail(_("There is no level above this one in the campaign."))
        nxt = chain[index + 1]
        _check_window(nxt.level, now)
        _check_eligible(nomination, timezone.localdate(now))
        nomination.arrive_at_next_level()
        nomination.level = nxt.level
        nomination.reviewing_unit = nxt.unit
        nomination.vote_outcome = ""
        nomination.save()
        _record(
            nomination, S.FORWARDED, user, _("Forwarded by %(unit)s") % {"unit": unit.name}, at=now
        )
        sent.append(nomination)
    return sent


def role_label(role: str) -> str:
    return Role(role).label if role else ""
