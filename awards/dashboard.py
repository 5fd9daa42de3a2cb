"""The dashboard's reminder to the staff of a unit that honored: how many honored nominations
still await a decision, per campaign, each linked to its "Quyết định" page."""

from __future__ import annotations

from django.db.models import Count

from core.dashboard import Panel
from nominations.models import Nomination
from nominations.models import NominationState as S

from .permissions import can_prepare_decisions
from .selectors import live_entry_exists


def awaiting_decision_panel(user) -> Panel | None:
    """One query; nothing for anyone but the staff of a unit with honored nominations waiting."""
    if not user.is_authenticated or user.unit_id is None:
        return None
    if not can_prepare_decisions(user, user.unit):
        return None
    rows = list(
        Nomination.objects.within(user.unit)
        .filter(state=S.HONORED, reviewing_unit_id=user.unit_id)
        .exclude(live_entry_exists())
        .values("campaign__code", "campaign__title")
        .annotate(waiting=Count("pk"))
        .order_by("campaign__title", "campaign__code")
    )
    if not rows:
        return None
    return Panel("awards/dashboard/awaiting.html", {"campaigns": rows})
