""" "Quên mật khẩu": a link by e-mail to choose a new password, with Django's reset tokens.

No answer tells whether an account has the address: a known address, an unknown one and an
address of a deactivated account all get the same page. A link that cannot be used says why,
in words the user can act on (``refusal``): the account is deactivated, the link has expired,
or it has been used (the password was set with it, or the account has signed in since: Django's
token changes with the password hash and the last login)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.http import base36_to_int
from django.utils.translation import gettext_lazy as _

from config.celery import send_safely

from .tasks import send_password_reset_email

#: at most this many reset e-mails to one address per hour; the page answers the same anyway
EMAILS_PER_HOUR = 3

INACTIVE = _(
    "This account has been deactivated: its password cannot be reset. "
    "Ask the administrator of your unit."
)
EXPIRED = _("This link has expired. Ask for a new one below.")
USED = _(
    "This link has already been used: a password was chosen with it, or the account has "
    "signed in since it was sent. Each link works once; ask for a new one below if needed."
)
INVALID = _(
    "This link is not valid. Check that it was copied whole from the e-mail, "
    "or ask for a new one below."
)


def _seconds_since_2001() -> int:
    # Django's tokens count seconds from 2001-01-01 in local naive time.
    return int((datetime.now() - datetime(2001, 1, 1)).total_seconds())


def refusal(user, token: str | None, token_generator=default_token_generator):
    """Why ``token`` does not let ``user`` choose a password, or None when it does."""
    if user is None:
        return INVALID
    if not user.is_active:
        return INACTIVE
    if token and token_generator.check_token(user, token):
        return None
    try:
        timestamp = base36_to_int((token or "").split("-", 1)[0])
    except ValueError:
        return INVALID
    age = _seconds_since_2001() - timestamp
    if age < 0:
        return INVALID  # made in the future: not one of ours
    if age > settings.PASSWORD_RESET_TIMEOUT:
        return EXPIRED
    return USED


class ForgotPasswordForm(PasswordResetForm):
    """Django's form, sending to every active account with the address (one whose password was
    never usable too: an account made by the import may ask for its first password this way),
    and at most ``EMAILS_PER_HOUR`` e-mails an hour to one address, so the page cannot be used
    to flood someone's mailbox."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        model = get_user_model()
        email_field = model.get_email_field_name()
        candidates = model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return (
            user for user in candidates if getattr(user, email_field).casefold() == email.casefold()
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Rendered here, sent by the worker once the request commits (``core.tasks``)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html_body = (
            render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        transaction.on_commit(
            lambda: send_safely(
                lambda: send_password_reset_email.delay(
                    subject, body, from_email, to_email, html_body
                ),
                what="a password-reset e-mail",
            )
        )

    def save(self, *args, **kwargs):
        key = f"password-reset:{self.cleaned_data['email'].casefold()}"
        cache.add(key, 0, timeout=3600)
        try:
            sent = cache.incr(key)
        except ValueError:  # the count expired between the two calls
            cache.set(key, sent := 1, timeout=3600)
        if sent > EMAILS_PER_HOUR:
            return
        super().save(*args, **kwargs)
