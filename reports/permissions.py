"""Who may write and read the units' reports a campaign asks for (django-rules). The report
services call the predicates first; the report pages declare the permissions."""

from __future__ import annotations

import rules

from committees.models import Role
from committees.permissions import is_active_user
from nominations.permissions import can_file_for


def can_write(user, request, unit) -> bool:
    """The unit's own secretary or staff write its report. (Three arguments, one more than a
    ``rules`` predicate takes: the predicates below and the services call it.)"""
    return unit is not None and can_file_for(user, unit) and request.must_report(unit)


@rules.predicate
def can_read_all(user, request) -> bool:
    """The organiser's staff and standing committee read every unit's report."""
    if not is_active_user(user) or request is None:
        return False
    if user.is_superuser:
        return True
    return user.unit_id == request.campaign.organiser_id and user.role in (
        Role.STAFF,
        Role.STANDING_MEMBER,
        Role.ADMIN,
    )


@rules.predicate
def can_reopen(user, request) -> bool:
    return can_read_all(user, request) and (user.is_superuser or user.role == Role.STAFF)


@rules.predicate
def writes_for_own_unit(user, request) -> bool:
    """The report page of the user's own unit."""
    return getattr(user, "unit_id", None) is not None and can_write(user, request, user.unit)


@rules.predicate
def reads_report(user, report) -> bool:
    """One report: its own unit and the receiving level."""
    return report is not None and (
        can_read_all(user, report.request) or can_write(user, report.request, report.unit)
    )


rules.add_perm("reports.write_own_report", writes_for_own_unit)  # object: the report request
rules.add_perm("reports.read_all_reports", can_read_all)  # object: the report request
rules.add_perm("reports.read_report", reads_report)  # object: the unit's report
rules.add_perm("reports.reopen_report", can_reopen)  # object: the report request
