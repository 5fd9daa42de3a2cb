"""Object permissions for the hierarchy (django-rules), built on the one scoping layer.

Roles are compared in the permissions modules only: views and templates ask a permission or
a predicate instead."""

import rules

from .models import Role
from .scoping import unit_in_scope


def is_active_user(user) -> bool:
    """Logged in with an account that is still active: every permission starts here."""
    return bool(user and user.is_authenticated and user.is_active)


def _unit_of(obj):
    return obj if obj.__class__.__name__ == "Unit" else getattr(obj, "unit", None)


@rules.predicate
def is_admin(user):
    return user.is_superuser or getattr(user, "role", "") == Role.ADMIN


@rules.predicate
def is_level_staff(user):
    return getattr(user, "role", "") == Role.STAFF


@rules.predicate
def is_cell_secretary(user):
    return getattr(user, "role", "") == Role.CELL_SECRETARY


@rules.predicate
def is_standing_member(user):
    return getattr(user, "role", "") == Role.STANDING_MEMBER


@rules.predicate
def in_subtree(user, obj):
    return obj is not None and unit_in_scope(user, _unit_of(obj))


rules.add_perm("committees.view_unit", rules.is_authenticated & in_subtree)
rules.add_perm("committees.view_person", rules.is_authenticated & in_subtree)
rules.add_perm("committees.import_data", rules.is_authenticated & is_admin)
rules.add_perm("committees.change_unit", rules.is_authenticated & is_admin & in_subtree)
