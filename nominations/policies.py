"""Who may do what to a nomination. The services call these before anything else; the pages
use the same functions to decide which buttons to show."""

from django.core.exceptions import PermissionDenied

from committees.models import Role, Unit


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_file_for(user, unit: Unit) -> bool:
    """The cell secretary files for the cell; a unit's own staff file for a grassroots unit
    or a mass organisation."""
    return (
        _active(user) and user.unit_id == unit.pk and user.role in (Role.CELL_SECRETARY, Role.STAFF)
    )


def can_act_at_level(user, nomination) -> bool:
    """Appraise, return, reject, pass on, send up: the staff of the unit it waits at."""
    return (
        _active(user)
        and user.role == Role.STAFF
        and nomination.reviewing_unit_id is not None
        and user.unit_id == nomination.reviewing_unit_id
    )


def can_record_votes(user, unit: Unit) -> bool:
    return (
        _active(user)
        and user.unit_id == unit.pk
        and user.role in (Role.STAFF, Role.STANDING_MEMBER)
    )


def can_run_public_vote(user, unit: Unit) -> bool:
    """Shortlist, open, close and confirm a public vote: the staff and standing members of the
    unit whose standing committee runs it, or a superuser."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    # Not the unit's administrator: the vote is the standing committee's business, like the
    # vote sessions (``can_record_votes``).
    return user.unit_id == unit.pk and user.role in (Role.STAFF, Role.STANDING_MEMBER)
