"""The vote-session pages and sending up, as the district's staff and standing committee use them:
open a session, record the votes, watch the forwarding cap, close, send to the city."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Role
from nominations import services
from nominations.models import (
    LevelDecision,
    Nomination,
    NominationEvent,
    Outcome,
    SessionState,
    Tally,
    VoteSession,
)
from nominations.models import NominationState as S
from tests.factories import UnitFactory, UserFactory
from tests.workflow_fixtures import BEFORE, HCM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, client):
    """Assertions read the English msgids; the Vietnamese comes from the translation file."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def login(client, user):
    client.force_login(user)
    return client


def session_url(name, session, *args):
    return reverse(f"nominations:{name}", args=[session.public_id, *args])


def campaign_url(name, seed000):
    return reverse(f"nominations:{name}", args=[seed000.campaign.code])


def session_form(**overrides):
    data = {
        "held_on": "2025-01-10",
        "held_time": "14:30",
        "sitting_members": "11",
        "present_members": "10",
        "written_votes": "1",
        "chaired_by": "Đồng chí Bí thư",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        "threshold_numerator": "1",
        "threshold_denominator": "2",
        "threshold_strictly_more": "on",
        "threshold_base": "sitting",
    }
    data.update(overrides)
    return data


def tally_form(outcome=Outcome.HONOR, votes_for=11, against=0, abstain=0):
    return {
        "proposed_outcome": outcome,
        "votes_for": str(votes_for),
        "votes_against": str(against),
        "votes_abstain": str(abstain),
    }


def at_city(seed000):
    """One nomination forwarded by district A and received at the city, appraised there."""
    session, nominations = seed000.decide_at_district(honor=10, forward=1)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    (sent,) = services.send_up(seed000.staff_district_a, [fresh(nominations[-1])], now=BEFORE)
    return services.appraise(seed000.staff_city, sent, now=BEFORE)


