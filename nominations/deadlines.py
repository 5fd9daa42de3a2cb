"""Whether a level still receives nominations now, and where a unit's nominations go first:
what the filing and sending buttons and the unit's page ask, the same windows the services
enforce (``campaigns.rules_engine.window_error``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from campaigns.models import Campaign, ReviewLevel
from campaigns.rules_engine import review_chain, window_error
from committees.models import Unit


def filing_chain(campaign: Campaign, unit: Unit):
    """The levels a nomination of ``unit`` would pass through, bottom to top."""
    ancestors = list(Unit.objects.get_ancestors(unit))
    return review_chain(unit, ancestors, list(campaign.levels.all()), campaign.organiser)


def accepting(level: ReviewLevel | None, now: datetime.datetime | None = None) -> bool:
    """The level receives now: its window is open (``submit`` and ``send_up`` check the same)."""
    return (
        level is not None
        and window_error(now or timezone.now(), level.opens_at, level.closes_at) is None
    )


def binding_deadline(campaign: Campaign, chain) -> datetime.datetime | None:
    """The deadline that binds a unit's nominations: the earliest ``closes_at`` of the levels
    they must pass on their way up (``chain``, levels merged into one step included). Seed
    000's grassroots and district levels have none: a cell's deadline is the city's, "trước
    ngày 15/01/2025". A nomination that misses any level's deadline on the way is lost, so
    the earliest one is the unit's, even when it belongs to a level above."""
    positions = {position for step in chain for position in step.positions}
    return min(
        (
            level.closes_at
            for level in campaign.levels.all()
            if level.position in positions and level.closes_at is not None
        ),
        default=None,
    )


def passed(deadline: datetime.datetime | None, now: datetime.datetime | None = None) -> bool:
    """The exclusive ``deadline`` is reached (never, without one)."""
    return deadline is not None and (now or timezone.now()) >= deadline


@dataclass(frozen=True)
class Desk:
    """A unit filing in a campaign, the level its nominations go to first (None when no level
    of the campaign sits above it) and the deadline that binds them (``binding_deadline``):
    the object of ``nominations.file_now``."""

    campaign: Campaign
    unit: Unit
    level: ReviewLevel | None
    deadline: datetime.datetime | None = None

    @classmethod
    def of(cls, campaign: Campaign, unit: Unit, chain=None) -> Desk:
        chain = filing_chain(campaign, unit) if chain is None else chain
        return cls(
            campaign,
            unit,
            chain[0].level if chain else None,
            binding_deadline(campaign, chain),
        )
