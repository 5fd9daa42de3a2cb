"""The accounts a manager sees: those of their subtree (``committees.scoping``), with their unit,
in one query whatever their number."""

from __future__ import annotations

from django.db.models import Q

from committees.models import User
from committees.scoping import EVERYTHING, scope_prefix


def accounts_visible_to(user):
    """Accounts whose unit lies in ``user``'s subtree; a superuser sees every account, including
    those without a unit. Outside: nothing (a page then answers 404)."""
    prefix = scope_prefix(user)
    accounts = User.objects.select_related("unit")
    if prefix is None:
        return accounts.none()
    if prefix == EVERYTHING:
        return accounts
    return accounts.filter(unit__path__startswith=prefix)


def search(accounts, text: str):
    text = (text or "").strip()
    if not text:
        return accounts
    return accounts.filter(
        Q(username__icontains=text)
        | Q(full_name__icontains=text)
        | Q(email__icontains=text)
        | Q(unit__code__iexact=text)
    )
