"""Readings of the workflow that pages, documents and services share: which level a unit plays,
what a vote session needs and decides, where the forwarding cap stands. They read, they never
change anything; the numbers come from the pure rules in ``campaigns.rules_engine``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from campaigns import rules_engine
from campaigns.models import Campaign, CapBase, Category, ReviewLevel
from campaigns.rules_engine import CapCheck, check_cap
from committees.models import Unit

from .models import LevelDecision, Nomination, Outcome, ThresholdBase, VoteSession
from .models import NominationState as S


def level_of(campaign: Campaign, unit: Unit) -> ReviewLevel:
    """The level a unit plays in a campaign; refused when it plays none."""
    level = campaign.level_played_by(unit)
    if level is None:
        raise ValidationError(
            _("%(unit)s is not a reviewing level of this campaign.") % {"unit": unit.name}
        )
    return level


def level_or_403(campaign: Campaign, unit: Unit) -> ReviewLevel:
    """``level_of`` for a page or a document: a unit that plays no level is refused (403)."""
    try:
        return level_of(campaign, unit)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from error


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


def campaign_checklist(category: Category) -> list[str]:
    return list(category.checklist or [])


# --- a vote session ----------------------------------------------------------------------------


def quorum_met(session: VoteSession) -> bool:
    return rules_engine.quorum_met(
        taking_part=session.taking_part,
        sitting=session.sitting_members,
        numerator=session.quorum_numerator,
        denominator=session.quorum_denominator,
    )


def _threshold(session: VoteSession) -> dict:
    return {
        "sitting": session.sitting_members,
        "taking_part": session.taking_part,
        "numerator": session.threshold_numerator,
        "denominator": session.threshold_denominator,
        "strictly_more": session.threshold_strictly_more,
        "of_sitting": session.threshold_base == ThresholdBase.SITTING,
    }


def vote_passes(session: VoteSession, votes_for: int) -> bool:
    return rules_engine.vote_passes(votes_for, **_threshold(session))


def threshold_base(session: VoteSession) -> int:
    """The number of members the threshold is a fraction of."""
    if session.threshold_base == ThresholdBase.SITTING:
        return session.sitting_members
    return session.taking_part


def votes_needed(session: VoteSession) -> int | None:
    """The fewest votes in favour that pass in ``session``; None when no number can."""
    return rules_engine.votes_needed(**_threshold(session))


# --- the forwarding cap ------------------------------------------------------------------------


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
    if level.cap_base == CapBase.RECEIVED_HERE:
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
