from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from core.dashboard import panels_for

from ..dashboard import landing_template, subtree_counts


class DashboardView(LoginRequiredMixin, TemplateView):
    """The landing page of each role: its subtree at a glance and what to do next."""

    def get_template_names(self):
        return [landing_template(self.request.user)]

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
