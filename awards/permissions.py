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


@rules.predicate
def can_read_decision(user, decision) -> bool:
    """A decision as a document: whoever reads its unit's decisions, and the staff, standing
    members and admins of the units above it (the level above sees what its units issued). The
    subtree itself is checked by the page (``Decision.objects.visible_to``: 404 outside)."""
    if decision is None or not is_active_user(user):
        return False
    if can_read_decisions(user, decision.unit):
        return True
    unit = user.unit
    return (
        unit is not None
        and unit.pk != decision.unit_id
        and unit.contains(decision.unit)
        and user.role in (Role.STAFF, Role.STANDING_MEMBER, Role.ADMIN)
    )


rules.add_perm("awards.read_decision", can_read_decision)

# --- the report of results (issue 20 part 4) ---------------------------------------------------


@rules.predicate
def can_read_results_report(user, report) -> bool:
    """A report of results is read by its own unit (staff, standing members, admins) and, once
    sent, by the same roles of the unit it was sent to (the level above)."""
    if report is None:
        return False
    if can_read_decisions(user, report.unit):
        return True
    return report.sent_at is not None and can_read_decisions(user, report.recipient)


@rules.predicate
def can_reopen_results_report(user, report) -> bool:
    """The staff of the receiving unit send a sent report back to its unit (at the top, where
    the unit is its own recipient, its own staff)."""
    return report is not None and can_prepare_decisions(user, report.recipient)


rules.add_perm("awards.read_results_report", can_read_results_report)
rules.add_perm("awards.reopen_results_report", can_reopen_results_report)
