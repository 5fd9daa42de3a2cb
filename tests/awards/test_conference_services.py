"""Entering the conference: who may, and what is refused (nothing changed when refused)."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from awards.conference_services import ConferenceDetails, default_details, save_conference
from awards.models import Conference
from committees.models import Role
from tests.awards.conference_fixtures import HCM, NOW, STARTS_AT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are read in the English of their msgid: which rule refused, whatever the
    catalogue says in Vietnamese."""
    with translation.override("en"):
        yield


def details(**overrides) -> ConferenceDetails:
    values = {
        "title": "  Hội nghị biểu dương đảng viên tiêu biểu ",
        "starts_at": STARTS_AT,
        "place": "Hội trường Quận ủy Ninh Kiều",
        "seats_per_row": 12,
        "number": "25",
        "dated": datetime.date(2025, 1, 22),
        "signer_name": "Lê Thị Hồng Nhung",
    }
    values.update(overrides)
    return ConferenceDetails(**values)


def field_errors(error: ValidationError) -> dict:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def test_the_districts_staff_enter_its_conference_and_change_it(seed000):
    staff, district = seed000.staff_district_a, seed000.tree.district_a

    conference = save_conference(staff, seed000.campaign, district, details(), now=NOW)

    assert conference.title == "Hội nghị biểu dương đảng viên tiêu biểu"
    assert (conference.unit, conference.created_by, conference.seats_per_row) == (
        district,
        staff,
        12,
    )
    again = save_conference(
        staff, seed000.campaign, district, details(place="Nhà văn hóa quận"), now=NOW
    )
    assert again.pk == conference.pk
    assert Conference.objects.within(district).get(pk=conference.pk).place == "Nhà văn hóa quận"


def test_the_defaults_name_the_conference_after_the_campaign_and_let_the_office_sign(seed000):
    seed000.campaign.title = "Biểu dương bí thư chi bộ ấp, khu vực"

    values = default_details(seed000.campaign, seed000.tree.district_a)

    assert values["title"] == "Hội nghị biểu dương bí thư chi bộ ấp, khu vực"
    assert (values["on_behalf"], values["signer_title"]) == ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG")


@pytest.mark.parametrize("role", [Role.STANDING_MEMBER, Role.ADMIN, Role.CELL_SECRETARY])
def test_only_the_units_staff_organise_it(seed000, role):
    user = UserFactory(unit=seed000.tree.district_a, role=role)

    with pytest.raises(PermissionDenied, match="Only the staff of Quận ủy Ninh Kiều"):
        save_conference(user, seed000.campaign, seed000.tree.district_a, details(), now=NOW)
    assert not Conference.objects.unscoped("test").exists()


def test_the_staff_of_the_level_above_do_not_organise_the_districts(seed000):
    with pytest.raises(PermissionDenied, match="Only the staff of Quận ủy Ninh Kiều"):
        save_conference(
            seed000.staff_city, seed000.campaign, seed000.tree.district_a, details(), now=NOW
        )


def test_a_unit_that_honors_no_one_holds_no_conference(seed000):
    staff = UserFactory(unit=seed000.tree.grassroots_a, role=Role.STAFF)

    with pytest.raises(ValidationError, match="honors no one in this campaign"):
        save_conference(staff, seed000.campaign, seed000.tree.grassroots_a, details(), now=NOW)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", "enter it"),
        ({"place": ""}, "place", "enter it"),
        ({"starts_at": datetime.datetime(2024, 2, 3, 8, 0, tzinfo=HCM)}, "starts_at", "passed"),
        ({"starts_at": NOW}, "starts_at", "passed"),
        ({"starts_at": datetime.datetime(2205, 2, 3, 8, 0, tzinfo=HCM)}, "starts_at", "year"),
        ({"starts_at": datetime.datetime(2025, 2, 3, 8, 0)}, "starts_at", "date and the time"),
        ({"dated": datetime.date(2025, 2, 4)}, "dated", "after the conference"),
        ({"seats_per_row": 0}, "seats_per_row", "Between 1 and 100"),
        ({"seats_per_row": 101}, "seats_per_row", "Between 1 and 100"),
        ({"first_row": 0}, "first_row", "between 1 and 100"),
        ({"number": "25-GM/QU"}, "number", "Only the number"),
        ({"place": "x" * 201}, "place", "At most 200"),
        ({"note": "x" * 401}, "note", "At most 400"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(seed000, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        save_conference(
            seed000.staff_district_a,
            seed000.campaign,
            seed000.tree.district_a,
            details(**overrides),
            now=NOW,
        )

    errors = field_errors(caught.value)
    assert list(errors) == [field]
    assert message in errors[field]
    assert not Conference.objects.unscoped("test").exists()


def test_a_conference_already_held_keeps_its_time_when_something_else_is_corrected(seed000):
    staff, district = seed000.staff_district_a, seed000.tree.district_a
    conference = save_conference(staff, seed000.campaign, district, details(), now=NOW)
    after = STARTS_AT + datetime.timedelta(days=1)

    save_conference(staff, seed000.campaign, district, details(place="Hội trường B"), now=after)
    with pytest.raises(ValidationError) as caught:
        save_conference(
            staff,
            seed000.campaign,
            district,
            dataclasses.replace(details(), starts_at=STARTS_AT + datetime.timedelta(hours=1)),
            now=after,
        )

    assert "passed" in field_errors(caught.value)["starts_at"]
    conference.refresh_from_db()
    assert (conference.place, conference.starts_at) == ("Hội trường B", STARTS_AT)
