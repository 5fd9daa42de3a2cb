"""Sign-in help: "Quên mật khẩu" by e-mail and the user's own password change (see
``core.password_reset`` and ``core.passwords.ForcePasswordChangeMiddleware``)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .. import password_reset
from ..forms import ChangeOwnPasswordForm, SetOwnPasswordForm


class ForgotPasswordView(auth_views.PasswordResetView):
    """The same answer for every address: the "sent" page, whether an account has it or not."""

    form_class = password_reset.ForgotPasswordForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class ResetLinkRefusalsMixin:
    """For a ``PasswordResetConfirmView``: a deactivated account is refused before the form,
    on GET and POST alike (Django's view would let it choose a password), and a link that
    cannot be used shows why (``refusal`` in the template: used, expired, not valid).

    The form saves through ``SetOwnPasswordForm``, which clears ``must_change_password``."""

    form_class = SetOwnPasswordForm

    def dispatch(self, request, *args, **kwargs):
        user = self.get_user(kwargs["uidb64"])
        if user is not None and not user.is_active:
            self.validlink = False
            self.user = user
            return self.render_to_response(self.get_context_data())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.validlink:
            token = self.kwargs.get("token")
            if token == self.reset_url_token:
                token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN)
            context["refusal"] = password_reset.refusal(
                getattr(self, "user", None), token, self.token_generator
            )
        return context


class ResetPasswordConfirmView(ResetLinkRefusalsMixin, auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    token_generator = default_token_generator


class ChangePasswordView(auth_views.PasswordChangeView):
    """The user's own password change; also the page every user with an initial password is
    sent to first (``forced`` in the template)."""

    form_class = ChangeOwnPasswordForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(forced=self.request.user.must_change_password, **kwargs)

    def form_valid(self, form):
        forced = self.request.user.must_change_password
        response = super().form_valid(form)
        if forced:
            messages.success(
                self.request, _("Your password is changed: you can now use the system.")
            )
            return redirect("dashboard")
        return response
