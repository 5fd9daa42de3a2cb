"""The conference's pages: its page with the list of the day, the form of its staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from awards.models import Conference
from committees.models import Role
from tests.awards.conference_fixtures import people
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_url(seed, unit=None):
    return reverse(
        "awards:conference", args=[seed.campaign.code, (unit or seed.tree.district_a).code]
    )


def edit_url(seed, unit=None):
    return reverse(
        "awards:conference-edit", args=[seed.campaign.code, (unit or seed.tree.district_a).code]
    )


#: a day still to come, whenever the test runs
SOON = timezone.localdate() + datetime.timedelta(days=30)


def form_data(**overrides):
    values = {
        "title": "Hội nghị biểu dương đảng viên tiêu biểu",
        "starts_on": SOON.isoformat(),
        "starts_time": "08:00",
        "place": "Hội trường Quận ủy Ninh Kiều",
        "dress": "",
        "note": "",
        "seats_per_row": "10",
        "first_row": "2",
        "number": "",
        "dated": "",
        "on_behalf": "T/L BAN THƯỜNG VỤ",
        "signer_title": "CHÁNH VĂN PHÒNG",
        "signer_name": "Lê Thị Hồng Nhung",
    }
    values.update(overrides)
    return values


def test_the_page_lists_who_receives_what_where_they_sit_and_the_downloads(client, conf):
    (person,) = people(conf, conf.seed.tree.cell_a1, "Nguyễn Thị Thu Hằng", position="Bí thư")
    conf.honor(person)
    client.force_login(conf.seed.standing_district_a)

    response = client.get(page_url(conf.seed))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Thị Thu Hằng" in text and "Đảng ủy phường An Hòa" in text
    for name in ("invitations", "conference-list-pdf", "conference-list-xlsx"):
        assert reverse(f"documents:{name}", args=[conf.conference.public_id]) in text
    # A standing member reads; only the staff change it.
    assert edit_url(conf.seed) not in text
    assert response.context["day"].invitees[0].seat_text == "Hàng 1, ghế 1"


def test_before_it_is_entered_the_staff_are_offered_the_form(client, seed000):
    client.force_login(seed000.staff_district_a)

    response = client.get(page_url(seed000))

    assert response.status_code == 200
    assert response.context["conference"] is None
    assert edit_url(seed000) in response.content.decode()


def test_the_staff_enter_the_conference_with_the_form(client, seed000):
    client.force_login(seed000.staff_district_a)
    form = client.get(edit_url(seed000)).context["form"]
    assert form.initial["signer_title"] == "CHÁNH VĂN PHÒNG"

    response = client.post(edit_url(seed000), form_data())

    assert response.status_code == 302 and response["Location"] == page_url(seed000)
    conference = Conference.objects.within(seed000.tree.district_a).get()
    assert (conference.place, conference.first_row) == ("Hội trường Quận ủy Ninh Kiều", 2)
    again = client.get(edit_url(seed000)).context["form"]
    assert str(again.initial["starts_time"]) == "08:00:00"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_on": "2020-02-03"},
            "starts_on",
            gettext("This time has already passed: enter the time the conference will be held."),
        ),
        ({"starts_on": "03/02/ab"}, "starts_on", "Nhập một ngày hợp lệ"),
        ({"starts_time": "25:00"}, "starts_time", "Nhập một thời gian hợp lệ"),
        ({"place": "  "}, "place", "bắt buộc"),
        ({"seats_per_row": "0"}, "seats_per_row", "lớn hơn hoặc bằng với 1"),
        (
            {"number": "12/GM"},
            "number",
            gettext('Only the number (for example 25): "-GM/…" is added on the invitation.'),
        ),
        (
            {"dated": (SOON + datetime.timedelta(days=1)).isoformat()},
            "dated",
            gettext("The invitation cannot be dated after the conference."),
        ),
    ],
)
def test_bad_input_is_shown_at_its_field_in_vietnamese_and_nothing_saved(
    client, seed000, overrides, field, message
):
    client.force_login(seed000.staff_district_a)

    response = client.post(edit_url(seed000), form_data(**overrides))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Conference.objects.unscoped("test").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_outside_the_subtree_404_wrong_role_403(client, seed000, method):
    def ask(user, url):
        client.force_login(user)
        return getattr(client, method)(url, form_data()).status_code

    assert ask(seed000.staff_district_b, edit_url(seed000)) == 404
    assert ask(seed000.staff_city, edit_url(seed000)) == 403  # above: not its conference
    assert ask(seed000.standing_district_a, edit_url(seed000)) == 403
    assert ask(UserFactory(unit=seed000.tree.district_a, role=Role.ADMIN), edit_url(seed000)) == 403
    # A unit that honors no one in the campaign holds no conference.
    ward_staff = UserFactory(unit=seed000.tree.grassroots_a, role=Role.STAFF)
    assert ask(ward_staff, edit_url(seed000, seed000.tree.grassroots_a)) == 403
    assert not Conference.objects.unscoped("test").exists()


def test_the_page_outside_the_subtree_404_and_for_a_cell_secretary_404(client, conf):
    client.force_login(conf.seed.staff_district_b)
    assert client.get(page_url(conf.seed)).status_code == 404
    client.force_login(conf.seed.secretary_a1)
    assert client.get(page_url(conf.seed)).status_code == 404
    client.force_login(conf.seed.staff_city)
    assert client.get(page_url(conf.seed)).status_code == 403


def test_the_vote_sessions_page_leads_the_honoring_levels_staff_to_the_conference(client, seed000):
    client.force_login(seed000.staff_district_a)

    response = client.get(reverse("nominations:session-list", args=[seed000.campaign.code]))

    assert page_url(seed000) in response.content.decode()
