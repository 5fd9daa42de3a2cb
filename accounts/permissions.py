"""Who manages accounts (django-rules), on top of the one scoping layer and the pure rules of
``accounts.rules``.

* ``accounts.manage_accounts``: the account pages at all (list, create, import, log): an
  administrator, or staff their administrator entrusted with the accounts (``can_manage_accounts``).
* ``accounts.change_account`` (an account): a manager, the account inside the manager's subtree,
  its role not above the manager's, and not an account entrusted with accounts unless the manager
  is an administrator (``accounts.rules.may_manage``). One's own account is changed through the
  password page, not here: a manager cannot deactivate or demote themselves.
"""

from __future__ import annotations

import rules

from committees.permissions import in_subtree, is_active_user, is_admin, is_level_staff

from . import rules as account_rules


@rules.predicate
def is_entrusted_with_accounts(user):
    return bool(getattr(user, "can_manage_accounts", False))


is_account_manager = is_admin | (is_level_staff & is_entrusted_with_accounts)


def manager_rank(user) -> int:
    return account_rules.rank(getattr(user, "role", ""), superuser=user.is_superuser)


@rules.predicate
def outranks_or_equals(user, account):
    return account is not None and account_rules.may_manage(
        manager_rank(user), account.role, manages_accounts=account.can_manage_accounts
    )


@rules.predicate
def is_someone_else(user, account):
    return account is not None and account.pk != user.pk


@rules.predicate
def is_active(user):
    return is_active_user(user)


rules.add_perm("accounts.manage_accounts", is_active & is_account_manager)
rules.add_perm(
    "accounts.change_account",
    is_active & is_account_manager & in_subtree & is_someone_else & outranks_or_equals,
)
