"""Two-factor login with a TOTP authenticator app (django-otp).

A user with a confirmed ``TOTPDevice`` logs in in two steps: the password, then a six-digit code.
Between the two the session holds only the pending user's id, never a login. With
``settings.OTP_REQUIRED_FOR_ADMINS`` admins and superusers must enrol before anything else.
"""

from __future__ import annotations

import base64
import re
import secrets
import time

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_USER = "two_factor_user"
PENDING_BACKEND = "two_factor_backend"
PENDING_NEXT = "two_factor_next"
PENDING_SINCE = "two_factor_since"
#: seconds between the password step and the code step
PENDING_SECONDS = 5 * 60


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the six digits shown by the app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        device = self.device
        if device is None:
            raise forms.ValidationError(_("Two-factor login is not set up for this account."))
        with transaction.atomic():
            # Locked, so that the same code posted twice at once is accepted once: verify_token
            # refuses a code of a time step already used (``last_t``).
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(_("Too many wrong codes: wait a moment and try again."))
            verified = device.verify_token(token)
        if not verified:
            raise forms.ValidationError(_("The code is wrong or has already been used."))
        self.device = device
        return token


class LoginTokenForm(TokenForm):
    """The code step of the login: a code from the app, or one of the user's backup codes
    (each works once: django-otp's static device deletes the code it accepts)."""

    token = forms.CharField(
        label=_("Code from the authenticator app, or a backup code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "autofocus": True}
        ),
    )

    def __init__(self, *args, backup_device: StaticDevice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_device = backup_device
        self.used_backup_code = False

    def clean_token(self):
        typed = self.cleaned_data["token"]
        if re.fullmatch(r"\s*\d{6}\s*", typed):
            return super().clean_token()
        code = normalise_backup_code(typed)
        if not BACKUP_CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Enter the six digits shown by the app, or one of your backup codes.")
            )
        if self.backup_device is None:
            raise forms.ValidationError(_("This account has no backup codes."))
        with transaction.atomic():
            # Locked, so that one code posted twice at once is accepted once.
            device = StaticDevice.objects.select_for_update().get(pk=self.backup_device.pk)
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(_("Too many wrong codes: wait a moment and try again."))
            verified = device.verify_token(code)
        if not verified:
            raise forms.ValidationError(_("The code is wrong or has already been used."))
        self.device = device
        self.used_backup_code = True
        return code


#: how many backup codes a user gets at a time
BACKUP_CODE_COUNT = 10
#: a backup code: eight letters and digits of base32 (no 0, 1, 8, 9: nothing to confuse with
#: O, I, B or g), shown in two groups of four
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def normalise_backup_code(typed: str) -> str:
    """What the user typed, as stored: spaces and dashes dropped, lower case."""
    return re.sub(r"[\s-]", "", typed).lower()


def show_backup_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_backup_codes(user, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """New backup codes for ``user``, returned once to be shown once: the codes made before
    stop working."""
    codes = ["".join(secrets.choice(_BASE32) for _ in range(8)) for _ in range(count)]
    with transaction.atomic():
        # The user's row is locked: two pages asking at once leave one set of codes.
        get_user_model().objects.select_for_update().values_list("pk", flat=True).get(pk=user.pk)
        device = StaticDevice.objects.filter(user=user).first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def turn_on(device: TOTPDevice) -> None:
    """Confirm the app's device: the user's other app devices and the backup codes made for an
    earlier device go (the user makes new codes next)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=device.user).delete()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolling_device(user) -> TOTPDevice:
    """The user's unconfirmed device, made on first use: the secret stays the same while the
    user scans it and types a first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code: no script, no image request."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", border=2
    )


def start_pending(session, user, next_url: str) -> None:
    session[PENDING_USER] = user.pk
    session[PENDING_BACKEND] = user.backend
    session[PENDING_NEXT] = next_url
    session[PENDING_SINCE] = int(time.time())


def pending_user(session):
    """The user between the two steps, or None (none pending, or waited too long)."""
    since = session.get(PENDING_SINCE)
    if since is None or time.time() - since > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=session.get(PENDING_USER), is_active=True).first()


def clear_pending(session) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_SINCE):
        session.pop(key, None)


#: ``(user) -> bool`` functions naming who must log in with a code (an app fills it at start-up:
#: the administrators' role belongs to the accounts, not to this module)
_REQUIRED_FOR: list = []


def require_for(predicate) -> None:
    if predicate not in _REQUIRED_FOR:
        _REQUIRED_FOR.append(predicate)


def must_use_two_factor(user) -> bool:
    return settings.OTP_REQUIRED_FOR_ADMINS and (
        user.is_superuser or any(predicate(user) for predicate in _REQUIRED_FOR)
    )


class RequireTwoFactorMiddleware:
    """With ``OTP_REQUIRED_FOR_ADMINS``: an admin whose session is not verified by a code is
    sent to enrol (no device yet) or to log in again (a device confirmed elsewhere)."""

    OPEN_NAMES = ("two-factor-enrol", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and must_use_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in self.OPEN_NAMES}
        ):
            if confirmed_device(user) is not None:
                logout(request)
                return redirect(settings.LOGIN_URL)
            return redirect("two-factor-enrol")
        return self.get_response(request)
