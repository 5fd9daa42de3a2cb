from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from ..dashboard import panels_for
from ..models import Person, ReviewRecord, Role, Unit, UnitKind


class DashboardView(LoginRequiredMixin, TemplateView):
    """The landing page of each role: its subtree at a glance and what to do next."""

    template_by_role = {
        Role.CELL_SECRETARY: "dashboard/cell_secretary.html",
        Role.STAFF: "dashboard/staff.html",
        Role.STANDING_MEMBER: "dashboard/standing_member.html",
        Role.ADMIN: "dashboard/admin.html",
    }

    def get_template_names(self):
        user = self.request.user
        role = Role.ADMIN if user.is_superuser else user.role
        return [self.template_by_role.get(role, "dashboard/no_role.html")]

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit_counts = Unit.objects.visible_to(user).active().aggregate(
            total=Count("id"),
            cells=Count("id", filter=Q(kind__in=UnitKind.cell_kinds())),
        )
        person_counts = Person.objects.visible_to(user).aggregate(
            total=Count("id"), members=Count("id", filter=Q(is_party_member=True))
        )
        under_review = (
            ReviewRecord.objects.visible_to(user)
            .active_on(timezone.localdate())
            .values("person_id")
            .distinct()
            .count()
        )
        panels = panels_for(user)
        return super().get_context_data(
            unit=user.unit,
            panels=panels,
            has_work=any(panel.has_work for panel in panels),
            unit_counts=unit_counts,
            person_counts=person_counts,
            under_review=under_review,
            **kwargs,
        )
