"""The pure rules of account management: who may grant which role, tested without a database.

Roles rank cell secretary < staff < standing member < administrator; a superuser ranks above
every role. A manager grants roles up to their own rank and manages only accounts whose role
does not rank above theirs. Only administrators entrust staff with the accounts of their
subtree (``can_manage_accounts``), and only staff can be entrusted (an administrator manages
accounts anyway). An account entrusted with accounts is managed by administrators only, so a
manager cannot take over another manager's account by resetting its password.
"""

from __future__ import annotations

from committees.models import Role

RANKS = {
    "": 0,
    Role.CELL_SECRETARY: 1,
    Role.STAFF: 2,
    Role.STANDING_MEMBER: 3,
    Role.ADMIN: 4,
}
SUPERUSER_RANK = 5
ADMIN_RANK = RANKS[Role.ADMIN]


def rank(role: str, *, superuser: bool = False) -> int:
    """The rank of ``role`` (0 for no role); a superuser ranks above every role."""
    return SUPERUSER_RANK if superuser else RANKS.get(role, 0)


def may_grant(granter_rank: int, role: str, *, can_manage_accounts: bool = False) -> bool:
    """May a manager of rank ``granter_rank`` give an account ``role`` (and the trust to manage
    accounts when ``can_manage_accounts``)?"""
    if role not in Role.values or rank(role) > granter_rank:
        return False
    if can_manage_accounts:
        return granter_rank >= ADMIN_RANK and role == Role.STAFF
    return True


def may_manage(granter_rank: int, role: str, *, manages_accounts: bool = False) -> bool:
    """May a manager of rank ``granter_rank`` change an account that has ``role`` (and manages
    accounts when ``manages_accounts``)?"""
    if rank(role) > granter_rank:
        return False
    return not manages_accounts or granter_rank >= ADMIN_RANK


def grantable_roles(granter_rank: int) -> list[str]:
    """The roles a manager of rank ``granter_rank`` may give, lowest first."""
    return [role for role in Role.values if may_grant(granter_rank, role)]
