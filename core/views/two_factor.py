"""The login in two steps and the enrolment page (see ``core.two_factor``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import two_factor
from ..forms import LoginForm
from ..two_factor import TokenForm


class TwoStepLoginView(auth_views.LoginView):
    """The password step. With a confirmed device the user is not logged in yet: the session
    remembers who passed the password, and the code step finishes the login."""

    form_class = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session.cycle_key()
        two_factor.start_pending(self.request.session, user, self.get_success_url())
        return redirect("two-factor-verify")


class VerifyView(FormView):
    template_name = "registration/two_factor_verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        self.user = two_factor.pending_user(request.session)
        if self.user is None:
            two_factor.clear_pending(request.session)
            messages.info(request, _("Log in again: the code was not entered in time."))
            return redirect(settings.LOGIN_URL)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": two_factor.confirmed_device(self.user)}

    def form_valid(self, form):
        session = self.request.session
        next_url = session.get(two_factor.PENDING_NEXT) or ""
        backend = session.get(two_factor.PENDING_BACKEND)
        two_factor.clear_pending(session)
        login(self.request, self.user, backend=backend)
        otp_login(self.request, form.device)
        if not url_has_allowed_host_and_scheme(
            next_url, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
        return redirect(next_url)


class EnrolView(LoginRequiredMixin, FormView):
    """Show the secret and its QR code; a first right code confirms the device."""

    template_name = "registration/two_factor_enrol.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.confirmed = two_factor.confirmed_device(request.user)
            self.device = self.confirmed or two_factor.enrolling_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def post(self, request, *args, **kwargs):
        if self.confirmed is not None:
            return redirect("two-factor-enrol")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=self.request.user).exclude(pk=device.pk).delete()
        otp_login(self.request, device)
        messages.success(
            self.request,
            _(
                "Two-factor login is on: from now on, log in with "
                "your password and a code from the app."
            ),
        )
        return redirect("dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(confirmed=self.confirmed, **kwargs)
        if self.confirmed is None:
            context.update(
                secret=two_factor.secret_text(self.device),
                qr_svg=two_factor.qr_svg(self.device),
                required=two_factor.must_use_two_factor(self.request.user),
            )
        return context
