from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts managed by the units inside their subtree: lists, creation, roles, password
    resets, the account import and the append-only log of every change to an account."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from core import navigation

        from . import permissions  # noqa: F401  (registers the permissions)
        from .navigation import ITEMS

        navigation.register(*ITEMS)
