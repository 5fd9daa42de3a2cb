"""The dashboard panel of open campaigns: for each, what the user's unit has to do now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignStatus, ReviewLevel
from core.dashboard import Panel

from .lists import handled_q
from .models import Nomination
from .models import NominationState as S
from .permissions import can_file_for, can_record_votes, can_run_public_vote, reviews_at_a_level


@dataclass
class Task:
    label: str
    url: str
    count: int | None = None
    #: a count of things to do (red when not zero), or only of things done
    todo: bool = True


@dataclass
class CampaignRow:
    campaign: Campaign
    level: ReviewLevel | None
    next_deadline: object = None
    tasks: list[Task] = field(default_factory=list)


def _tasks(user, campaign: Campaign, level: ReviewLevel | None, counts: dict) -> list[Task]:
    unit, code = user.unit, campaign.code
    tasks = []
    if campaign.files_from(unit) and can_file_for(user, unit):
        tasks.append(
            Task(
                _("Your unit's nominations"),
                reverse("nominations:unit-nominations", args=[code]),
                counts.get("filed", 0),
            )
        )
    if level is None:
        return tasks
    if reviews_at_a_level(user):
        # The count and the list it opens are the same rows: the queue filtered on "proposed".
        tasks.append(
            Task(
                _("Waiting for appraisal"),
                reverse("nominations:queue", args=[code]) + f"?state={S.PROPOSED}",
                counts.get("waiting", 0),
            )
        )
        tasks.append(
            Task(
                _("Passed on or decided by us"),
                reverse("nominations:handled", args=[code]),
                counts.get("handled", 0),
                todo=False,
            )
        )
        if level.can_forward and level.voting_body:
            tasks.append(
                Task(
                    _("Voted to go up, not sent yet"),
                    reverse("nominations:send-up", args=[code]),
                    counts.get("to_send", 0),
                )
            )
        tasks.append(Task(_("Progress of the units"), reverse("nominations:progress", args=[code])))
    if level.voting_body and can_record_votes(user, unit):
        tasks.append(
            Task(
                _("Waiting for the vote"),
                reverse("nominations:session-list", args=[code]),
                counts.get("to_vote", 0),
            )
        )
    if unit.pk == campaign.organiser_id and can_record_votes(user, unit):
        tasks.append(Task(_("Final list"), reverse("nominations:final-list", args=[code])))
    if (
        unit.pk == campaign.organiser_id
        and can_run_public_vote(user, unit)
        and _has_public_vote(campaign)
    ):
        tasks.append(
            Task(_("Public vote"), reverse("public_votes:public-vote-manage", args=[code]))
        )
    return tasks


def _has_public_vote(campaign: Campaign) -> bool:
    """Configured for one, or running one (read from ``select_related("public_vote")``: no
    query per campaign)."""
    if campaign.public_vote_rules:
        return True
    try:
        return campaign.public_vote is not None
    except ObjectDoesNotExist:
        return False


def open_campaigns_panel(user) -> Panel | None:
    if not user.is_authenticated or user.unit_id is None:
        return None
    campaigns = list(
        Campaign.objects.visible_to(user)
        .filter(status=CampaignStatus.OPEN)
        .select_related("organiser", "public_vote")
        .prefetch_related("levels")
    )
    if not campaigns:
        return None
    unit = user.unit
    counts = {
        row.pop("campaign_id"): row
        for row in Nomination.objects.visible_to(user)
        .filter(campaign__in=campaigns)
        .values("campaign_id")
        .annotate(
            filed=Count("pk", filter=Q(filing_unit=unit) & ~Q(state__in=[S.WITHDRAWN])),
            waiting=Count("pk", filter=Q(reviewing_unit=unit, state=S.PROPOSED)),
            to_vote=Count("pk", filter=Q(reviewing_unit=unit, state=S.APPRAISED)),
            to_send=Count("pk", filter=Q(reviewing_unit=unit, state=S.FORWARDED)),
            handled=Count("pk", filter=handled_q(unit)),
        )
    }
    now = timezone.now()
    rows = []
    for campaign in campaigns:
        level = campaign.level_played_by(unit)
        deadlines = sorted(
            lvl.closes_at for lvl in campaign.levels.all() if lvl.closes_at and lvl.closes_at > now
        )
        rows.append(
            CampaignRow(
                campaign,
                level,
                deadlines[0] if deadlines else None,
                _tasks(user, campaign, level, counts.get(campaign.pk, {})),
            )
        )
    return Panel(
        "nominations/dashboard/open_campaigns.html",
        {"rows": rows},
        has_work=any(row.tasks for row in rows),
    )


def returned_panel(user) -> Panel | None:
    """The nominations returned to the user's unit for revision, each with its reason: at the
    top of the dashboard of whoever files for the unit, until they are submitted again. One
    query."""
    if not user.is_authenticated or user.unit_id is None or not can_file_for(user, user.unit):
        return None
    returned = list(
        Nomination.objects.visible_to(user)
        .filter(filing_unit_id=user.unit_id, state=S.RETURNED)
        .select_related("person", "collective", "campaign", "level")
        .order_by("-updated_at", "-id")
    )
    if not returned:
        return None
    return Panel("nominations/dashboard/returned.html", {"nominations": returned})
