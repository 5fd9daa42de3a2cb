"""Who may prepare, issue and annul decisions, print certificates, organise the conference and
write the report of results (``rules`` predicates; the services and pages ask these)."""

import rules

from committees.models import Role, Unit
from committees.permissions import is_active_user


@rules.predicate
def can_prepare_decisions(user, unit: Unit) -> bool:
    """The staff of the unit whose body honored: they draft, number and issue its decisions,
    print its certificates, organise its conference and write its report of results."""
    return (
        is_active_user(user)
        and unit is not None
        and user.unit_id == unit.pk
        and user.role == Role.STAFF
    )


@rules.predicate
def can_read_decisions(user, unit: Unit) -> bool:
    """The unit's staff, standing members and admins read its decisions and reports."""
    return (
        is_active_user(user)
        and unit is not None
        and user.unit_id == unit.pk
        and user.role in (Role.STAFF, Role.STANDING_MEMBER, Role.ADMIN)
    )


rules.add_perm("awards.prepare_decisions", can_prepare_decisions)
rules.add_perm("awards.read_decisions", can_read_decisions)
