"""The nominations and commendations of a person, or of a unit as a collective, across
campaigns: the record ("hồ sơ thi đua") on the person's and the unit's pages."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from committees.models import Person
from committees.records import RecordSection

from .models import Nomination
from .models import NominationState as S


def outcome_of(nomination: Nomination) -> str:
    """Honored at which level, not accepted, withdrawn, or where it stands now."""
    if nomination.state == S.HONORED and nomination.honored_level_id:
        return _("Honored at %(level)s") % {"level": nomination.honored_level.name}
    if nomination.state in (S.REJECTED, S.WITHDRAWN):
        return nomination.get_state_display()
    if nomination.reviewing_unit_id:
        return _("%(state)s, at %(unit)s") % {
            "state": nomination.get_state_display(),
            "unit": nomination.reviewing_unit.name,
        }
    return nomination.get_state_display()


def record_rows(nominations) -> list[dict]:
    rows = []
    for nomination in nominations:
        campaign = nomination.campaign
        rows.append(
            {
                "nomination": nomination,
                "year": campaign.period_end.year,
                "campaign": campaign,
                "category": nomination.category.name,
                "level": (nomination.honored_level or nomination.level),
                "outcome": outcome_of(nomination),
                "honored": nomination.state == S.HONORED,
            }
        )
    return rows


def _nominations(user):
    # Drafts are the filing unit's work in progress, not part of anybody's record.
    return (
        Nomination.objects.visible_to(user)
        .exclude(state=S.DRAFT)
        .select_related("campaign", "category", "level", "honored_level", "reviewing_unit")
        .order_by("-campaign__period_end", "-campaign_id", "id")
    )


def person_record(user, person) -> RecordSection:
    rows = record_rows(_nominations(user).filter(person=person))
    return RecordSection(
        "nominations/records/record.html",
        {"rows": rows, "honors": sum(row["honored"] for row in rows), "collective": False},
    )


def unit_record(user, unit) -> RecordSection:
    rows = record_rows(_nominations(user).filter(collective=unit))
    return RecordSection(
        "nominations/records/record.html",
        {"rows": rows, "honors": sum(row["honored"] for row in rows), "collective": True},
    )


def follow_nominee_keys(model, pks: list[int]) -> None:
    """A person or a unit was renamed (or recoded): their nominations copy the new key."""
    field = "person_id" if model is Person else "collective_id"
    source = model.objects.unscoped("a nominee's key, copied") if model is Person else model.objects
    key = Subquery(source.filter(pk=OuterRef(field)).values("search_key")[:1])
    nominations = Nomination.objects.unscoped("a nominee's search key follows their name")
    for start in range(0, len(pks), 2000):
        nominations.filter(**{f"{field}__in": pks[start : start + 2000]}).update(search_key=key)
