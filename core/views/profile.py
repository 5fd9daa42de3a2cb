""" "Hồ sơ của tôi": the signed-in user's own details (see ``core.profile``)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from .. import two_factor
from ..profile import ProfileForm


class ProfileView(LoginRequiredMixin, UpdateView):
    """Every user's own page: no permission to declare beyond being signed in, and no other
    account reachable through it (the object is always the user)."""

    form_class = ProfileForm
    template_name = "registration/profile.html"
    success_url = reverse_lazy("profile")
    # Not "user" (the model's name): that would replace the signed-in user in the templates.
    context_object_name = "account"

    def get_object(self, queryset=None):
        # A copy: a refused form must not leave its typed values on ``request.user`` (the
        # navigation bar shows the saved name).
        return get_user_model().objects.get(pk=self.request.user.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            two_factor_on=two_factor.confirmed_device(user) is not None,
            backup_codes_left=two_factor.backup_codes_left(user),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, _("Your details are saved."))
        return super().form_valid(form)
