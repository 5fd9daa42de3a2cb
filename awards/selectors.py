"""The shared reads of the decisions: who awaits a decision, in the annex's order, a unit's
decisions, and the decision lines of a person's or a unit's record."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit
from nominations.models import Nomination
from nominations.models import NominationState as S

from .models import Decision, DecisionEntry


def annex_order(queryset: QuerySet) -> QuerySet:
    """The order of every annex (the decision, the certificates, the invitation lists): by the
    nominee's unit as the tree stands (the filing unit's path), then the person's name as
    Vietnamese sorts it (given name first), a collective by its name, then the id."""
    return queryset.order_by("filing_unit__path", "person__sort_key", "collective__sort_key", "id")


def live_entry_exists():
    return Exists(DecisionEntry.objects.filter(nomination=OuterRef("pk"), live=True))


def awaiting_decision(campaign: Campaign, unit: Unit, level: ReviewLevel) -> QuerySet:
    """The nominations ``unit`` honored at ``level`` that no live decision (draft or issued)
    names yet, in the annex's order."""
    queryset = (
        Nomination.objects.within(unit)
        .filter(
            campaign=campaign,
            state=S.HONORED,
            honored_level=level,
            reviewing_unit=unit,
        )
        .exclude(live_entry_exists())
    )
    return annex_order(queryset)


def decisions_of(campaign: Campaign, unit: Unit) -> QuerySet:
    """The unit's decisions in a campaign, drafts first, then the issued ones newest first,
    with what their rows print (the annulment of each, the decision an annulment names)."""
    return (
        Decision.objects.within(unit)
        .filter(campaign=campaign, unit=unit)
        .select_related(
            "unit", "level", "annuls__unit", "annulled_by__unit", "issued_by", "created_by"
        )
        .order_by(F("issued_at").desc(nulls_first=True), "-id")
    )


def honoring_levels(campaign: Campaign, unit: Unit) -> list[ReviewLevel]:
    """The levels at which ``unit`` honored nominations of the campaign (a unit plays one level
    in a campaign; the list is empty when it honored none)."""
    ids = (
        Nomination.objects.within(unit)
        .filter(campaign=campaign, state=S.HONORED, reviewing_unit=unit)
        .values("honored_level")
    )
    return list(campaign.levels.filter(pk__in=ids).order_by("position"))


def record_entries(user, *, person=None, collective=None) -> list[DecisionEntry]:
    """The lines of issued decisions that name a person (or a unit as a collective), read in
    the user's scope, newest first, each with its decision, the decision's unit and its
    annulment: three tables in one query, whatever the number of lines."""
    nominations = Nomination.objects.visible_to(user)
    if person is not None:
        nominations = nominations.filter(person=person)
    else:
        nominations = nominations.filter(collective=collective)
    return list(
        DecisionEntry.objects.filter(
            nomination__in=nominations.values("pk"),
            decision__issued_at__isnull=False,
            decision__kind="honor",
        )
        .select_related(
            "decision__unit",
            "decision__campaign",
            "decision__annulled_by",
            "decision__annulled_by__unit",
        )
        .order_by("-decision__issued_on", "-decision__id", "order")
    )