class TestOpeningASession:
    def test_the_form_is_prefilled_with_the_bodys_sitting_members(self, client, seed000):
        login(client, seed000.staff_district_a)
        response = client.get(campaign_url("session-create", seed000))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["sitting_members"] == 11
        assert form["quorum_numerator"].value() == 2
        assert form["threshold_denominator"].value() == 2

    def test_the_standing_committee_opens_a_session(self, client, seed000):
        login(client, seed000.standing_district_a)
        response = client.post(campaign_url("session-create", seed000), session_form())
        session = VoteSession.objects.get()
        assert response.status_code == 302
        assert response.url == session_url("session-detail", session)
        assert session.held_at == datetime.datetime(2025, 1, 10, 14, 30, tzinfo=HCM)
        assert (session.sitting_members, session.present_members, session.written_votes) == (
            11,
            10,
            1,
        )
        assert session.unit == seed000.tree.district_a
        assert session.level == seed000.district
        assert session.chaired_by == "Đồng chí Bí thư"

    def test_the_rule_of_the_vote_is_data_of_the_session(self, client, seed000):
        login(client, seed000.staff_district_a)
        client.post(
            campaign_url("session-create", seed000),
            session_form(
                threshold_numerator="2",
                threshold_denominator="3",
                threshold_strictly_more="",
                threshold_base="present",
            ),
        )
        session = VoteSession.objects.get()
        assert (session.threshold_numerator, session.threshold_denominator) == (2, 3)
        assert session.threshold_strictly_more is False
        assert session.threshold_base == "present"

    def test_a_session_without_quorum_is_refused_at_the_form(self, client, seed000):
        login(client, seed000.staff_district_a)
        response = client.post(
            campaign_url("session-create", seed000),
            session_form(sitting_members="12", present_members="7", written_votes="0"),
        )
        assert response.status_code == 200
        assert "7 of 12 members took part, fewer than 2/3" in response.content.decode()
        assert response.context["form"]["present_members"].value() == "7"
        assert not VoteSession.objects.exists()

    def test_eight_of_twelve_is_a_quorum(self, client, seed000):
        login(client, seed000.staff_district_a)
        response = client.post(
            campaign_url("session-create", seed000),
            session_form(sitting_members="12", present_members="7", written_votes="1"),
        )
        assert response.status_code == 302
        assert VoteSession.objects.get().taking_part == 8

    def test_a_refusal_that_names_a_field_is_shown_at_it(self, client, seed000):
        login(client, seed000.staff_district_a)
        response = client.post(
            campaign_url("session-create", seed000),
            session_form(sitting_members="11", present_members="10", written_votes="2"),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["written_votes"] == [
            "Present members and written votes exceed the sitting members."
        ]
        assert not VoteSession.objects.exists()

    def test_a_cell_secretary_cannot_open_a_session(self, client, seed000):
        login(client, seed000.secretary_a1)
        assert client.get(campaign_url("session-create", seed000)).status_code == 403
        assert (
            client.post(campaign_url("session-create", seed000), session_form()).status_code == 403
        )
        assert not VoteSession.objects.exists()

    def test_a_level_that_does_not_vote_has_no_session_pages(self, client, seed000):
        login(client, seed000.staff_grassroots_a)
        assert client.get(campaign_url("session-list", seed000)).status_code == 403
        assert client.get(campaign_url("session-create", seed000)).status_code == 403

    def test_a_campaign_of_another_tree_is_not_found(self, client, seed000):
        other_city = UnitFactory(code="TU2", name="Tỉnh ủy khác", kind="tinh_uy")
        login(client, UserFactory(unit=other_city, role=Role.STAFF))
        assert client.get(campaign_url("session-list", seed000)).status_code == 404
        assert client.get(campaign_url("session-create", seed000)).status_code == 404


class TestSessionList:
    def test_lists_the_sessions_of_the_users_unit_with_a_button_to_open_one(self, client, seed000):
        session = seed000.session()
        seed000.session(unit=seed000.tree.district_b, user=seed000.staff_district_b)
        login(client, seed000.standing_district_a)
        response = client.get(campaign_url("session-list", seed000))
        assert list(response.context["sessions"]) == [session]
        body = response.content.decode()
        assert session_url("session-detail", session) in body
        assert campaign_url("session-create", seed000) in body

    def test_counts_what_waits_for_a_vote(self, client, seed000):
        seed000.appraised_at_district(2)
        login(client, seed000.staff_district_a)
        response = client.get(campaign_url("session-list", seed000))
        assert response.context["waiting"] == 2

    def test_query_count_does_not_grow_with_the_sessions(self, client, seed000, queries):
        login(client, seed000.staff_district_a)
        url = campaign_url("session-list", seed000)
        seed000.session()
        small = queries.of_page(client, url)
        nominations = seed000.appraised_at_district(3)
        for nomination in nominations:
            seed000.vote(seed000.session(), nomination, Outcome.HONOR)
        assert VoteSession.objects.count() == 4
        assert queries.of_page(client, url) == small


class TestSessionPage:
    def test_shows_attendance_and_the_rule_in_words(self, client, seed000):
        session = seed000.session(sitting_members=11, present_members=8, written_votes=1)
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-detail", session)).content.decode()
        assert "More than 1/2 of all sitting members: at least 6/11 votes in favour needed" in body
        assert "8 present and 1 written votes: 9 of 11 sitting members take part" in body

    def test_of_those_taking_part_the_number_needed_follows_the_attendance(self, client, seed000):
        session = seed000.session(
            sitting_members=11,
            present_members=9,
            rules=services.SessionRules(threshold_base="present"),
        )
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-detail", session)).content.decode()
        assert "More than 1/2 of the members taking part: at least 5/9 votes" in body

    def test_lists_the_appraised_nominations_at_this_unit_and_level(self, client, seed000):
        waiting = seed000.appraised_at_district(2)
        elsewhere = seed000.file(seed000.member(seed000.tree.cell_a1))  # still at grassroots
        session = seed000.session()
        login(client, seed000.staff_district_a)
        response = client.get(session_url("session-detail", session))
        assert {n.pk for n in response.context["rows"]} == {n.pk for n in waiting}
        body = response.content.decode()
        assert waiting[0].person.full_name in body
        assert elsewhere.person.full_name not in body
        assert "Eligible" in body

    def test_the_tally_form_offers_honor_and_forward_at_the_district(self, client, seed000):
        seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-detail", session)).content.decode()
        assert 'value="honor"' in body
        assert 'value="forward"' in body

    def test_the_city_is_offered_no_forward(self, client, seed000):
        at_city(seed000)
        session = seed000.session(unit=seed000.tree.city, user=seed000.standing_city)
        login(client, seed000.standing_city)
        response = client.get(session_url("session-detail", session))
        body = response.content.decode()
        assert len(response.context["rows"]) == 1
        assert 'value="honor"' in body
        assert 'value="forward"' not in body

    def test_the_session_page_query_count_does_not_grow(self, client, seed000, queries):
        nominations = seed000.appraised_at_district(1)
        session = seed000.session()
        seed000.vote(session, nominations[0], Outcome.HONOR)
        login(client, seed000.staff_district_a)
        url = session_url("session-detail", session)
        small = queries.of_page(client, url)
        for nomination in seed000.appraised_at_district(4):
            seed000.vote(session, nomination, Outcome.HONOR)
        assert queries.of_page(client, url) == small


class TestRecordingVotes:
    def test_each_row_s_form_acts_on_its_own_nomination(self, client, seed000):
        """The forms of rows with the same figures are rendered once and copied
        (``TallyForms``): each copy carries its own row's address, ids and figures."""
        first, second, third = seed000.appraised_at_district(3)
        session = seed000.session()
        seed000.vote(session, third, Outcome.HONOR, votes_for=9)
        login(client, seed000.staff_district_a)
        page = client.get(session_url("session-detail", session))
        rows = {row.pk: row.form_html for row in page.context["rows"]}
        for nomination in (first, second, third):
            html = rows[nomination.pk]
            assert session_url("session-tally", session, nomination.public_id) in html
            assert f'id="tally-{nomination.public_id}-votes_for"' in html
            others = {first, second, third} - {nomination}
            assert not any(str(other.public_id) in html for other in others)
        assert 'value="9"' in rows[third.pk]
        assert 'value="9"' not in rows[first.pk]

    def test_votes_are_recorded_through_the_page(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, seed000.staff_district_a)
        response = client.post(
            session_url("session-tally", session, nomination.public_id),
            tally_form(Outcome.HONOR, votes_for=7, against=3, abstain=1),
        )
        assert response.status_code == 302
        tally = Tally.objects.get(session=session, nomination=nomination)
        assert (tally.votes_for, tally.votes_against, tally.votes_abstain) == (7, 3, 1)
        nomination = fresh(nomination)
        assert nomination.state == S.VOTED
        assert nomination.vote_outcome == Outcome.HONOR

    def test_a_vote_can_be_recorded_again_while_the_session_is_open(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, seed000.staff_district_a)
        url = session_url("session-tally", session, nomination.public_id)
        client.post(url, tally_form(Outcome.HONOR, votes_for=7))
        client.post(url, tally_form(Outcome.HONOR, votes_for=5, against=6))
        assert fresh(nomination).vote_outcome == Outcome.REJECT
        assert Tally.objects.get().votes_for == 5

    def test_with_htmx_the_row_comes_back_and_the_cap_is_told_to_refresh(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, seed000.staff_district_a)
        response = client.post(
            session_url("session-tally", session, nomination.public_id),
            tally_form(Outcome.HONOR, votes_for=8),
            HTTP_HX_REQUEST="true",
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert response["HX-Trigger"] == "cap-changed"
        assert "<html" not in body
        assert "data-tally-row" in body
        assert "8 for, 0 against, 0 abstain" in body

    def test_more_votes_than_members_taking_part_is_shown_at_the_field(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session(sitting_members=11, present_members=8)
        login(client, seed000.staff_district_a)
        response = client.post(
            session_url("session-tally", session, nomination.public_id),
            tally_form(Outcome.HONOR, votes_for=9),
            HTTP_HX_REQUEST="true",
        )
        assert "HX-Trigger" not in response
        body = response.content.decode()
        assert "9 votes recorded, but only 8 members took part." in body
        assert 'value="9"' in body  # the input is kept
        assert fresh(nomination).state == S.APPRAISED
        assert not Tally.objects.exists()

    def test_without_htmx_an_error_re_renders_the_page_with_the_input(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session(sitting_members=11, present_members=8)
        login(client, seed000.staff_district_a)
        response = client.post(
            session_url("session-tally", session, nomination.public_id),
            tally_form(Outcome.HONOR, votes_for=9),
        )
        assert response.status_code == 200
        (row,) = response.context["rows"]
        # The field that caused it is marked, and keeps what was typed.
        votes_for = re.search(r"<input[^>]*name=\"votes_for\"[^>]*>", row.form_html).group(0)
        assert "is-invalid" in votes_for
        assert 'value="9"' in votes_for
        assert not Tally.objects.exists()

    def test_the_city_cannot_forward_even_by_a_crafted_post(self, client, seed000):
        nomination = at_city(seed000)
        session = seed000.session(unit=seed000.tree.city, user=seed000.standing_city)
        login(client, seed000.standing_city)
        response = client.post(
            session_url("session-tally", session, nomination.public_id),
            tally_form(Outcome.FORWARD),
            HTTP_HX_REQUEST="true",
        )
        assert "This level cannot decide that outcome." in response.content.decode()
        assert fresh(nomination).state == S.APPRAISED

    def test_the_city_watching_a_district_session_cannot_record(self, client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, seed000.staff_city)
        page = client.get(session_url("session-detail", session))
        assert page.status_code == 200
        assert page.context["can_record"] is False
        assert session_url("session-close", session) not in page.content.decode()
        response = client.post(
            session_url("session-tally", session, nomination.public_id), tally_form()
        )
        assert response.status_code == 403
        assert not Tally.objects.exists()


class TestLiveCap:
    @pytest.mark.parametrize(
        ("honored", "forwarded", "limit", "broken"),
        [
            (9, 1, 0, True),
            (10, 1, 1, False),
            (19, 2, 1, True),
            (20, 2, 2, False),
            (21, 2, 2, False),
            (21, 3, 2, True),
        ],
    )
    def test_the_cap_sum_as_the_votes_come_in(
        self, client, seed000, honored, forwarded, limit, broken
    ):
        session, _ = seed000.decide_at_district(honor=honored, forward=forwarded)
        login(client, seed000.staff_district_a)
        response = client.get(session_url("session-cap", session), HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert (
            f"10% × {honored} honored = {limit} may be forwarded to Thành ủy · "
            f"being forwarded: {forwarded}"
        ) in body
        assert ('data-cap-state="broken"' in body) is broken
        assert ("alert-danger" in body) is broken
        assert 'hx-trigger="cap-changed from:body"' in body

    def test_the_session_page_carries_the_cap(self, client, seed000):
        session, _ = seed000.decide_at_district(honor=9, forward=1)
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-detail", session)).content.decode()
        assert 'data-cap-state="broken"' in body
        assert "1 too many are being forwarded" in body

    def test_earlier_sessions_count_in_the_sum(self, client, seed000):
        first, _ = seed000.decide_at_district(honor=12, forward=0)
        services.close_session(seed000.staff_district_a, first, now=BEFORE)
        second, _ = seed000.decide_at_district(honor=0, forward=1)
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-cap", second)).content.decode()
        assert "10% × 12 honored = 1 may be forwarded to Thành ủy · being forwarded: 1" in body
        assert 'data-cap-state="ok"' in body

    def test_a_failed_vote_does_not_count_as_forwarded(self, client, seed000):
        session, _ = seed000.decide_at_district(honor=9, forward=0)
        (extra,) = seed000.appraised_at_district(1)
        seed000.vote(session, extra, Outcome.FORWARD, votes_for=5)  # 5/11 is no majority
        login(client, seed000.staff_district_a)
        body = client.get(session_url("session-cap", session)).content.decode()
        assert "being forwarded: 0" in body
        assert 'data-cap-state="ok"' in body


class TestClosing:
    def test_closing_is_refused_while_the_cap_is_broken_and_nothing_changes(self, client, seed000):
        session, nominations = seed000.decide_at_district(honor=9, forward=1)
        events = NominationEvent.objects.count()
        login(client, seed000.staff_district_a)
        response = client.post(session_url("session-close", session), follow=True)
        body = response.content.decode()
        assert "The session breaks the forwarding cap: 10% × 9 = 0 may be forwarded" in body
        assert fresh(session).state == SessionState.OPEN
        assert {fresh(n).state for n in nominations} == {S.VOTED}
        assert not LevelDecision.objects.filter(level=seed000.district).exists()
        assert NominationEvent.objects.count() == events

    def test_closing_applies_the_outcomes_and_the_page_becomes_read_only(self, client, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        login(client, seed000.standing_district_a)
        response = client.post(session_url("session-close", session), follow=True)
        assert response.status_code == 200
        assert fresh(session).state == SessionState.CLOSED
        assert (
            LevelDecision.objects.filter(vote_session=session, outcome=Outcome.HONOR).count() == 10
        )
        assert fresh(nominations[-1]).state == S.FORWARDED
        assert response.context["can_record"] is False
        assert all(not hasattr(row, "form") for row in response.context["rows"])
        body = response.content.decode()
        assert session_url("session-close", session) not in body
        assert body.count('data-outcome="honor"') == 10
        assert body.count("Honored at this level") == 10
        assert body.count("Forwarded to the next level") == 1
        assert "Session closed" in body

    def test_a_closed_session_refuses_more_votes(self, client, seed000):
        session, _ = seed000.decide_at_district(honor=1, forward=0)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        (late,) = seed000.appraised_at_district(1)
        login(client, seed000.staff_district_a)
        response = client.post(
            session_url("session-tally", session, late.public_id),
            tally_form(),
            HTTP_HX_REQUEST="true",
        )
        assert fresh(late).state == S.APPRAISED
        # the nomination is no longer before the closed session: the page reloads
        assert response.status_code == 204 and response["HX-Refresh"] == "true"


class TestSendUp:
    def forwarded(self, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        return fresh(nominations[-1])

    def test_the_page_lists_what_waits_with_the_city_deadline(self, client, seed000):
        nomination = self.forwarded(seed000)
        login(client, seed000.staff_district_a)
        response = client.get(campaign_url("send-up", seed000))
        body = response.content.decode()
        assert [n.pk for n in response.context["rows"]] == [nomination.pk]
        assert "Deadline: 23 h 59 min 59 s on 14/01/2025 (Vietnam time)" in body
        assert "The deadline has passed" in body  # the real clock is past January 2025

    def test_sending_up_through_the_page(self, client, seed000):
        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=3)
        seed000.city.save()
        nomination = self.forwarded(seed000)
        login(client, seed000.staff_district_a)
        response = client.post(
            campaign_url("send-up", seed000),
            {"nominations": [str(nomination.public_id)]},
            follow=True,
        )
        assert "1 nomination was sent to Thành ủy Cần Thơ." in response.content.decode()
        nomination = fresh(nomination)
        assert nomination.state == S.PROPOSED
        assert nomination.reviewing_unit == seed000.tree.city

    def test_after_the_deadline_nothing_is_sent_and_the_message_says_why(self, client, seed000):
        nomination = self.forwarded(seed000)
        login(client, seed000.staff_district_a)
        response = client.post(
            campaign_url("send-up", seed000), {"nominations": [str(nomination.public_id)]}
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert (
            "The deadline has passed: nominations were accepted until 23 h 59 min 59 s on "
            "14/01/2025 (Vietnam time)." in body
        )
        assert fresh(nomination).state == S.FORWARDED
        # After the deadline the sending form is gone, not merely refused.
        assert 'name="nominations"' not in body
        assert 'data-testid="sending-closed"' in body

    def test_choosing_nothing_is_refused(self, client, seed000):
        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=3)
        seed000.city.save()
        self.forwarded(seed000)
        login(client, seed000.staff_district_a)
        response = client.post(campaign_url("send-up", seed000), {})
        assert "Choose the nominations to send." in response.content.decode()

    def test_a_nomination_of_another_district_cannot_be_slipped_in(self, client, seed000):
        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=3)
        seed000.city.save()
        nomination = self.forwarded(seed000)
        login(client, seed000.staff_district_b)
        response = client.post(
            campaign_url("send-up", seed000), {"nominations": [str(nomination.public_id)]}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["nominations"]
        assert fresh(nomination).state == S.FORWARDED

    def test_a_standing_member_does_not_send_up(self, client, seed000):
        login(client, seed000.standing_district_a)
        assert client.get(campaign_url("send-up", seed000)).status_code == 403

    def test_the_send_up_page_query_count_does_not_grow(self, client, seed000, queries):
        self.forwarded(seed000)
        login(client, seed000.staff_district_a)
        url = campaign_url("send-up", seed000)
        small = queries.of_page(client, url)
        session, _ = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert Nomination.objects.filter(state=S.FORWARDED).count() == 2
        assert queries.of_page(client, url) == small


class TestOtherSubtrees:
    """Another district's staff do not learn that the session exists."""

    @pytest.mark.parametrize(
        "user_name", ["staff_district_b", "staff_grassroots_a", "secretary_a1"]
    )
    def test_session_pages_are_not_found(self, client, seed000, user_name):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        login(client, getattr(seed000, user_name))
        assert client.get(session_url("session-detail", session)).status_code == 404
        assert client.get(session_url("session-cap", session)).status_code == 404
        assert (
            client.post(
                session_url("session-tally", session, nomination.public_id), tally_form()
            ).status_code
            == 404
        )
        assert client.post(session_url("session-close", session)).status_code == 404
        assert fresh(session).state == SessionState.OPEN
        assert not Tally.objects.exists()

    def test_anonymous_users_are_sent_to_log_in(self, client, seed000):
        session = seed000.session()
        response = client.get(session_url("session-detail", session))
        assert response.status_code == 302
        assert reverse("login") in response.url
