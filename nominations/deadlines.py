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


@dataclass(frozen=True)
class Desk:
    """A unit filing in a campaign, and the level its nominations go to first (None when no
    level of the campaign sits above it): the object of ``nominations.file_now``."""

    campaign: Campaign
    unit: Unit
    level: ReviewLevel | None

    @classmethod
    def of(cls, campaign: Campaign, unit: Unit, chain=None) -> Desk:
        chain = filing_chain(campaign, unit) if chain is None else chain
        return cls(campaign, unit, chain[0].level if chain else None)

    @property
    def deadline(self) -> datetime.datetime | None:
        return self.level.closes_at if self.level is not None else None
