"""Who may do what to a nomination. The services call these before anything else; the pages
use the same functions to decide which buttons to show (``rules`` permissions, at the end)."""

import rules
from django.core.exceptions import PermissionDenied

from campaigns.models import CampaignStatus
from committees.models import Role, Unit
from committees.permissions import is_active_user, is_level_staff

from .deadlines import Desk, accepting, passed


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@rules.predicate
def can_file_for(user, unit: Unit) -> bool:
    """The cell secretary files for the cell; a unit's own staff file for a grassroots unit
    or a mass organisation."""
    if unit is None:  # a permission asked without its object
        return False
    return (
        is_active_user(user)
        and user.unit_id == unit.pk
        and user.role in (Role.CELL_SECRETARY, Role.STAFF)
    )


@rules.predicate
def can_act_at_level(user, nomination) -> bool:
    """Appraise, return, reject, pass on, send up: the staff of the unit it waits at."""
    return (
        is_active_user(user)
        and user.role == Role.STAFF
        and nomination is not None
        and nomination.reviewing_unit_id is not None
        and user.unit_id == nomination.reviewing_unit_id
    )


@rules.predicate
def can_record_votes(user, unit: Unit) -> bool:
    return (
        is_active_user(user)
        and unit is not None
        and user.unit_id == unit.pk
        and user.role in (Role.STAFF, Role.STANDING_MEMBER)
    )


@rules.predicate
def can_run_public_vote(user, unit: Unit) -> bool:
    """Shortlist, open, close and confirm a public vote: the staff and standing members of the
    unit whose standing committee runs it, or a superuser."""
    if not is_active_user(user) or unit is None:
        return False
    if user.is_superuser:
        return True
    # Not the unit's administrator: the vote is the standing committee's business, like the
    # vote sessions (``can_record_votes``).
    return user.unit_id == unit.pk and user.role in (Role.STAFF, Role.STANDING_MEMBER)


@rules.predicate
def keeps_final_list(user, campaign) -> bool:
    """The organising unit's staff and standing committee."""
    return campaign is not None and can_record_votes(user, campaign.organiser)


@rules.predicate
def records_votes_of_own_unit(user) -> bool:
    return getattr(user, "unit_id", None) is not None and can_record_votes(user, user.unit)


# The queue, the progress and sending up (the page checks the level the unit plays).
reviews_at_a_level = rules.is_authenticated & is_level_staff


@rules.predicate
def may_file_now(user, desk: Desk) -> bool:
    """ "New nomination" on the unit's page: the unit files in this open campaign, the level
    its nominations go to first still receives, and the deadline that binds them (the
    earliest of the levels on their way, ``binding_deadline``) has not passed: after it the
    button is gone."""
    return (
        desk is not None
        and can_file_for(user, desk.unit)
        and desk.campaign.status == CampaignStatus.OPEN
        and desk.campaign.files_from(desk.unit)
        and accepting(desk.level)
        and not passed(desk.deadline)
    )


@rules.predicate
def files_before_deadline(user, nomination) -> bool:
    """Edit and submit a draft or a returned nomination: its unit files for it and the first
    level still receives (``submit`` refuses it after the deadline all the same)."""
    if nomination is None or not can_file_for(user, nomination.filing_unit):
        return False
    return accepting(Desk.of(nomination.campaign, nomination.filing_unit).level)


@rules.predicate
def sends_before_deadline(user, level) -> bool:
    """Send forwarded nominations up: the staff of a level, while the next level receives."""
    return reviews_at_a_level(user) and accepting(level)


rules.add_perm("nominations.file_for_unit", can_file_for)  # of a unit
rules.add_perm("nominations.act_at_level", can_act_at_level)
rules.add_perm("nominations.record_votes", can_record_votes)  # of a unit
rules.add_perm("nominations.record_own_votes", records_votes_of_own_unit)
rules.add_perm("nominations.run_public_vote", can_run_public_vote)  # of a unit
rules.add_perm("nominations.keep_final_list", keeps_final_list)  # of a campaign
rules.add_perm("nominations.review_at_level", reviews_at_a_level)
# The progress page's "remind the units that have not sent" (the service checks the level).
rules.add_perm("nominations.remind_units", reviews_at_a_level)
rules.add_perm("nominations.file_now", may_file_now)  # of a Desk (campaign, unit, first level)
rules.add_perm("nominations.file_before_deadline", files_before_deadline)  # of a nomination
rules.add_perm("nominations.send_before_deadline", sends_before_deadline)  # of the next level
