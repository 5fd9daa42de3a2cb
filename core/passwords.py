"""Password validators whose messages live in this project's catalogue, and the forced change
of a password someone else chose.

Django 5.2 reworded the "too short" message and its Vietnamese catalogue still has the old text,
so the English would show; restating the messages here puts them in our own translations."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return (
            ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                self.min_length,
            )
            % self.min_length
        )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class ForcePasswordChangeMiddleware:
    """A user whose password someone else chose (``must_change_password``: an initial password,
    an import, a reset by an administrator) is sent to change it before anything else. Open
    meanwhile: the change page itself, logging out, the language switch, the two-factor pages
    (an administrator may have to enrol first), the static files and the health check."""

    OPEN_NAMES = frozenset(
        {
            "password_change",
            "password_change_done",
            "logout",
            "set_language",
            "two-factor-enrol",
            "two-factor-verify",
            "healthz",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(settings.STATIC_URL)
            and _url_name(request.path_info) not in self.OPEN_NAMES
        ):
            return redirect("password_change")
        return self.get_response(request)


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None
