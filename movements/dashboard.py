"""The dashboard panel of the four-good movements: the user's unit's registration and where to
see the results. Three queries whatever the number of movements."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from campaigns.models import Campaign, CampaignStatus, Milestone, Movement
from core.dashboard import Panel

from . import services
from .evaluation import EVALUATED_KINDS
from .models import MovementRegistration
from .permissions import judges_from_above


@dataclass
class MovementRow:
    movement: Movement
    takes_part: bool
    registration: MovementRegistration | None
    deadline: object
    on_time: bool
    can_judge: bool


def four_good_panel(user) -> Panel | None:
    if not user.is_authenticated or user.unit_id is None:
        return None
    movements = list(
        Movement.objects.filter(
            campaign__in=Campaign.objects.visible_to(user), campaign__status=CampaignStatus.OPEN
        )
        .select_related("campaign", "campaign__organiser")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("id")))
    )
    if not movements:
        return None
    unit = user.unit
    registrations = {
        r.movement_id: r
        for r in MovementRegistration.objects.filter(movement__in=movements, unit=unit)
    }
    rows = []
    for movement in movements:
        takes_part = unit.kind in EVALUATED_KINDS and movement.campaign.organiser.contains(unit)
        registration = registrations.get(movement.pk)
        deadline = services.registration_deadline(movement, unit.kind) if takes_part else None
        rows.append(
            MovementRow(
                movement,
                takes_part,
                registration,
                deadline,
                registration is not None and services.on_time(registration.registered_at, deadline),
                judges_from_above(user),
            )
        )
    # Work only when the user's unit still has to register.
    has_work = any(row.takes_part and row.registration is None for row in rows)
    return Panel("movements/dashboard_panel.html", {"rows": rows}, has_work=has_work)
