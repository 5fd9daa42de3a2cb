"""What every four-good page shares: the campaign (visible to the user, else 404), its
movement, the subtree shown (inside the user's scope and the organiser's, else 404), the year."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from campaigns.models import Campaign, Milestone, Movement
from committees.models import Unit
from committees.scoping import EVERYTHING, scope_prefix
from core.views.mixins import DeclaredPermissionMixin


def default_root(user, campaign: Campaign) -> Unit:
    """The organiser when the user sits at or above it, else the user's own unit."""
    organiser = campaign.organiser
    prefix = scope_prefix(user)
    if prefix == EVERYTHING or (prefix is not None and organiser.path.startswith(prefix)):
        return organiser
    return user.unit


class MovementMixin(DeclaredPermissionMixin, LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.campaign = get_object_or_404(
            Campaign.objects.visible_to(request.user).select_related("organiser"),
            code=kwargs["code"],
        )
        self.movement = get_object_or_404(
            Movement.objects.prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.select_related("report"))
            ),
            campaign=self.campaign,
        )
        self.movement.campaign = self.campaign
        # After the scope (404): a page that declares a permission refuses the others (403).
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def unit_by_code(self, code: str) -> Unit:
        """A unit of the campaign's tree that the user may see; 404 otherwise."""
        return get_object_or_404(
            Unit.objects.visible_to(self.request.user).filter(
                path__startswith=self.campaign.organiser.path
            ),
            code=code,
        )

    def root(self) -> Unit:
        code = self.request.GET.get("unit", "").strip()
        return self.unit_by_code(code) if code else default_root(self.request.user, self.campaign)

    def year(self) -> int:
        """``?year=``, else the last finished year inside the movement (ratings come after it)."""
        raw = self.request.GET.get("year", "")
        if raw:
            try:
                year = int(raw)
            except ValueError:
                raise Http404 from None
            if year not in self.movement.years:
                raise Http404
            return year
        last = timezone.localdate().year - 1
        return min(max(last, self.movement.first_year), self.movement.last_year)

    def base_context(self) -> dict:
        return {
            "campaign": self.campaign,
            "movement": self.movement,
            "years": list(self.movement.years),
        }
