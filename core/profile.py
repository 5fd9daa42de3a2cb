""" "Hồ sơ của tôi": each user's own name, e-mail, phone and notification choices.

The e-mail is where "Quên mật khẩu" sends its link, so two accounts never share one (compared
without regard to case, as the login's reset form looks it up); the account import refuses an
address used twice for the same reason."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

PHONE_HELP = _(
    "A mobile number of 10 digits starting with 0 (for example 0912345678), or a landline "
    "with its area code (for example 02923812345)."
)


def normalise_phone(typed: str) -> str:
    """A Vietnamese phone number as digits with its leading 0: spaces, dots, dashes and
    brackets dropped, the country code (+84 or 84) turned back into 0. Raises
    ``forms.ValidationError`` for anything else."""
    digits = re.sub(r"[\s.\-()]", "", typed)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0[1-9]\d{8,9}", digits):
        raise forms.ValidationError(
            _("This is not a Vietnamese phone number. %(help)s"), params={"help": PHONE_HELP}
        )
    return digits


def email_taken(email: str, account) -> bool:
    """Whether another account already has ``email`` (case aside)."""
    return get_user_model().objects.filter(email__iexact=email).exclude(pk=account.pk).exists()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "email", "phone", "notify_by_email", "email_digest"]
        labels = {
            "full_name": _("Full name"),
            "email": _("E-mail address"),
            "phone": _("Phone number"),
            "notify_by_email": _("Send me notifications by e-mail"),
            "email_digest": _("A daily digest instead of one e-mail per notice"),
        }
        help_texts = {
            "email": _("Notifications and the link of “Forgot password” go here."),
            "phone": PHONE_HELP,
            "email_digest": _(
                "One e-mail a day listing the day's notices, instead of one e-mail per notice."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and email_taken(email, self.instance):
            raise forms.ValidationError(
                _("Another account already uses this e-mail address."), code="email_taken"
            )
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""
