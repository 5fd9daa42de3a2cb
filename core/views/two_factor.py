"""The login in two steps and the enrolment page (see ``core.two_factor``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from .. import two_factor
from ..forms import LoginForm
from ..sessions import end_sessions
from ..two_factor import LoginTokenForm, TokenForm


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
    form_class = LoginTokenForm

    def dispatch(self, request, *args, **kwargs):
        self.user = two_factor.pending_user(request.session)
        if self.user is None:
            two_factor.clear_pending(request.session)
            messages.info(request, _("Log in again: the code was not entered in time."))
            return redirect(settings.LOGIN_URL)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "device": two_factor.confirmed_device(self.user),
            "backup_device": two_factor.backup_device(self.user),
        }

    def form_valid(self, form):
        if form.used_backup_code:
            left = two_factor.backup_codes_left(self.user)
            messages.warning(
                self.request,
                ngettext(
                    "You logged in with a backup code: %(left)d code is left. "
                    "Make new codes if you no longer have your phone.",
                    "You logged in with a backup code: %(left)d codes are left. "
                    "Make new codes if you no longer have your phone.",
                    left,
                )
                % {"left": left},
            )
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
    """Show the secret and its QR code; a first right code confirms the device. Turning
    two-factor login on ends the user's other sessions (opened with the password alone) and
    gives this one a new key; backup codes made for an earlier device stop working."""

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
        two_factor.turn_on(device)
        self.request.session.cycle_key()
        end_sessions(self.request.user, except_session_key=self.request.session.session_key)
        otp_login(self.request, device)
        messages.success(
            self.request,
            _(
                "Two-factor login is on: from now on, log in with your password and a code "
                "from the app. Your other sessions have ended. Now make your backup codes."
            ),
        )
        return redirect("two-factor-backup-codes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(confirmed=self.confirmed, **kwargs)
        if self.confirmed is None:
            context.update(
                secret=two_factor.secret_text(self.device),
                qr_svg=two_factor.qr_svg(self.device),
                required=two_factor.must_use_two_factor(self.request.user),
            )
        return context


@method_decorator(never_cache, name="dispatch")
class BackupCodesView(LoginRequiredMixin, TemplateView):
    """How many backup codes are left, and a button that makes new ones: shown once, on the
    answer to that POST (never stored in a page that can be opened again); the old ones stop
    working. Only in a session verified by a code, so that a password alone cannot read them."""

    template_name = "registration/two_factor_backup_codes.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            two_factor_on=two_factor.confirmed_device(user) is not None,
            verified=user.is_verified(),
            left=two_factor.backup_codes_left(user),
            count=two_factor.BACKUP_CODE_COUNT,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        user = request.user
        if two_factor.confirmed_device(user) is None:
            messages.error(request, _("Turn on two-factor login before making backup codes."))
            return redirect("two-factor-enrol")
        if not user.is_verified():
            messages.error(
                request, _("Log in again with a code from the app to make new backup codes.")
            )
            return redirect("two-factor-backup-codes")
        codes = two_factor.new_backup_codes(user)
        return self.render_to_response(
            self.get_context_data(codes=[two_factor.show_backup_code(code) for code in codes])
        )
