"""Who may do what to a nomination, as ``rules`` predicates registered as permissions.

The services call the predicates first (``require(can_file_for(user, unit), ...)``); the views
declare the permission they need and the pages ask the same predicates which buttons to show.
Each predicate says itself what a superuser may do: views test them with ``rules.has_perm``,
which, unlike ``user.has_perm``, does not grant a superuser everything.
"""

import rules
from django.core.exceptions import PermissionDenied

from committees.models import Role
from committees.permissions import is_level_staff


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def can_file_for(user, unit) -> bool:
    """The cell secretary files for the cell; a unit's own staff file for a grassroots unit
    or a mass organisation."""
    return (
        _active(user)
        and unit is not None
        and user.unit_id == unit.pk
        and user.role in (Role.CELL_SECRETARY, Role.STAFF)
    )


@rules.predicate
def can_act_at_level(user, nomination) -> bool:
    """Appraise, return, reject, pass on, send up: the staff of the unit it waits at."""
    return (
        _active(user)
        and nomination is not None
        and user.role == Role.STAFF
        and nomination.reviewing_unit_id is not None
        and user.unit_id == nomination.reviewing_unit_id
    )


@rules.predicate
def can_record_votes(user, unit) -> bool:
    return (
        _active(user)
        and unit is not None
        and user.unit_id == unit.pk
        and user.role in (Role.STAFF, Role.STANDING_MEMBER)
    )


@rules.predicate
def can_run_public_vote(user, unit) -> bool:
    """Shortlist, open, close and confirm a public vote: the staff and standing members of the
    unit whose standing committee runs it, or a superuser."""
    if not _active(user) or unit is None:
        return False
    if user.is_superuser:
        return True
    # Not the unit's administrator: the vote is the standing committee's business, like the
    # vote sessions (``can_record_votes``).
    return user.unit_id == unit.pk and user.role in (Role.STAFF, Role.STANDING_MEMBER)


@rules.predicate
def keeps_final_list(user, campaign) -> bool:
    """The final list is the organising unit's: its staff and standing committee."""
    return campaign is not None and can_record_votes(user, campaign.organiser)


@rules.predicate
def records_votes_of_own_unit(user) -> bool:
    """The vote session pages of the user's own unit (its level must also vote)."""
    return getattr(user, "unit_id", None) is not None and can_record_votes(user, user.unit)


# The pages of a level's staff: the appraisal queue, the progress of the units below, sending
# up what was forwarded. Which level the unit plays is checked by the page (403 when none).
reviews_at_a_level = rules.is_authenticated & is_level_staff

rules.add_perm("nominations.file_for_unit", can_file_for)  # object: the filing unit
rules.add_perm("nominations.act_at_level", can_act_at_level)  # object: the nomination
rules.add_perm("nominations.record_votes", can_record_votes)  # object: the voting unit
rules.add_perm("nominations.record_own_votes", records_votes_of_own_unit)
rules.add_perm("nominations.run_public_vote", can_run_public_vote)  # object: the unit
rules.add_perm("nominations.keep_final_list", keeps_final_list)  # object: the campaign
rules.add_perm("nominations.review_at_level", reviews_at_a_level)
