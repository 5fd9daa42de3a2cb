"""Counting what a unit has filed or forwarded against the campaign's quotas."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Q

from campaigns.models import Campaign, Quota, QuotaScope
from campaigns.rules_engine import QuotaLimits, QuotaUsage, quota_errors, quota_remaining
from committees.models import Unit

from .models import LevelDecision, Nomination, NominationState, Outcome


def quotas_for(campaign: Campaign, unit: Unit, scope: str) -> list[Quota]:
    """The quotas that bind ``unit``: a fixed allocation for it replaces those by kind."""
    quotas = [q for q in campaign.quotas.all() if q.scope == scope]
    allocated = [q for q in quotas if q.unit_id == unit.pk]
    if allocated:
        return allocated
    return [q for q in quotas if q.unit_id is None and unit.kind in (q.unit_kinds or [])]


def limits(quota: Quota) -> QuotaLimits:
    return QuotaLimits(quota.max_individuals, quota.max_collectives, quota.max_total)


def usage(
    campaign: Campaign, unit: Unit, scope: str, *, category_id=None, exclude_pk=None
) -> QuotaUsage:
    if scope == QuotaScope.FILED:
        rows = Nomination.objects.unscoped("a quota counts all the unit's filings").filter(
            campaign=campaign,
            filing_unit=unit,
            state__in=NominationState.counting_for_quota(),
        )
        prefix = ""
    else:
        rows = LevelDecision.objects.filter(
            nomination__campaign=campaign, unit=unit, outcome=Outcome.FORWARD
        )
        prefix = "nomination__"
    if category_id is not None:
        rows = rows.filter(**{f"{prefix}category_id": category_id})
    if exclude_pk is not None:
        rows = rows.exclude(**{f"{prefix}pk": exclude_pk})
    counts = rows.aggregate(
        individuals=Count("pk", filter=Q(**{f"{prefix}person__isnull": False})),
        collectives=Count("pk", filter=Q(**{f"{prefix}collective__isnull": False})),
    )
    return QuotaUsage(counts["individuals"], counts["collectives"])


def errors_for(nomination: Nomination, scope: str, unit: Unit) -> list[str]:
    """What adding ``nomination`` to ``unit``'s count under ``scope`` would break."""
    errors = []
    for quota in quotas_for(nomination.campaign, unit, scope):
        used = usage(
            nomination.campaign,
            unit,
            scope,
            category_id=quota.category_id,
            exclude_pk=nomination.pk,
        )
        errors += quota_errors(limits(quota), used.plus(collective=nomination.is_collective))
    return errors


def forwarded_errors(campaign: Campaign, unit: Unit, category_ids: Collection[int]) -> list[str]:
    """After decisions are written: does what ``unit`` forwarded fit the forwarding quotas that
    bind the categories just forwarded? A quota of another category is not this decision's to
    enforce: were it over (lowered after the fact), it would block every category."""
    errors = []
    for quota in quotas_for(campaign, unit, QuotaScope.FORWARDED):
        if quota.category_id is not None and quota.category_id not in category_ids:
            continue
        used = usage(campaign, unit, QuotaScope.FORWARDED, category_id=quota.category_id)
        errors += quota_errors(limits(quota), used)
    return errors


def remaining_for(campaign: Campaign, unit: Unit) -> list[dict]:
    """What ``unit`` may still file, one entry per binding quota (for the filing page)."""
    result = []
    for quota in quotas_for(campaign, unit, QuotaScope.FILED):
        used = usage(campaign, unit, QuotaScope.FILED, category_id=quota.category_id)
        result.append(
            {"quota": quota, "used": used, "remaining": quota_remaining(limits(quota), used)}
        )
    return result
