"""Forms of the project's plumbing: the login, the user's own password and profile, the search
box."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a user name longer than any account's before
    ``authenticate`` runs: the lockout records (django-axes) store the name in 255 characters,
    and PostgreSQL would refuse a longer one with an error instead of a wrong-login message."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.username_field.max_length:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username


class OwnPasswordMixin:
    """A password form through which the user chooses their own password: saving it clears
    ``must_change_password`` (set when someone else chose the password: an initial password,
    an import, a reset by an administrator), in the same save."""

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)


class SetOwnPasswordForm(OwnPasswordMixin, SetPasswordForm):
    """A new password without the old one: the password-reset link (and any one-time link)."""


class ChangeOwnPasswordForm(OwnPasswordMixin, PasswordChangeForm):
    """The old password, then a new one that must differ from it (an initial password cannot
    simply be typed again to get past the forced change)."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_unchanged": _("The new password must be different from the current one."),
    }

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    self.error_messages["password_unchanged"], code="password_unchanged"
                ),
            )
        return cleaned_data


class SearchForm(forms.Form):
    """The search box: any text up to ``MAX_QUERY_LENGTH`` characters; Django's ``CharField``
    already refuses a null character with a message."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please type at most %(limit_value)d characters to search for.")
        },
    )
