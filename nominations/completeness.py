"""Which documents a nomination must carry, and which of the required ones it still lacks.

A campaign's ``DocumentRequirement`` applies to a nomination when it names no category or names
the nomination's. A required document is present when at least one file was attached for it
(``copies`` is the number of paper copies the dossier goes up with, not a number of uploads);
where the campaign asks for the signed copy (``signed_copy_required``), a generated copy
(``Evidence.generated``) does not count until a scan is uploaded too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from campaigns.models import DocumentRequirement
from core.lookups import one_of

from .models import Evidence, Nomination


def applies_to(requirement: DocumentRequirement, nomination: Nomination) -> bool:
    return requirement.campaign_id == nomination.campaign_id and requirement.category_id in (
        None,
        nomination.category_id,
    )


def requirements_for(nomination: Nomination) -> QuerySet[DocumentRequirement]:
    """The campaign's requirements for every category and for the nomination's, in the order
    the campaign lists them."""
    return requirements_of(nomination.campaign_id, nomination.category_id)


def requirements_of(campaign_id: int, category_id: int | None) -> QuerySet[DocumentRequirement]:
    """The same for a category before any nomination exists (``None``: every category's)."""
    return (
        DocumentRequirement.objects.filter(campaign_id=campaign_id)
        .filter(Q(category__isnull=True) | Q(category_id=category_id))
        .order_by("id")
    )


def counts_for(evidence: Evidence, requirement: DocumentRequirement) -> bool:
    """Whether a file stands for the document: any file, except a generated copy where the
    signed copy is asked for."""
    return not (evidence.generated and requirement.signed_copy_required)


def _counting() -> Q:
    """``counts_for`` as a filter on files, inside a query on the requirements."""
    return Q(generated=False) | Q(requirement__signed_copy_required=False)


def missing_documents(nomination: Nomination) -> list[str]:
    """The names of the required documents with no file attached, in the campaign's order.
    One query."""
    attached = Evidence.objects.filter(
        _counting(), nomination_id=nomination.pk, requirement=OuterRef("pk")
    )
    return list(
        requirements_for(nomination)
        .filter(required=True)
        .exclude(Exists(attached))
        .values_list("name", flat=True)
    )


def missing_by_nomination(nominations: Iterable[Nomination]) -> dict[int, list[str]]:
    """``missing_documents`` for a whole page: nomination id → names of the missing required
    documents. Two queries however many nominations (one when no campaign requires anything):
    the required documents of their campaigns, and which of them each nomination carries."""
    nominations = list(nominations)
    if not nominations:
        return {}
    required = list(
        DocumentRequirement.objects.filter(
            campaign_id__in={n.campaign_id for n in nominations}, required=True
        ).order_by("id")
    )
    if not required:
        return {n.pk: [] for n in nominations}
    present = set(
        Evidence.objects.unscoped("the files of nominations the caller already holds")
        .filter(
            _counting(),
            one_of("nomination_id", [n.pk for n in nominations]),
            requirement_id__in=[r.pk for r in required],
        )
        .values_list("nomination_id", "requirement_id")
        .distinct()
    )
    return {
        n.pk: [r.name for r in required if applies_to(r, n) and (n.pk, r.pk) not in present]
        for n in nominations
    }


def lacks_a_required_document() -> Exists:
    """Whether the nomination of the outer query misses a required document: one SQL
    expression, so a list can filter, count and show its incomplete dossiers without reading
    them (the same rule as ``missing_documents``)."""
    attached = Evidence.objects.filter(
        _counting(), nomination_id=OuterRef(OuterRef("pk")), requirement_id=OuterRef("pk")
    )
    return Exists(
        DocumentRequirement.objects.filter(campaign_id=OuterRef("campaign_id"), required=True)
        .filter(Q(category__isnull=True) | Q(category_id=OuterRef("category_id")))
        .exclude(Exists(attached))
    )
