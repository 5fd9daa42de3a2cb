"""Which nominations a unit's bundle holds, prepared once for every provider.

A reviewing unit's bundle holds what it forwards: every nomination it decided to forward
(``LevelDecision(unit=..., outcome=forward)``), whether it still waits to be sent up or has
gone up already. At the campaign's top level the bundle holds what was honored there, unless
that level forwarded some to its own superior (seed 004: the district's allocation for the city):
then it is the dossier it sends up, as its danh mục and tờ trình say. Withdrawn nominations are
left out. Everything goes through ``Nomination.objects.visible_to`` for the account that asked
for the bundle.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit
from nominations import progress
from nominations.completeness import missing_by_nomination
from nominations.eligibility import annotate_eligibility
from nominations.models import Evidence, LevelDecision, Nomination, NominationState, Outcome
from nominations.selectors import level_of

from ..models import DossierBundle
from .naming import safe_segment
from .providers import BundleContext, nominees_of

#: the order of the list (the same as the final list): by filing unit, then by name
LIST_ORDER = ("filing_unit__path", "person__full_name", "collective__name", "id")


def is_top(campaign: Campaign, level: ReviewLevel) -> bool:
    top = progress.top_level(campaign)
    return top is not None and top.pk == level.pk


def outcome_bundled(campaign: Campaign, level: ReviewLevel, unit: Unit | None = None) -> str:
    """What a level's bundle holds: forwarded below the top level; at the top, what it forwarded
    to its superior if it did (``unit``'s decisions), what it honored otherwise."""
    if not is_top(campaign, level):
        return Outcome.FORWARD
    if level.can_forward and unit is not None:
        sent = LevelDecision.objects.filter(
            unit=unit, outcome=Outcome.FORWARD, nomination__campaign=campaign
        )
        if sent.exists():
            return Outcome.FORWARD
    return Outcome.HONOR


def bundled(campaign: Campaign, unit: Unit, level: ReviewLevel, user) -> QuerySet[Nomination]:
    decided_here = LevelDecision.objects.filter(
        unit=unit,
        outcome=outcome_bundled(campaign, level, unit),
        nomination__campaign=campaign,
    ).values("nomination_id")
    return (
        Nomination.objects.visible_to(user)
        .filter(campaign=campaign, pk__in=decided_here)
        .exclude(state=NominationState.WITHDRAWN)
    )


def prepared(
    campaign: Campaign, unit: Unit, level: ReviewLevel, user, day: datetime.date
) -> list[Nomination]:
    """The bundle's nominations in list order, each carrying what the list and the providers
    read: ``eligibility``/``is_eligible`` on ``day``, ``came_through`` (the unit that forwarded
    it at or below this level: this unit, at any level but the top), ``missing_documents``,
    ``dossier_complete``, ``decision_text`` and ``bundle_evidence`` (its files, with their
    requirement, in the campaign's order of requirements, other evidence last). A fixed number
    of queries, however many nominations."""
    forwards = (
        LevelDecision.objects.filter(outcome=Outcome.FORWARD, level__position__lte=level.position)
        .select_related("unit", "level")
        .order_by("-level__position")
    )
    evidence = Evidence.objects.select_related("requirement").order_by(
        "requirement_id", "uploaded_at", "id"
    )
    rows = list(
        bundled(campaign, unit, level, user)
        .select_related("person__unit", "collective", "category", "filing_unit", "honored_level")
        .prefetch_related(
            Prefetch("decisions", queryset=forwards, to_attr="forward_decisions"),
            Prefetch("evidence", queryset=evidence, to_attr="bundle_evidence"),
        )
        .order_by(*LIST_ORDER)
    )
    annotate_eligibility(rows, campaign, day)
    missing = missing_by_nomination(rows)
    for nomination in rows:
        decisions = nomination.forward_decisions
        nomination.came_through = decisions[0].unit if decisions else None
        nomination.missing_documents = missing[nomination.pk]
        nomination.dossier_complete = (
            progress.dossier_summary_and_criteria_complete(nomination)
            and not nomination.missing_documents
        )
        nomination.decision_text = progress.decision_text(nomination)
        # Required documents first, in the campaign's order; other evidence last.
        nomination.bundle_evidence.sort(
            key=lambda e: (e.requirement_id is None, e.requirement_id or 0)
        )
    return rows


def context_for(bundle: DossierBundle, moment: datetime.datetime | None = None) -> BundleContext:
    """The context every provider reads, for ``bundle`` as its requester may see it, at
    ``moment`` (local time; now by default: the tasks that build one bundle share the first's)."""
    campaign, unit = bundle.campaign, bundle.unit
    level = level_of(campaign, unit)
    moment = moment or timezone.localtime()
    day = moment.date()
    nominations = prepared(campaign, unit, level, bundle.requested_by, day)
    return BundleContext(
        bundle=bundle,
        campaign=campaign,
        unit=unit,
        level=level,
        user=bundle.requested_by,
        day=day,
        moment=moment,
        root=root_folder(unit, campaign),
        nominees=nominees_of(nominations),
        requirements=list(campaign.document_requirements.select_related("category").order_by("id")),
    )


def root_folder(unit: Unit, campaign: Campaign) -> str:
    """``"<unit code> - <campaign code>"``: the zip's one top folder."""
    return safe_segment(f"{unit.code} - {campaign.code}")
