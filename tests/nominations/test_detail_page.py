"""The nomination page: eligibility criterion by criterion, the checklist, the history, and the
buttons each user may use now. Also the admin, which only shows nominations."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Rating, ReviewKind, Role
from nominations import services
from nominations.models import Nomination, NominationEvent, VoteSession
from tests.factories import ReviewRecordFactory, UserFactory
from tests.workflow_fixtures import BEFORE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaign_receiving")]


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def detail_url(nomination):
    return reverse("nominations:detail", args=[nomination.public_id])


def page(client, nomination):
    response = client.get(detail_url(nomination))
    assert response.status_code == 200
    return response


def criteria_shown(body: str) -> dict[str, str]:
    """criterion code → "yes"/"no", as the page marks them."""
    return dict(re.findall(r'data-criterion="(\w+)" data-passed="(yes|no)"', body))


class TestEligibility:
    def test_each_criterion_with_pass_or_fail_and_its_reason(self, en, seed000):
        person = seed000.member(seed000.tree.cell_a1, rating=Rating.HTXSNV)
        nomination = seed000.file(person)
        ReviewRecordFactory(
            person=person,
            kind=ReviewKind.DISCIPLINE_REVIEW,
            started_on=timezone.localdate() - datetime.timedelta(days=3),
        )
        en.force_login(seed000.secretary_a1)
        response = page(en, nomination)
        body = response.content.decode()
        assert criteria_shown(body) == {
            "party_member": "yes",
            "person_rating": "yes",
            "unit_rating": "yes",
            "not_under_review": "no",
        }
        today = timezone.localdate().strftime("%d/%m/%Y")
        assert "Rated Excellently completed duties in 2024." in body
        assert f"{seed000.tree.cell_a1.name} was rated Well completed duties in 2024." in body
        assert f"Under inspection or discipline review on {today}." in body
        assert "Not eligible" in body
        assert response.context["nomination"].is_eligible is False

    def test_the_position_criterion_of_the_secretary_category(self, en, seed000):
        person = seed000.member(seed000.tree.cell_a1, position="Bí thư chi bộ khu vực 1")
        nomination = seed000.file(person, category=seed000.secretaries)
        person.position = "Phó Bí thư chi bộ"
        person.save()
        en.force_login(seed000.secretary_a1)
        body = page(en, nomination).content.decode()
        assert criteria_shown(body)["position"] == "no"
        assert "Position recorded: Phó Bí thư chi bộ." in body


class TestChecklistAndReason:
    def test_what_the_filer_confirmed_and_the_appraiser_verified(self, en, seed000):
        seed000.members.checklist = ["Gương mẫu ở nơi cư trú", "Đoàn kết nội bộ"]
        seed000.members.save()
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary="Gương mẫu.",
            checklist_confirmed=[True, True],
        )
        nomination = services.save_draft(
            seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
        )
        services.submit(seed000.secretary_a1, nomination)
        en.force_login(seed000.staff_grassroots_a)
        checklist = page(en, nomination).context["checklist"]
        assert [(c["confirmed"], c["verified"]) for c in checklist] == [(True, False)] * 2
        services.appraise(seed000.staff_grassroots_a, nomination, verified=[True, True])
        checklist = page(en, nomination).context["checklist"]
        assert [(c["confirmed"], c["verified"]) for c in checklist] == [(True, True)] * 2
        assert "Đoàn kết nội bộ" in page(en, nomination).content.decode()

    def test_the_reason_for_a_rejection(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.reject(seed000.staff_grassroots_a, nomination, "Không đủ thành tích nổi bật.")
        en.force_login(seed000.secretary_a1)
        body = page(en, nomination).content.decode()
        assert 'data-testid="state-reason"' in body
        assert "Không đủ thành tích nổi bật." in body


class TestTimeline:
    def test_who_when_from_which_state_where_and_why(self, en, seed000):
        seed000.secretary_a1.full_name = "Nguyễn Thị Bí Thư"
        seed000.secretary_a1.save()
        seed000.staff_grassroots_a.full_name = "Trần Văn Tổ Chức"
        seed000.staff_grassroots_a.save()
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.return_for_revision(
            seed000.staff_grassroots_a, nomination, "Thiếu biên bản họp chi bộ.", now=BEFORE
        )
        en.force_login(seed000.secretary_a1)
        response = page(en, nomination)
        body = response.content.decode()
        events = body.split('data-testid="event"')[1:]
        assert len(events) == 3
        submitted, returned = events[1], events[2]
        # BEFORE is 10/01/2025 09:00 in Hà Nội time, shown to the second.
        assert "09:00:00 10/01/2025" in submitted
        assert "Nguyễn Thị Bí Thư, Cell secretary, Chi bộ khu vực 1" in submitted
        assert "Draft" in submitted and "Proposed" in submitted
        assert "level: Đảng ủy cơ sở (Đảng ủy phường An Hòa)" in submitted
        assert "Trần Văn Tổ Chức, Organisation committee staff, Đảng ủy phường An Hòa" in returned
        assert "Returned for revision" in returned
        assert "Thiếu biên bản họp chi bộ." in returned

    def test_the_page_does_not_grow_with_the_history(self, en, seed000, queries):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination)
        en.force_login(seed000.staff_grassroots_a)
        with queries() as short:
            assert len(page(en, nomination).context["events"]) == 3
        services.pass_on(seed000.staff_grassroots_a, nomination)
        services.appraise(seed000.staff_district_a, nomination)
        with queries() as long:
            assert len(page(en, nomination).context["events"]) == 6
        assert len(long) == len(short)


class TestButtons:
    def actions(self, client, nomination):
        return {k for k, v in page(client, nomination).context["actions"].items() if v}

    def test_the_filer_of_a_draft(self, en, seed000):
        draft = services.save_draft(
            seed000.secretary_a1,
            seed000.campaign,
            seed000.tree.cell_a1,
            services.Draft(
                category=seed000.members,
                person=seed000.member(seed000.tree.cell_a1),
                achievement_summary="Gương mẫu.",
            ),
        )
        en.force_login(seed000.secretary_a1)
        assert self.actions(en, draft) == {"edit", "submit", "withdraw"}
        body = page(en, draft).content.decode()
        assert reverse("nominations:submit", args=[draft.public_id]) in body
        assert reverse("nominations:withdraw", args=[draft.public_id]) in body

    def test_the_filer_once_submitted_and_the_staff_of_its_level(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        assert self.actions(en, nomination) == {"withdraw"}
        en.force_login(seed000.staff_grassroots_a)
        assert self.actions(en, nomination) == {"appraise", "return", "reject"}
        body = page(en, nomination).content.decode()
        for name in ("appraise", "return", "reject"):
            assert reverse(f"nominations:{name}", args=[nomination.public_id]) in body
        assert reverse("nominations:pass-on", args=[nomination.public_id]) not in body

    def test_pass_on_only_where_nobody_votes(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination)
        en.force_login(seed000.staff_grassroots_a)
        assert self.actions(en, nomination) == {"reject", "pass_on"}
        services.pass_on(seed000.staff_grassroots_a, nomination)
        services.appraise(seed000.staff_district_a, nomination)
        en.force_login(seed000.staff_district_a)
        assert self.actions(en, nomination) == {"reject"}

    def test_the_filer_cannot_withdraw_once_it_was_forwarded(self, en, seed000):
        nomination = seed000.at_district(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        assert self.actions(en, nomination) == set()

    def test_others_in_the_subtree_see_no_buttons(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        for user in (seed000.staff_district_a, seed000.standing_district_a, seed000.staff_city):
            en.force_login(user)
            assert self.actions(en, nomination) == set()
            assert 'data-testid="actions"' not in page(en, nomination).content.decode()


class TestAccess:
    def test_another_subtree_gets_404(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        for user in (
            seed000.staff_district_b,
            UserFactory(unit=seed000.tree.cell_a2, role=Role.CELL_SECRETARY),
        ):
            client.force_login(user)
            assert client.get(detail_url(nomination)).status_code == 404

    @pytest.mark.parametrize(
        "name", ["detail", "edit", "submit", "withdraw", "appraise", "return", "reject", "pass-on"]
    )
    def test_every_nomination_url_is_404_from_another_subtree(self, client, seed000, name):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        url = reverse(f"nominations:{name}", args=[nomination.public_id])
        client.force_login(seed000.staff_district_b)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Không đạt."}).status_code == 404
        assert nomination.events.count() == 2

    def test_a_draft_is_404_above_its_unit(self, client, seed000):
        draft = services.save_draft(
            seed000.secretary_a1,
            seed000.campaign,
            seed000.tree.cell_a1,
            services.Draft(
                category=seed000.members,
                person=seed000.member(seed000.tree.cell_a1),
                achievement_summary="Gương mẫu.",
            ),
        )
        client.force_login(seed000.staff_grassroots_a)
        assert client.get(detail_url(draft)).status_code == 404

    def test_anonymous_users_are_sent_to_log_in(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        response = client.get(detail_url(nomination))
        assert response["Location"].startswith(reverse("login"))

    def test_an_unknown_id_is_404(self, client, seed000):
        client.force_login(seed000.staff_city)
        url = reverse("nominations:detail", args=["00000000-0000-4000-8000-000000000000"])
        assert client.get(url).status_code == 404


class TestAdmin:
    @pytest.fixture
    def admin_client(self, client, seed000):
        client.force_login(UserFactory(unit=None, role="", is_superuser=True, is_staff=True))
        return client

    def test_nominations_are_shown_read_only(self, admin_client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        assert (
            admin_client.get(reverse("admin:nominations_nomination_changelist")).status_code == 200
        )
        response = admin_client.get(
            reverse("admin:nominations_nomination_change", args=[nomination.pk])
        )
        assert response.status_code == 200
        assert "state" not in response.context["adminform"].form.fields
        assert admin_client.get(reverse("admin:nominations_nomination_add")).status_code == 403
        response = admin_client.post(
            reverse("admin:nominations_nomination_change", args=[nomination.pk]),
            {"achievement_summary": "Sửa ngoài quy trình."},
        )
        assert response.status_code == 403
        assert Nomination.objects.get(pk=nomination.pk).achievement_summary != (
            "Sửa ngoài quy trình."
        )

    def test_the_history_cannot_be_added_changed_or_deleted(self, admin_client, seed000):
        seed000.file(seed000.member(seed000.tree.cell_a1))
        event = NominationEvent.objects.first()
        assert (
            admin_client.get(reverse("admin:nominations_nominationevent_changelist")).status_code
            == 200
        )
        assert admin_client.get(reverse("admin:nominations_nominationevent_add")).status_code == 403
        assert (
            admin_client.post(
                reverse("admin:nominations_nominationevent_delete", args=[event.pk]),
                {"post": "yes"},
            ).status_code
            == 403
        )
        response = admin_client.post(
            reverse("admin:nominations_nominationevent_change", args=[event.pk]), {"reason": "sửa"}
        )
        assert response.status_code == 403
        assert NominationEvent.objects.get(pk=event.pk).reason == event.reason

    def test_vote_sessions_with_their_tallies(self, admin_client, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        seed000.vote(session, nomination, "honor")
        response = admin_client.get(
            reverse("admin:nominations_votesession_change", args=[session.pk])
        )
        assert response.status_code == 200
        assert nomination.nominee_name in response.content.decode()
        assert VoteSession.objects.count() == 1
