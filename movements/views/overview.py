"""The movement's page: its milestones per level, and the registration of the user's unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from campaigns.models import Campaign, Movement
from movements import permissions, services
from movements.evaluation import EVALUATED_KINDS
from movements.forms import RegistrationForm
from movements.models import MovementRegistration

from .base import MovementMixin


class MovementListView(LoginRequiredMixin, TemplateView):
    """The navigation entry: the one movement the user can see, or the list of them."""

    template_name = "movements/movement_list.html"

    def visible(self):
        return list(
            Movement.objects.filter(campaign__in=Campaign.objects.visible_to(self.request.user))
            .select_related("campaign", "campaign__organiser")
            .order_by("-campaign__period_start", "campaign__title")
        )

    def get(self, request, *args, **kwargs):
        movements = self.visible()
        if len(movements) == 1:
            return redirect("movements:four-good", code=movements[0].campaign.code)
        return self.render_to_response(self.get_context_data(movements=movements))


class MovementView(MovementMixin, TemplateView):
    template_name = "movements/movement.html"

    def get_context_data(self, **kwargs):
        unit = self.request.user.unit
        takes_part = (
            unit is not None
            and unit.kind in EVALUATED_KINDS
            and self.campaign.organiser.contains(unit)
        )
        registration = deadline = None
        if takes_part:
            registration = MovementRegistration.objects.filter(
                movement=self.movement, unit=unit
            ).first()
            deadline = services.registration_deadline(self.movement, unit.kind)
        can_register = (
            takes_part
            and registration is None
            and permissions.can_register(self.request.user, unit)
        )
        if can_register and "form" not in kwargs:
            kwargs["form"] = RegistrationForm()
        return super().get_context_data(
            **self.base_context(),
            milestones=services.milestones_of(self.movement),
            unit=unit,
            takes_part=takes_part,
            registration=registration,
            deadline=deadline,
            on_time=registration is not None
            and services.on_time(registration.registered_at, deadline),
            can_register=can_register,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        unit = request.user.unit
        if unit is None or not permissions.can_register(request.user, unit):
            raise PermissionDenied
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                services.register(request.user, self.movement, unit, form.cleaned_data["content"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(unit)s is registered in the movement.") % {"unit": unit.name}
                )
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("<slug:code>/bon-tot/", MovementView.as_view(), name="four-good"),
]
