"""Appraisal through the pages: the buttons of the nomination page for the level's staff, and
the queue with its filters and bulk appraisal."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from campaigns.models import NomineeKind
from committees.models import Rating, ReviewKind, Role
from nominations import services
from nominations.models import Nomination
from nominations.models import NominationState as S
from tests.factories import CategoryFactory, ReviewRecordFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(nomination):
    return Nomination.objects.get(pk=nomination.pk)


def act(client, name, nomination, data=None):
    return client.post(reverse(f"nominations:{name}", args=[nomination.public_id]), data or {})


def queue_url(seed):
    return reverse("nominations:queue", args=[seed.campaign.code])


def open_inspection(person):
    ReviewRecordFactory(
        person=person,
        kind=ReviewKind.INSPECTION,
        started_on=timezone.localdate() - datetime.timedelta(days=1),
    )


class TestActionsOnTheNominationPage:
    def test_the_staff_appraise(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = act(en, "appraise", nomination, {"note": "Hồ sơ đầy đủ."})
        assert response["Location"] == reverse("nominations:detail", args=[nomination.public_id])
        assert fresh(nomination).state == S.APPRAISED
        assert fresh(nomination).events.last().reason == "Hồ sơ đầy đủ."

    @pytest.mark.usefixtures("campaign_receiving")
    def test_the_checklist_must_be_verified_to_appraise(self, en, seed000):
        seed000.members.checklist = ["Gương mẫu ở nơi cư trú", "Đoàn kết nội bộ"]
        seed000.members.save()
        person = seed000.member(seed000.tree.cell_a1)
        draft = services.Draft(
            category=seed000.members,
            person=person,
            achievement_summary="Gương mẫu.",
            checklist_confirmed=[True, True],
        )
        nomination = services.save_draft(
            seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
        )
        services.submit(seed000.secretary_a1, nomination)
        en.force_login(seed000.staff_grassroots_a)

        response = act(en, "appraise", nomination, {"checklist_verified": ["1"]})
        assert messages_of(response) == [
            "Verify every qualitative criterion, or return the nomination with a reason."
        ]
        assert fresh(nomination).state == S.PROPOSED

        act(en, "appraise", nomination, {"checklist_verified": ["0", "1"]})
        nomination = fresh(nomination)
        assert nomination.state == S.APPRAISED
        assert nomination.checklist_verified == [True, True]

    def test_an_ineligible_nominee_is_not_appraised(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        open_inspection(nomination.person)
        en.force_login(seed000.staff_grassroots_a)
        (message,) = messages_of(act(en, "appraise", nomination))
        assert "Not under inspection or discipline review" in message
        assert fresh(nomination).state == S.PROPOSED

    @pytest.mark.usefixtures("campaign_receiving")
    def test_returning_needs_a_reason(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = act(en, "return", nomination, {"reason": "  "})
        assert messages_of(response) == ["Give the reason for returning it."]
        assert fresh(nomination).state == S.PROPOSED

        act(en, "return", nomination, {"reason": "Bổ sung báo cáo thành tích."})
        nomination = fresh(nomination)
        assert nomination.state == S.RETURNED
        assert nomination.state_reason == "Bổ sung báo cáo thành tích."

        # The cell sees why, and may edit and submit again.
        en.force_login(seed000.secretary_a1)
        body = en.get(reverse("nominations:detail", args=[nomination.public_id])).content.decode()
        assert "Bổ sung báo cáo thành tích." in body
        assert reverse("nominations:edit", args=[nomination.public_id]) in body
        act(en, "submit", nomination)
        assert fresh(nomination).state == S.PROPOSED

    def test_rejecting_needs_a_reason(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        assert messages_of(act(en, "reject", nomination)) == [
            "Give the reason for not accepting it."
        ]
        assert fresh(nomination).state == S.PROPOSED
        act(en, "reject", nomination, {"reason": "Trùng với hồ sơ khác."})
        assert fresh(nomination).state == S.REJECTED
        assert fresh(nomination).state_reason == "Trùng với hồ sơ khác."

    def test_a_level_without_a_vote_passes_the_nomination_on(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination)
        en.force_login(seed000.staff_grassroots_a)
        response = act(en, "pass-on", nomination)
        nomination = fresh(nomination)
        assert nomination.state == S.PROPOSED
        assert nomination.reviewing_unit == seed000.tree.district_a
        assert nomination.level == seed000.district
        assert messages_of(response) == [
            f"Passed on: the nomination now waits at {seed000.tree.district_a.name}."
        ]

    def test_a_voting_level_does_not_pass_on(self, en, seed000):
        nomination = seed000.at_district(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_district_a, nomination)
        en.force_login(seed000.staff_district_a)
        response = act(en, "pass-on", nomination)
        assert messages_of(response) == [
            "At this level the standing committee votes before anything is forwarded."
        ]
        assert fresh(nomination).state == S.APPRAISED

    def test_passing_on_to_the_city_keeps_the_citys_deadline(self, en, seed000):
        # A district that only appraises and passes on, before the city's vote (without the
        # cap on what it honored: a level without a vote honors nobody).
        seed000.district.voting_body = ""
        seed000.district.forward_cap_percent = None
        seed000.district.save()
        nomination = seed000.at_district(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_district_a, nomination)
        en.force_login(seed000.staff_district_a)
        (message,) = messages_of(act(en, "pass-on", nomination))
        assert "23 h 59 min 59 s on 14/01/2025 (Vietnam time)" in message
        assert fresh(nomination).state == S.APPRAISED
        assert not nomination.decisions.filter(level=seed000.district).exists()

        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=30)
        seed000.city.save()
        act(en, "pass-on", nomination)
        nomination = fresh(nomination)
        assert (nomination.state, nomination.reviewing_unit) == (S.PROPOSED, seed000.tree.city)

    def test_a_refusal_from_the_queue_goes_back_to_the_queue(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        back = queue_url(seed000) + "?state=proposed"
        response = act(en, "reject", nomination, {"reason": "Không đạt.", "next": back})
        assert response["Location"] == back
        outside = act(
            en,
            "reject",
            seed000.file(seed000.member(seed000.tree.cell_a1)),
            {"reason": "Không đạt.", "next": "https://example.com/"},
        )
        assert outside["Location"].startswith("/ho-so/")


class TestPermissions:
    def test_anonymous_users_are_sent_to_log_in(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        response = client.get(queue_url(seed000))
        assert response["Location"].startswith(reverse("login"))
        for name in ("appraise", "return", "reject", "pass-on"):
            response = act(client, name, nomination, {"reason": "x"})
            assert response["Location"].startswith(reverse("login"))
        assert fresh(nomination).state == S.PROPOSED

    def test_another_subtree_gets_404_for_a_get_and_a_post(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_district_b)
        for name in ("appraise", "return", "reject", "pass-on"):
            url = reverse(f"nominations:{name}", args=[nomination.public_id])
            assert client.get(url).status_code == 404
            assert client.post(url, {"reason": "x"}).status_code == 404
        assert fresh(nomination).state == S.PROPOSED

    def test_staff_of_another_level_in_the_subtree_get_403(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        for user in (seed000.staff_district_a, seed000.standing_district_a, seed000.secretary_a1):
            client.force_login(user)
            for name in ("appraise", "return", "reject"):
                assert act(client, name, nomination, {"reason": "x"}).status_code == 403
        assert fresh(nomination).state == S.PROPOSED

    def test_a_get_on_a_button_of_a_visible_nomination_is_not_allowed(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_grassroots_a)
        url = reverse("nominations:appraise", args=[nomination.public_id])
        assert client.get(url).status_code == 405

    def test_the_queue_is_for_the_staff(self, client, seed000):
        for user in (seed000.secretary_a1, seed000.standing_district_a):
            client.force_login(user)
            assert client.get(queue_url(seed000)).status_code == 403
            assert client.post(queue_url(seed000), {}).status_code == 403


class TestQueue:
    def test_only_what_waits_at_the_users_unit(self, en, seed000):
        here = seed000.file(seed000.member(seed000.tree.cell_a1))
        seed000.at_district(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = en.get(queue_url(seed000))
        assert [n.pk for n in response.context["nominations"]] == [here.pk]
        assert reverse("nominations:detail", args=[here.public_id]) in (response.content.decode())

    def test_another_district_sees_none_of_it(self, en, seed000):
        seed000.at_district(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_district_b)
        assert list(en.get(queue_url(seed000)).context["nominations"]) == []

    def test_the_eligibility_of_each_row_is_shown(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        open_inspection(nomination.person)
        en.force_login(seed000.staff_grassroots_a)
        response = en.get(queue_url(seed000))
        (row,) = response.context["nominations"]
        assert row.is_eligible is False
        assert "Under inspection or discipline review on" in response.content.decode()

    def test_only_the_failing_criteria_are_put_into_words(self, en, seed000):
        eligible = seed000.file(seed000.member(seed000.tree.cell_a1))
        ineligible = seed000.file(seed000.member(seed000.tree.cell_a1))
        open_inspection(ineligible.person)
        en.force_login(seed000.staff_grassroots_a)
        rows = {n.pk: n for n in en.get(queue_url(seed000)).context["nominations"]}
        assert rows[eligible.pk].eligibility == []
        assert [r.code for r in rows[ineligible.pk].eligibility] == ["not_under_review"]

    def test_rows_show_their_category_level_and_links(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = en.get(queue_url(seed000) + "?state=proposed")
        (row,) = response.context["nominations"]
        assert (row.category, row.level) == (nomination.category, nomination.level)
        page = response.content.decode()
        assert nomination.category.name in page
        form_url = reverse("nominations:reason-form", args=[nomination.public_id])
        assert f'hx-get="{form_url}?next=' in page
        assert "next=%2Fho-so%2F" in page  # back to this very queue, filters and all


class TestReasonForm:
    """The form a queue row fetches to return or refuse with a reason."""

    def url(self, nomination, next_url=""):
        url = reverse("nominations:reason-form", args=[nomination.public_id])
        return f"{url}?next={next_url}" if next_url else url

    def test_the_level_staff_get_both_buttons_and_the_way_back(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        back = queue_url(seed000) + "?state=proposed"
        response = en.get(self.url(nomination, back.replace("?", "%3F").replace("=", "%3D")))
        assert response.status_code == 200
        page = response.content.decode()
        assert reverse("nominations:return", args=[nomination.public_id]) in page
        assert reverse("nominations:reject", args=[nomination.public_id]) in page
        assert response.context["next"] == back
        assert "csrfmiddlewaretoken" in page

    def test_an_appraised_nomination_can_only_be_refused(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination)
        en.force_login(seed000.staff_grassroots_a)
        response = en.get(self.url(nomination))
        assert response.context["actions"]["reject"] is True
        assert reverse("nominations:return", args=[nomination.public_id]) not in (
            response.content.decode()
        )

    def test_a_way_back_off_the_site_is_replaced_by_the_queue(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_grassroots_a)
        response = en.get(self.url(nomination, "https://example.com/"))
        assert response.context["next"] == queue_url(seed000)

    def test_staff_who_cannot_act_on_it_are_refused(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_district_a)  # above it: it waits at the grassroots
        assert client.get(self.url(nomination)).status_code == 403

    def test_outside_the_subtree_it_does_not_exist(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_district_b)
        assert client.get(self.url(nomination)).status_code == 404


class TestQueueFilters:
    @pytest.fixture
    def rows(self, seed000):
        secretary_a2 = UserFactory(unit=seed000.tree.cell_a2, role=Role.CELL_SECRETARY)
        a1 = seed000.file(seed000.member(seed000.tree.cell_a1))
        a2 = seed000.file(seed000.member(seed000.tree.cell_a2), user=secretary_a2)
        secretary = seed000.file(
            seed000.member(seed000.tree.cell_a1, position="Bí thư chi bộ"),
            category=seed000.secretaries,
        )
        services.appraise(seed000.staff_grassroots_a, secretary)
        ineligible = seed000.file(seed000.member(seed000.tree.cell_a1))
        open_inspection(ineligible.person)
        return {"a1": a1, "a2": a2, "secretary": secretary, "ineligible": ineligible}

    def shown(self, client, seed, **params):
        response = client.get(queue_url(seed), params)
        assert response.status_code == 200
        return {n.pk for n in response.context["nominations"]}

    def test_by_filing_unit(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert self.shown(client, seed000, filing_unit=seed000.tree.cell_a2.pk) == {rows["a2"].pk}

    def test_by_a_unit_above_the_filing_unit(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert len(self.shown(client, seed000, filing_unit=seed000.tree.grassroots_a.pk)) == 4

    def test_by_category(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert self.shown(client, seed000, category=seed000.secretaries.pk) == {
            rows["secretary"].pk
        }

    def test_by_state(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert self.shown(client, seed000, state=S.APPRAISED) == {rows["secretary"].pk}

    def test_by_eligibility(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert self.shown(client, seed000, eligible="no") == {rows["ineligible"].pk}
        assert self.shown(client, seed000, eligible="yes") == {
            rows["a1"].pk,
            rows["a2"].pk,
            rows["secretary"].pk,
        }

    def test_filters_combine(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        assert self.shown(
            client, seed000, filing_unit=seed000.tree.cell_a1.pk, state=S.PROPOSED, eligible="yes"
        ) == {rows["a1"].pk}

    def test_a_unit_outside_the_subtree_is_not_a_choice(self, client, seed000, rows):
        client.force_login(seed000.staff_grassroots_a)
        response = client.get(queue_url(seed000), {"filing_unit": seed000.tree.cell_b1.pk})
        assert "filing_unit" in response.context["filter"].form.errors


class TestBulkAppraisal:
    def test_each_checked_row_is_appraised_and_a_failure_is_reported(self, en, seed000):
        good = [seed000.file(seed000.member(seed000.tree.cell_a1)) for _ in range(2)]
        bad = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Đỗ Văn Bị Xét"))
        open_inspection(bad.person)
        en.force_login(seed000.staff_grassroots_a)
        response = en.post(
            queue_url(seed000) + "?state=proposed",
            {"nominations": [str(n.public_id) for n in [*good, bad]]},
        )
        assert response["Location"] == queue_url(seed000) + "?state=proposed"
        assert [fresh(n).state for n in good] == [S.APPRAISED, S.APPRAISED]
        assert fresh(bad).state == S.PROPOSED
        success, failure = messages_of(response)
        assert success.startswith("2 nominations appraised:")
        assert good[0].nominee_name in success
        assert failure.startswith("Đỗ Văn Bị Xét was not appraised:")
        assert "Under inspection or discipline review" in failure

    @pytest.mark.usefixtures("campaign_receiving")
    def test_the_checklist_is_verified_in_bulk_only_when_ticked(self, en, seed000):
        seed000.members.checklist = ["Gương mẫu ở nơi cư trú"]
        seed000.members.save()
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary="Gương mẫu.",
            checklist_confirmed=[True],
        )
        nomination = services.submit(
            seed000.secretary_a1,
            services.save_draft(
                seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
            ),
        )
        en.force_login(seed000.staff_grassroots_a)
        data = {"nominations": [str(nomination.public_id)]}
        (failure,) = messages_of(en.post(queue_url(seed000), data))
        assert "Verify every qualitative criterion" in failure
        assert fresh(nomination).state == S.PROPOSED
        en.post(queue_url(seed000), {**data, "verified": "on"})
        assert fresh(nomination).checklist_verified == [True]
        assert fresh(nomination).state == S.APPRAISED

    def test_rows_outside_the_queue_are_refused(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.staff_district_b)
        response = en.post(queue_url(seed000), {"nominations": [str(nomination.public_id)]})
        assert response.status_code == 302
        assert len(messages_of(response)) == 1
        assert fresh(nomination).state == S.PROPOSED

    def test_nothing_checked(self, en, seed000):
        en.force_login(seed000.staff_grassroots_a)
        assert messages_of(en.post(queue_url(seed000), {})) == ["Select at least one nomination."]


@pytest.mark.usefixtures("campaign_receiving")
class TestQueryCounts:
    def _fill(self, seed, n, collective_unit):
        """``n`` individuals, every other one under inspection, and one collective."""
        secretary_a2 = UserFactory(
            unit=seed.tree.cell_a2, role=Role.CELL_SECRETARY, username="bi-thu-a2"
        )
        for i in range(n):
            if i % 2:
                seed.file(seed.member(seed.tree.cell_a2, rating=Rating.HTXSNV), user=secretary_a2)
            else:
                open_inspection(seed.file(seed.member(seed.tree.cell_a1)).person)
        category = CategoryFactory(
            campaign=seed.campaign, code=f"tap-the-{n}", nominee_kind=NomineeKind.COLLECTIVE
        )
        user = secretary_a2 if collective_unit == seed.tree.cell_a2 else seed.secretary_a1
        draft = services.Draft(
            category=category,
            collective=collective_unit,
            achievement_summary="Chi bộ trong sạch, vững mạnh.",
        )
        services.submit(user, services.save_draft(user, seed.campaign, user.unit, draft))

    def count(self, queries, client, url, params):
        response, count = queries.page(client, url, params)
        return count, len(response.context["nominations"])

    @pytest.mark.parametrize(
        "params", [{}, {"eligible": "yes"}, {"state": "proposed", "eligible": "no"}]
    )
    def test_the_queue_does_not_grow_with_its_rows(self, client, seed000, params, queries):
        client.force_login(seed000.staff_grassroots_a)
        url = queue_url(seed000)
        self._fill(seed000, 2, seed000.tree.cell_a1)
        small, shown_small = self.count(queries, client, url, params)
        self._fill(seed000, 12, seed000.tree.cell_a2)
        large, shown_large = self.count(queries, client, url, params)
        assert shown_large > shown_small
        assert large == small
