"""Deadlines where people look: the unit's page and the dashboard count down to the deadline,
and after it the unit's page says the unit did not propose and the filing buttons are gone (the
services still refuse)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from nominations import services
from nominations.deadlines import Desk, accepting, binding_deadline, filing_chain
from nominations.models import Nomination
from nominations.models import NominationState as S
from tests.workflow_fixtures import DEADLINE

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def closes(seed000, moment):
    """The grassroots level, where cell A1 files, closes at ``moment``; the city's deadline (in
    2025) is lifted, so that this one binds the cell."""
    seed000.grassroots.closes_at = moment
    seed000.grassroots.save()
    seed000.city.closes_at = None
    seed000.city.save()


def at(monkeypatch, moment):
    """The clock of the pages stands at ``moment``."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def draft(seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Phạm Thị Dung")
    return services.save_draft(
        seed000.secretary_a1,
        seed000.campaign,
        seed000.tree.cell_a1,
        services.Draft(category=seed000.members, person=person, achievement_summary="Gương mẫu."),
    )


def unit_page(client, seed000):
    client.force_login(seed000.secretary_a1)
    url = reverse("nominations:unit-nominations", args=[seed000.campaign.code])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_level_receives_until_one_second_before_its_deadline(seed000):
    deadline = timezone.now() + datetime.timedelta(days=2)
    closes(seed000, deadline)
    level = Desk.of(seed000.campaign, seed000.tree.cell_a1).level

    assert level == seed000.grassroots
    assert accepting(level, now=deadline - SECOND)
    assert not accepting(level, now=deadline)


def test_before_the_deadline_the_unit_page_counts_down_and_offers_filing(client, seed000):
    closes(seed000, timezone.now() + datetime.timedelta(days=3))

    body = unit_page(client, seed000)

    assert 'data-testid="new-nomination"' in body
    assert 'data-testid="unit-deadline"' in body
    assert "Hạn chót: " in body and "(giờ Việt Nam)" in body
    assert 'data-countdown="amber"' in body
    assert "Đã hết hạn" not in body


def test_on_the_last_day_the_countdown_is_red(client, seed000):
    closes(seed000, timezone.now() + datetime.timedelta(hours=5))

    assert 'data-countdown="red"' in unit_page(client, seed000)


def test_after_the_deadline_a_unit_with_nothing_sent_did_not_propose(client, seed000):
    draft(seed000)  # a draft never sent is no proposal
    closes(seed000, timezone.now() - SECOND)

    body = unit_page(client, seed000)

    assert "Đã hết hạn — đơn vị không có đề nghị" in body
    assert 'data-testid="new-nomination"' not in body


def test_after_the_deadline_a_unit_that_sent_one_is_not_said_to_have_proposed_nothing(
    client, seed000
):
    nomination = draft(seed000)
    closes(seed000, timezone.now() + datetime.timedelta(days=1))
    services.submit(seed000.secretary_a1, nomination)
    closes(seed000, timezone.now() - SECOND)

    body = unit_page(client, seed000)

    assert "Đã hết hạn" in body
    assert "đơn vị không có đề nghị" not in body


def test_after_the_deadline_a_draft_has_no_submit_or_edit_button_and_is_still_refused(
    client, seed000
):
    nomination = draft(seed000)
    client.force_login(seed000.secretary_a1)
    detail = reverse("nominations:detail", args=[nomination.public_id])
    submit = reverse("nominations:submit", args=[nomination.public_id])

    closes(seed000, timezone.now() + datetime.timedelta(days=1))
    assert f'action="{submit}"' in client.get(detail).content.decode()

    closes(seed000, timezone.now() - SECOND)
    response = client.get(detail)
    assert response.context["actions"]["submit"] is False
    assert response.context["actions"]["edit"] is False
    assert f'action="{submit}"' not in response.content.decode()

    client.post(submit)
    nomination.refresh_from_db()
    assert nomination.state == S.DRAFT


def test_the_dashboard_counts_down_to_the_next_deadline(client, seed000):
    closes(seed000, timezone.now() + datetime.timedelta(hours=20))
    client.force_login(seed000.secretary_a1)

    body = client.get(reverse("dashboard")).content.decode()

    assert 'data-countdown="red"' in body
    assert "Hạn chót gần nhất: " in body


class TestTheDeadlineThatBindsTheUnit:
    """Seed 000: the grassroots and district levels have no deadline of their own; the cell's
    nominations must still reach the city "trước ngày 15/01/2025", so that is the cell's."""

    def test_it_is_the_earliest_deadline_on_the_way_up(self, seed000):
        cell = seed000.tree.cell_a1
        assert seed000.grassroots.closes_at is None
        assert binding_deadline(seed000.campaign, filing_chain(seed000.campaign, cell)) == DEADLINE
        assert Desk.of(seed000.campaign, cell).deadline == DEADLINE
        # a nearer deadline lower down binds first
        closes_earlier = DEADLINE - datetime.timedelta(days=5)
        seed000.grassroots.closes_at = closes_earlier
        seed000.grassroots.save()
        assert Desk.of(seed000.campaign, cell).deadline == closes_earlier

    def test_one_second_before_the_city_deadline_the_cell_page_counts_down(
        self, client, seed000, monkeypatch
    ):
        client.force_login(seed000.secretary_a1)
        at(monkeypatch, DEADLINE - SECOND)

        body = unit_page(client, seed000)

        assert 'data-testid="unit-deadline"' in body
        assert "Hạn chót: 23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)" in body
        assert 'data-countdown="red"' in body
        assert 'data-testid="new-nomination"' in body
        assert "Đã hết hạn" not in body

    def test_at_the_city_deadline_the_cell_page_is_closed(self, client, seed000, monkeypatch):
        client.force_login(seed000.secretary_a1)
        at(monkeypatch, DEADLINE)

        body = unit_page(client, seed000)

        assert "Hạn chót: 23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)" in body
        assert "Đã hết hạn — đơn vị không có đề nghị" in body
        assert 'data-testid="new-nomination"' not in body
        assert 'data-countdown="red"' not in body


class TestTheBindingDeadlineRefusesTheSend:
    """The unit's page and ``submit`` agree: seed 000's cells file into a grassroots level with
    no deadline of its own, and the city's "trước ngày 15/01/2025" binds them."""

    def test_sent_one_second_before_the_citys_deadline(self, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        moment = seed000.city.closes_at - datetime.timedelta(seconds=1)
        nomination = seed000.file(person, now=moment)
        assert nomination.state == S.PROPOSED

    def test_refused_at_the_citys_deadline_and_the_draft_kept(self, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match="deadline has passed"),
        ):
            seed000.file(person, now=seed000.city.closes_at)
        draft = Nomination.objects.unscoped("a test reads its row").get(person=person)
        assert draft.state == S.DRAFT
