"""Who may act in the four-good movement (django-rules): judge T1–T3 from the level above,
register a unit. Pure on the objects given; the services call the predicates first, the views
declare the permissions and the pages ask them which forms to offer."""

from __future__ import annotations

import rules

from committees.models import Role
from committees.permissions import is_active_user
from committees.scoping import unit_in_scope

JUDGING_ROLES = (Role.STAFF, Role.ADMIN)
REGISTERING_ROLES = (Role.CELL_SECRETARY, Role.STAFF, Role.ADMIN)


@rules.predicate
def judges(user) -> bool:
    """The role that judges units (their staff and administrators, or a superuser); which
    units is ``can_judge``."""
    return is_active_user(user) and (user.is_superuser or user.role in JUDGING_ROLES)


@rules.predicate
def can_judge(user, unit) -> bool:
    """Staff or administrators of a unit above ``unit`` (never the unit itself)."""
    if not is_active_user(user) or unit is None:
        return False
    if user.is_superuser:
        return True
    return (
        user.role in JUDGING_ROLES
        and user.unit_id is not None
        and user.unit_id != unit.pk
        and unit_in_scope(user, unit)
    )


@rules.predicate
def can_register(user, unit) -> bool:
    """The unit itself (its secretary, staff or administrator), or the level above."""
    if not is_active_user(user) or unit is None:
        return False
    own = user.unit_id == unit.pk and user.role in REGISTERING_ROLES
    return own or can_judge(user, unit)


@rules.predicate
def can_see(user, unit) -> bool:
    return is_active_user(user) and unit is not None and unit_in_scope(user, unit)


@rules.predicate
def judges_from_above(user) -> bool:
    """The dashboard's link to the results to judge: a judging role at a unit that has units
    below it (a cell has none)."""
    unit = getattr(user, "unit", None)
    return (
        is_active_user(user)
        and user.role in JUDGING_ROLES
        and unit is not None
        and not unit.is_cell
    )


rules.add_perm("movements.import_judgements", judges)  # object: none (the import checks each row)
rules.add_perm("movements.judge_unit", can_judge)  # object: the unit judged
rules.add_perm("movements.register_unit", can_register)  # object: the unit registered
