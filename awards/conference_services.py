"""The conference at which a unit hands over its commendations (seed 000 III.2.5: the district
holds its conference; III.5: the office issues the invitations): entering its time and place.

One conference per unit and campaign. The organiser is the staff of the unit that honored
(``can_prepare_decisions``). ``save_conference`` creates it or changes it: check (the actor, the
unit's level, every field), lock the unit's row (two clerks saving at once make one conference),
change.

The time: a conference is entered before it is held, so a time already past is refused when it
is entered or changed (a year typed wrong, 2024 for 2025, would otherwise print invitations to a
meeting that is over); editing anything else of a conference already held keeps its time. A
time more than two years ahead is refused as a typo too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from committees.models import Unit, UnitKind
from nominations.selectors import level_of

from .models import Conference
from .permissions import can_prepare_decisions
from .seating import MAX_FIRST_ROW, MAX_SEATS_PER_ROW

#: the longest texts an invitation holds on one page with the letterhead and the signature
#: (``test_the_longest_texts_the_form_allows_still_fit_one_page_per_invitation``)
LIMITS = {"title": 250, "place": 200, "dress": 150, "note": 400, "signer_title": 100}
LIMITS |= {"signer_name": 255, "on_behalf": 100}
#: how far ahead a conference may be set before the time is taken for a typo
MAX_AHEAD = datetime.timedelta(days=2 * 366)
NUMBER = re.compile(r"^\d{1,6}$")


@dataclass
class ConferenceDetails:
    """What the organiser enters (the form's fields)."""

    title: str
    starts_at: datetime.datetime
    place: str
    dress: str = ""
    note: str = ""
    seats_per_row: int = 10
    first_row: int = 1
    number: str = ""
    dated: datetime.date | None = None
    on_behalf: str = ""
    signer_title: str = ""
    signer_name: str = ""

    @classmethod
    def of(cls, conference: Conference) -> ConferenceDetails:
        return cls(**{name: getattr(conference, name) for name in cls.__dataclass_fields__})


def default_details(campaign: Campaign, unit: Unit) -> dict:
    """The form's prefilled values for a new conference: its title from the campaign's ("Hội
    nghị biểu dương bí thư chi bộ …"), the office signing for the standing committee (seed 000
    III.5: the office issues the invitations); a cell signs for itself."""
    title = " ".join(campaign.title.split())
    is_cell = unit.kind in UnitKind.cell_kinds()
    return {
        "title": f"Hội nghị {title[:1].lower()}{title[1:]}"[: LIMITS["title"]],
        "seats_per_row": 10,
        "first_row": 1,
        "dress": "",
        "on_behalf": "T/M CHI BỘ" if is_cell else "T/L BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ" if is_cell else "CHÁNH VĂN PHÒNG",
    }


def conference_of(campaign: Campaign, unit: Unit) -> Conference | None:
    return (
        Conference.objects.within(unit)
        .filter(campaign=campaign, unit=unit)
        .select_related("campaign", "unit", "created_by")
        .first()
    )


def check_organiser(user, campaign: Campaign, unit: Unit) -> None:
    """The staff of a unit that honors in the campaign; refused otherwise."""
    if not can_prepare_decisions(user, unit):
        raise PermissionDenied(
            _("Only the staff of %(unit)s organise its conference.") % {"unit": unit.name}
        )
    level = level_of(campaign, unit)
    if not level.can_honor:
        raise ValidationError(
            _("%(unit)s honors no one in this campaign: it holds no conference.")
            % {"unit": unit.name},
            code="level_does_not_honor",
        )


def problems(
    details: ConferenceDetails, *, now: datetime.datetime, old: Conference | None
) -> dict[str, list[str]]:
    """Each field's refusals, as the form shows them at the field."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name in ("title", "place"):
        if not (getattr(details, name) or "").strip():
            refuse(name, _("This is printed on every invitation: enter it."))
    for name, limit in LIMITS.items():
        if len(getattr(details, name) or "") > limit:
            refuse(name, _("At most %(n)s characters.") % {"n": limit})
    starts_at = details.starts_at
    if starts_at is None or timezone.is_naive(starts_at):
        refuse("starts_at", _("Enter the date and the time of the conference."))
    else:
        unchanged = old is not None and old.starts_at == starts_at
        if not unchanged and starts_at <= now:
            refuse(
                "starts_at",
                _("This time has already passed: enter the time the conference will be held."),
            )
        elif starts_at > now + MAX_AHEAD:
            refuse("starts_at", _("This is more than two years ahead: check the year."))
        if (
            "starts_at" not in errors
            and details.dated is not None
            and details.dated > timezone.localtime(starts_at).date()
        ):
            refuse("dated", _("The invitation cannot be dated after the conference."))
    if not 1 <= details.seats_per_row <= MAX_SEATS_PER_ROW:
        refuse(
            "seats_per_row",
            _("Between 1 and %(n)s seats per row.") % {"n": MAX_SEATS_PER_ROW},
        )
    if not 1 <= details.first_row <= MAX_FIRST_ROW:
        refuse("first_row", _("A row between 1 and %(n)s.") % {"n": MAX_FIRST_ROW})
    if details.number and not NUMBER.match(details.number):
        refuse(
            "number",
            _('Only the number (for example 25): "-GM/…" is added on the invitation.'),
        )
    return errors


def cleaned(details: ConferenceDetails) -> ConferenceDetails:
    """Text without surrounding spaces; the number without spaces."""
    values = asdict(details)
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    return ConferenceDetails(**values)


def save_conference(
    user,
    campaign: Campaign,
    unit: Unit,
    details: ConferenceDetails,
    *,
    now: datetime.datetime | None = None,
) -> Conference:
    """Create the unit's conference for the campaign, or change it. Refused with
    ``PermissionDenied`` (not the organiser) or ``ValidationError`` (by field); nothing is
    changed when refused."""
    now = now or timezone.now()
    check_organiser(user, campaign, unit)
    details = cleaned(details)
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)
        conference = conference_of(campaign, unit)
        errors = problems(details, now=now, old=conference)
        if errors:
            raise ValidationError(errors)
        if conference is None:
            conference = Conference(campaign=campaign, unit=unit, created_by=user)
        for name, value in asdict(details).items():
            setattr(conference, name, value)
        try:
            with transaction.atomic():
                conference.save()
        except IntegrityError as error:  # a second clerk's conference, saved a moment before
            raise ValidationError(
                _("%(unit)s already has a conference in this campaign: reload the page.")
                % {"unit": unit.name},
                code="conference_exists",
            ) from error
    return conference
