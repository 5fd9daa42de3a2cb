from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from core.dashboard import panels_for

from ..dashboard import subtree_counts
from ..models import Role


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
        panels = panels_for(user)
        return super().get_context_data(
            unit=user.unit,
            panels=panels,
            has_work=any(panel.has_work for panel in panels),
            **subtree_counts(user, timezone.localdate()),
            **kwargs,
        )
