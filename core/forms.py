"""Forms of the project's plumbing: the login, the search box."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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
