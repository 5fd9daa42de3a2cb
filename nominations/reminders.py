"""Reminders of the deadlines of nominations, to the units that have not acted yet: the filing
units that have filed nothing (before the campaign's filing deadline) and the units holding
nominations voted to go up and not sent (before the deadline of the level above).

Beat runs ``remind_due`` once a day: each deadline gets its reminders ``REMINDER_DAYS`` before
it (default 7 and 1). The progress page's "remind the units" action runs ``remind_now`` for the
units under the staff's unit. Either way a unit is reminded of one deadline at one offset once
(``notifications.services.claim_reminders``); an action on the page counts the whole days left
as its offset, so pressing it twice a day, or on the day beat reminds, tells nobody twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import Campaign, CampaignStatus, ReviewLevel
from committees.models import Role, Unit
from notifications.models import DeadlineKind, NoticeKind
from notifications.services import (
    UNIT_ROLES,
    accounts_at,
    claim_reminders,
    days_left,
    notify,
    reminder_offset,
)

from .models import Nomination
from .models import NominationState as S
from .permissions import reviews_at_a_level
from .progress import filing_deadline
from .selectors import level_or_403


def _moment(deadline_at: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(deadline_at), "H:i d/m/Y")


def _left(days: int) -> str:
    if days <= 0:
        return _("The deadline is today.")
    return ngettext("%(n)d day left.", "%(n)d days left.", days) % {"n": days}


def silent_filing_units(campaign: Campaign, within: Unit | None = None) -> QuerySet[Unit]:
    """The active filing units of ``campaign`` (inside ``within``) with no nomination submitted
    and still alive."""
    alive = (
        Nomination.objects.unscoped("reminders: who has filed, across the campaign")
        .filter(campaign=campaign)
        .exclude(state__in=[S.DRAFT, S.WITHDRAWN])
        .values("filing_unit_id")
    )
    return (
        Unit.objects.active()
        .filter(
            path__startswith=(within or campaign.organiser).path,
            kind__in=campaign.filing_kinds or [],
        )
        .exclude(pk__in=alive)
    )


def units_not_sent_up(level: ReviewLevel, within: Unit | None = None) -> QuerySet[Unit]:
    """The units of the level below ``level`` holding nominations voted to go up to it and not
    sent yet."""
    waiting = Nomination.objects.unscoped("reminders: what waits to be sent up").filter(
        campaign_id=level.campaign_id, level__position=level.position - 1, state=S.FORWARDED
    )
    if within is not None:
        waiting = waiting.filter(reviewing_unit__path__startswith=within.path)
    return Unit.objects.filter(pk__in=waiting.values("reviewing_unit_id"))


def _tell(
    units: Iterable[Unit],
    kind: str,
    deadline_id: int,
    deadline_at: datetime.datetime,
    days_before: int,
    *,
    roles,
    title: str,
    body: str,
    url: str,
) -> int:
    """Remind the units not yet reminded at this offset; how many were."""
    with transaction.atomic():
        claimed = claim_reminders(units, kind, deadline_id, deadline_at, days_before)
        if claimed:
            notify(accounts_at(claimed, roles), NoticeKind.DEADLINE, title, body, url)
    return len(claimed)


def remind_filing(
    campaign: Campaign, days_before: int, within: Unit | None = None, *, days: int | None = None
) -> int:
    deadline_at = filing_deadline(campaign)
    days = days_before if days is None else days
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reminder: file your unit's nominations for %(campaign)s before %(moment)s") % {
            "campaign": campaign.title,
            "moment": _moment(deadline_at),
        }
        body = " ".join(
            [_("Your unit has not submitted any nomination in this campaign yet."), _left(days)]
        )
    return _tell(
        silent_filing_units(campaign, within),
        DeadlineKind.FILING,
        campaign.pk,
        deadline_at,
        days_before,
        roles=UNIT_ROLES,
        title=title,
        body=body,
        url=reverse("nominations:unit-nominations", args=[campaign.code]),
    )


def remind_sending_up(
    level: ReviewLevel, days_before: int, within: Unit | None = None, *, days: int | None = None
) -> int:
    campaign = level.campaign
    days = days_before if days is None else days
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reminder: send up the nominations voted for %(level)s before %(moment)s") % {
            "level": level.name,
            "moment": _moment(level.closes_at),
        }
        body = " ".join(
            [
                _("Your unit holds nominations voted to go up that have not been sent yet."),
                _left(days),
            ]
        )
    return _tell(
        units_not_sent_up(level, within),
        DeadlineKind.SENDING_UP,
        level.pk,
        level.closes_at,
        days_before,
        roles=(Role.STAFF,),
        title=title,
        body=body,
        url=reverse("nominations:send-up", args=[campaign.code]),
    )


def _levels_above_the_first(campaign: Campaign) -> list[ReviewLevel]:
    return [lvl for lvl in campaign.levels.all() if lvl.position > 1 and lvl.closes_at]


def remind_due(now: datetime.datetime | None = None) -> int:
    """Beat's daily run: every open campaign's deadlines that are ``REMINDER_DAYS`` away; the
    number of units reminded."""
    now = now or timezone.now()
    offsets = settings.REMINDER_DAYS
    reminded = 0
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN).select_related("organiser")
    for campaign in campaigns.prefetch_related("levels"):
        deadline = filing_deadline(campaign)
        offset = reminder_offset(deadline, offsets, now)
        if offset is not None and campaign.filing_kinds:
            reminded += remind_filing(campaign, offset, days=days_left(deadline, now))
        for level in _levels_above_the_first(campaign):
            offset = reminder_offset(level.closes_at, offsets, now)
            if offset is not None:
                reminded += remind_sending_up(level, offset, days=days_left(level.closes_at, now))
    return reminded


def remind_now(user, campaign: Campaign, now: datetime.datetime | None = None) -> int:
    """The progress page's action: remind at once the units under ``user``'s unit that have not
    filed, or not sent up to the user's level; the number of units reminded. Nobody is reminded
    twice of one deadline on one day."""
    now = now or timezone.now()
    if not reviews_at_a_level(user):
        raise ValidationError(_("The progress page is for the staff of a reviewing level."))
    level = level_or_403(campaign, user.unit)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not open."))
    reminded = 0
    deadline = filing_deadline(campaign)
    open_deadlines = 0
    if deadline > now and campaign.filing_kinds:
        open_deadlines += 1
        left = max(days_left(deadline, now), 0)
        reminded += remind_filing(campaign, left, user.unit, days=left)
    if level.position > 1 and level.closes_at and level.closes_at > now:
        open_deadlines += 1
        left = max(days_left(level.closes_at, now), 0)
        reminded += remind_sending_up(level, left, user.unit, days=left)
    if not open_deadlines:
        raise ValidationError(_("The deadline has passed: there is nothing to remind of."))
    return reminded
