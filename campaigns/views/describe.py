"""A campaign's rules in words, for its page: the same rows the services read, said plainly."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committees.models import Rating, UnitKind
from committees.permissions import is_cell_secretary, is_level_staff, is_standing_member

from ..models import Campaign, CapBase, Category, NomineeKind, Placement, Quota, ReviewLevel


def kinds_text(kinds) -> str:
    labels = dict(UnitKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds or [])


def rating_text(value: str) -> str:
    return f"{value} ({Rating(value).label})"


def placement_text(level: ReviewLevel) -> str:
    if level.placement == Placement.KINDS:
        return _("Units of these kinds: %(kinds)s") % {"kinds": kinds_text(level.kinds)}
    return str(level.get_placement_display())


def cap_text(level: ReviewLevel) -> str:
    if level.forward_cap_percent is None:
        return ""
    values = {
        "percent": level.forward_cap_percent,
        "rounding": str(level.get_cap_rounding_display()).lower(),
    }
    if level.cap_base == CapBase.RECEIVED_HERE:
        return (
            _("at most %(percent)s%% of the nominations received at this level (%(rounding)s)")
            % values
        )
    return (
        _("at most %(percent)s%% of the individuals honored at this level (%(rounding)s)") % values
    )


def category_criteria(category: Category, rating_year: int) -> list[str]:
    """The criteria computed from the data, in words (the checklist is shown apart)."""
    individual = category.nominee_kind == NomineeKind.INDIVIDUAL
    criteria = []
    if individual:
        criteria.append(
            _("Party members only")
            if category.party_members_only
            else _("Party members and non-members")
        )
    if individual and category.min_person_rating:
        criteria.append(
            _("Rated %(rating)s or better for %(year)s")
            % {"rating": rating_text(category.min_person_rating), "year": rating_year}
        )
    if category.min_unit_rating:
        values = {"rating": rating_text(category.min_unit_rating), "year": rating_year}
        criteria.append(
            _("Their party organisation rated %(rating)s or better for %(year)s") % values
            if individual
            else _("The collective rated %(rating)s or better for %(year)s") % values
        )
    if individual and category.exclude_under_review:
        criteria.append(_("Not under inspection or discipline review"))
    if individual and category.required_position:
        criteria.append(
            _("Holds the position “%(position)s”") % {"position": category.required_position}
        )
    return criteria


def quota_limit_text(quota: Quota) -> str:
    if quota.max_total == 1 and quota.max_individuals and quota.max_collectives:
        return _("1 collective or 1 individual")
    parts = []
    if quota.max_collectives is not None:
        n = quota.max_collectives
        parts.append(
            ngettext("at most %(n)s collective", "at most %(n)s collectives", n) % {"n": n}
        )
    if quota.max_individuals is not None:
        n = quota.max_individuals
        parts.append(
            ngettext("at most %(n)s individual", "at most %(n)s individuals", n) % {"n": n}
        )
    if quota.max_total is not None:
        n = quota.max_total
        parts.append(
            ngettext("at most %(n)s nomination in all", "at most %(n)s nominations in all", n)
            % {"n": n}
        )
    if quota.min_total is not None:
        n = quota.min_total
        parts.append(
            ngettext("at least %(n)s nomination in all", "at least %(n)s nominations in all", n)
            % {"n": n}
        )
    return ", ".join(parts)


def quota_target_text(quota: Quota) -> str:
    if quota.unit_id:
        return quota.unit.name
    return _("Each unit of these kinds: %(kinds)s") % {"kinds": kinds_text(quota.unit_kinds)}


# --- links to the nomination pages --------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def optional_url(name: str, **kwargs) -> str | None:
    """The address of a page, or None while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def nomination_links(user, campaign: Campaign, levels: list[ReviewLevel]) -> list[Link]:
    """The nomination pages of this campaign that the user's role works in (the role predicates
    of ``committees.permissions``; each page checks its own permission again)."""
    unit = getattr(user, "unit", None)
    plays = [lvl for lvl in levels if unit is not None and lvl.matches(unit, campaign.organiser)]
    secretary, staff, standing = (
        is_cell_secretary(user),
        is_level_staff(user),
        is_standing_member(user),
    )
    superuser = user.is_superuser
    wanted = []
    if secretary or (staff and unit is not None and campaign.files_from(unit)):
        wanted.append((_("Our unit's nominations"), "nominations:unit-nominations"))
    if staff and plays:
        wanted.append((_("Nominations to appraise"), "nominations:queue"))
    if (staff or standing) and any(lvl.voting_body for lvl in plays):
        wanted.append((_("Vote sessions"), "nominations:session-list"))
    # Behind the permission each page declares (named, so that this app imports none of
    # nominations): a link that would answer 403 is not shown.
    if rules.has_perm("nominations.keep_final_list", user, campaign):
        wanted.append((_("Final list"), "nominations:final-list"))
    if plays and rules.has_perm("nominations.review_at_level", user):
        wanted.append((_("Progress of the campaign"), "nominations:progress"))
    if (superuser or secretary or staff or standing) and bool(campaign.report_requests.all()):
        wanted.append((_("Reports"), "reports:list"))
    links = []
    for label, name in wanted:
        url = optional_url(name, code=campaign.code)
        if url is not None:
            links.append(Link(label, url))
    return links
