"""Bulk work where offices do bulk work, each row through the one transition layer:

- returning many for revision with one reason, and appraising many: row by row (each row its
  own transaction; the rows that pass are done, each one refused is named with its reason);
- sending many forwarded nominations up in one confirmation: all or none (they go up as one
  dispatch, under the next level's deadline and the cap);
- the vote session's counter moves as each tally is saved.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations import services
from nominations.models import Nomination, NominationEvent, Outcome
from nominations.models import NominationState as S
from tests.factories import CampaignFactory
from tests.nominations.test_appraisal_pages import open_inspection
from tests.workflow_fixtures import BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def fresh(nomination):
    return Nomination.objects.get(pk=nomination.pk)


def queue_url(seed):
    return reverse("nominations:queue", args=[seed.campaign.code])


def messages_of(response):
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


class TestBulkReturn:
    def test_each_selected_row_returned_with_the_one_reason(self, en, seed000):
        rows = [seed000.file(seed000.member(seed000.tree.cell_a1)) for _ in range(2)]
        en.force_login(seed000.staff_grassroots_a)
        response = en.post(
            queue_url(seed000),
            {
                "nominations": [str(n.public_id) for n in rows],
                "action": "return",
                "reason": "Bổ sung ảnh",
            },
        )
        assert response.status_code == 302
        for nomination in rows:
            nomination = fresh(nomination)
            assert nomination.state == S.RETURNED
            assert nomination.state_reason == "Bổ sung ảnh"
            # through the transition layer: its history event, with the reason
            event = NominationEvent.objects.filter(nomination=nomination).last()
            assert (event.from_state, event.to_state, event.reason) == (
                S.PROPOSED,
                S.RETURNED,
                "Bổ sung ảnh",
            )

    def test_row_by_row_the_refused_one_is_named(self, en, seed000):
        good = seed000.file(seed000.member(seed000.tree.cell_a1))
        done = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Đã Thẩm Định"))
        en.force_login(seed000.staff_grassroots_a)
        # appraised meanwhile (another tab): no longer returnable, and still in the queue
        services.appraise(seed000.staff_grassroots_a, done, now=BEFORE)
        response = en.post(
            queue_url(seed000),
            {
                "nominations": [str(good.public_id), str(done.public_id)],
                "action": "return",
                "reason": "Thiếu",
            },
        )
        assert fresh(good).state == S.RETURNED
        assert fresh(done).state == S.APPRAISED
        assert messages_of(response) == [
            f"1 nomination returned for revision: {good.nominee_name}.",
            "Đã Thẩm Định was not returned: Only a proposed nomination can be returned.",
        ]

    def test_without_a_reason_nothing_is_returned(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = en.post(
            queue_url(seed000),
            {"nominations": [str(nomination.public_id)], "action": "return", "reason": " "},
        )
        assert messages_of(response) == ["Give the reason for returning it."]
        assert fresh(nomination).state == S.PROPOSED


class TestBulkPermissions:
    def test_a_cell_secretary_is_refused(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        response = en.post(
            queue_url(seed000),
            {"nominations": [str(nomination.public_id)], "action": "return", "reason": "x"},
        )
        assert response.status_code == 403
        assert fresh(nomination).state == S.PROPOSED

    def test_rows_of_another_subtree_are_not_choices(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_district_b)
        en.post(
            queue_url(seed000),
            {"nominations": [str(nomination.public_id)], "action": "return", "reason": "x"},
        )
        assert fresh(nomination).state == S.PROPOSED

    def test_a_campaign_out_of_sight_is_not_found(self, en, seed000):
        hidden = CampaignFactory(organiser=seed000.tree.district_b, code="rieng-b")
        en.force_login(seed000.staff_district_a)
        url = reverse("nominations:queue", args=[hidden.code])
        assert en.post(url, {"action": "return", "reason": "x"}).status_code == 404


class TestBulkSendUp:
    @pytest.fixture
    def two_forwarded(self, seed000):
        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=3)
        seed000.city.save()
        seed000.district.forward_cap_percent = 100
        seed000.district.save()
        session, nominations = seed000.decide_at_district(honor=2, forward=2)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        return [fresh(n) for n in nominations[-2:]]

    def test_all_sent_in_one_confirmation(self, en, seed000, two_forwarded):
        en.force_login(seed000.staff_district_a)
        url = reverse("nominations:send-up", args=[seed000.campaign.code])
        page = en.get(url).content.decode()
        assert 'data-check-all="nominations"' in page and "data-confirm=" in page
        en.post(url, {"nominations": [str(n.public_id) for n in two_forwarded]})
        assert {fresh(n).reviewing_unit for n in two_forwarded} == {seed000.tree.city}

    def test_none_sent_when_one_cannot_go(self, en, seed000, two_forwarded):
        open_inspection(two_forwarded[1].person)
        en.force_login(seed000.staff_district_a)
        url = reverse("nominations:send-up", args=[seed000.campaign.code])
        response = en.post(url, {"nominations": [str(n.public_id) for n in two_forwarded]})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert {fresh(n).state for n in two_forwarded} == {S.FORWARDED}


class TestTheSessionCounter:
    def test_it_moves_as_each_tally_is_saved(self, client, seed000):
        first, _second = seed000.appraised_at_district(2)
        session = seed000.session()
        client.force_login(seed000.staff_district_a)
        page = client.get(reverse("nominations:session-detail", args=[session.public_id]))
        assert 'id="session-counter"' in page.content.decode()
        assert ">0/2<" in page.content.decode()
        url = reverse("nominations:session-tally", args=[session.public_id, first.public_id])
        response = client.post(
            url,
            {
                "proposed_outcome": Outcome.HONOR,
                "votes_for": "11",
                "votes_against": "0",
                "votes_abstain": "0",
            },
            HTTP_HX_REQUEST="true",
        )
        body = response.content.decode()
        counter = body.split('id="session-counter"', 1)[1].split("</span>", 1)[0]
        assert 'hx-swap-oob="true"' in counter
        assert counter.endswith(">1/2")
