"""What each reviewing level sees of the nominations it handles, stated once for its lists and
its dashboard (so that the two count the same rows):

- **waiting for us**: what stands at the unit and still needs something from it (appraisal,
  a vote, sending up): ``waiting_at``;
- **passed on / decided by us**: everything the unit decided at its level (passed on,
  forwarded, honoured, not accepted), wherever it is now, and what it returned for revision:
  ``handled_by``.
"""

from __future__ import annotations

from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from committees.models import Unit

from .models import LevelDecision, Nomination, Outcome
from .models import NominationState as S

#: the states in which a nomination standing at a unit still waits for it
WAITING_STATES: tuple[str, ...] = (S.PROPOSED, S.APPRAISED, S.VOTED, S.FORWARDED)

#: the outcome a level gives a nomination it returns for revision (no ``LevelDecision``)
RETURNED = "returned"

#: what the unit did with a nomination, for the "decided by us" list and its filter
OUTCOME_CHOICES = [
    (Outcome.FORWARD, _("Passed on / forwarded")),
    (Outcome.HONOR, _("Honoured")),
    (Outcome.REJECT, _("Not accepted")),
    (RETURNED, _("Returned for revision")),
]


def waiting_q(unit: Unit) -> Q:
    return Q(reviewing_unit=unit, state__in=WAITING_STATES)


def waiting_at(queryset: QuerySet[Nomination], unit: Unit) -> QuerySet[Nomination]:
    return queryset.filter(waiting_q(unit))


def _decisions(unit: Unit):
    return LevelDecision.objects.filter(nomination=OuterRef("pk"), unit=unit)


def handled_q(unit: Unit) -> Q:
    """Decided at the unit's level (a ``LevelDecision`` of the unit), or returned by it."""
    return Q(Exists(_decisions(unit))) | Q(reviewing_unit=unit, state=S.RETURNED)


def handled_by(queryset: QuerySet[Nomination], unit: Unit) -> QuerySet[Nomination]:
    """``handled_q`` with what the unit did and when (``our_outcome``, ``our_decided_at``; a
    return for revision is dated by the nomination's last change): one query, however many
    rows."""
    decisions = _decisions(unit)
    return queryset.filter(handled_q(unit)).annotate(
        our_outcome=Coalesce(
            Subquery(decisions.values("outcome")[:1]), Value(RETURNED), output_field=CharField()
        ),
        our_decided_at=Coalesce(
            Subquery(decisions.values("decided_at")[:1]),
            F("updated_at"),
            output_field=DateTimeField(),
        ),
    )


def outcome_label(value: str) -> str:
    return str(dict(OUTCOME_CHOICES).get(value, value))
