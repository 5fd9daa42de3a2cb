"""The accounts entry of the navigation bar (``core.navigation``): for those who manage accounts."""

import rules
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


def manages_accounts(user) -> bool:
    return rules.has_perm("accounts.manage_accounts", user)


ACCOUNTS = NavItem(_("Accounts"), "accounts:list", order=65, shown_to=manages_accounts)
ITEMS = (ACCOUNTS,)
