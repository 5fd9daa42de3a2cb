"""The final list at the city (and its Excel export) and the progress page of a reviewing unit."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Category
from committees.models import Role
from nominations import exports, progress, services
from nominations.models import Nomination, Outcome
from nominations.models import NominationState as S
from tests.factories import ReviewRecordFactory, UnitFactory, UserFactory
from tests.workflow_fixtures import BEFORE, HCM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, client):
    """Assertions read the English msgids; the Vietnamese comes from the translation file."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def url(name, seed000, **query):
    address = reverse(f"nominations:{name}", args=[seed000.campaign.code])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def reach_city(seed000, honor=10, forward=1):
    """District A honors ``honor`` members and sends ``forward`` on to the city."""
    session, nominations = seed000.decide_at_district(honor=honor, forward=forward)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    forwarded = [fresh(n) for n in nominations[honor:]]
    return nominations[:honor], services.send_up(seed000.staff_district_a, forwarded, now=BEFORE)


def another_tree_staff():
    province = UnitFactory(code="TINH2", name="Tỉnh ủy Hậu Giang", kind="tinh_uy")
    return UserFactory(unit=province, role=Role.STAFF)


class TestFinalList:
    def test_shows_what_reached_the_city_with_eligibility(self, client, seed000):
        honored, (at_city,) = reach_city(seed000)
        client.force_login(seed000.staff_city)
        response = client.get(url("final-list", seed000))
        assert [n.pk for n in response.context["rows"]] == [at_city.pk]
        (row,) = response.context["rows"]
        assert row.is_eligible
        assert row.came_through == seed000.tree.district_a
        assert row.filing_unit == seed000.tree.cell_a1
        body = response.content.decode()
        assert at_city.person.full_name in body
        assert honored[0].person.full_name not in body
        assert "Quận ủy Ninh Kiều" in body
        assert "Chi bộ khu vực 1" in body
        assert 'data-eligible="yes"' in body
        assert reverse("nominations:detail", args=[at_city.public_id]) in body

    def test_eligibility_is_that_of_today(self, client, seed000):
        _honored, (at_city,) = reach_city(seed000)
        ReviewRecordFactory(person=at_city.person, started_on=timezone.localdate())
        client.force_login(seed000.standing_city)
        response = client.get(url("final-list", seed000))
        (row,) = response.context["rows"]
        assert row.is_eligible is False
        assert 'data-eligible="no"' in response.content.decode()

    def test_the_citys_decision_is_shown(self, client, seed000):
        _honored, (at_city,) = reach_city(seed000)
        services.appraise(seed000.staff_city, at_city, now=BEFORE)
        session = seed000.session(unit=seed000.tree.city, user=seed000.standing_city)
        seed000.vote(session, at_city, Outcome.HONOR, user=seed000.standing_city)
        services.close_session(seed000.standing_city, session, now=BEFORE)
        client.force_login(seed000.staff_city)
        body = client.get(url("final-list", seed000)).content.decode()
        assert "Honored at Thành ủy" in body

    def test_the_dossier_column_needs_every_criterion_confirmed_and_verified(self, client, seed000):
        _honored, (at_city,) = reach_city(seed000)
        client.force_login(seed000.staff_city)
        (row,) = client.get(url("final-list", seed000)).context["rows"]
        assert row.dossier_complete is True
        Category.objects.filter(pk=at_city.category_id).update(checklist=["Gương mẫu"])
        (row,) = client.get(url("final-list", seed000)).context["rows"]
        assert row.dossier_complete is False

    @pytest.mark.parametrize(
        ("summary", "confirmed", "verified", "complete"),
        [
            ("Thành tích", [True, True], [True, True], True),
            ("   ", [True, True], [True, True], False),
            ("Thành tích", [True, False], [True, True], False),
            ("Thành tích", [True, True], [True], False),
            ("Thành tích", [], [], False),
        ],
    )
    def test_dossier_completeness(self, summary, confirmed, verified, complete):
        nomination = Nomination(
            category=Category(checklist=["T1", "T2"]),
            achievement_summary=summary,
            checklist_confirmed=confirmed,
            checklist_verified=verified,
        )
        assert progress.dossier_summary_and_criteria_complete(nomination) is complete

    def test_only_the_organiser_keeps_the_final_list(self, client, seed000):
        for user in (seed000.staff_district_a, seed000.standing_district_a, seed000.secretary_a1):
            client.force_login(user)
            assert client.get(url("final-list", seed000)).status_code == 403

    def test_a_campaign_of_another_tree_is_not_found(self, client, seed000):
        client.force_login(another_tree_staff())
        assert client.get(url("final-list", seed000)).status_code == 404

    def test_query_count_does_not_grow_with_the_rows(self, client, seed000, queries):
        reach_city(seed000)
        client.force_login(seed000.staff_city)
        small = queries.of_page(client, url("final-list", seed000))
        # the page counts every row from values and builds one page; the export builds all
        small_export = queries.of_page(client, url("final-list", seed000, format="xlsx"))
        reach_city(seed000, honor=20, forward=2)
        assert Nomination.objects.filter(level=seed000.city).count() == 3
        assert queries.of_page(client, url("final-list", seed000)) == small
        assert queries.of_page(client, url("final-list", seed000, format="xlsx")) == small_export


class TestExcelExport:
    def test_the_export_opens_and_holds_the_list(self, client, seed000):
        _honored, (at_city,) = reach_city(seed000)
        person = at_city.person
        person.full_name = "Trần Thị Ánh Tuyết"
        person.save()
        summary = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
        Nomination.objects.filter(pk=at_city.pk).update(achievement_summary=summary)
        client.force_login(seed000.staff_city)
        response = client.get(url("final-list", seed000, format="xlsx"))
        assert response.status_code == 200
        assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [str(title) for title, _ in exports.FINAL_LIST_COLUMNS]
        assert len(rows) == 2
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["Full name or collective"] == "Trần Thị Ánh Tuyết"
        assert row["Achievement summary"] == summary  # as typed: a text cell, quote-prefixed
        assert row["Filing unit"] == "Chi bộ khu vực 1"
        assert row["Forwarded by"] == "Quận ủy Ninh Kiều"
        assert row["Eligible"] == "Yes"
        summary_cell = sheet.cell(row=2, column=8)
        assert summary_cell.data_type == "s"
        assert summary_cell.quotePrefix
        assert sheet.column_dimensions["H"].width == 60
        assert sheet.freeze_panes == "A2"

    def test_the_export_is_for_the_organiser_only(self, client, seed000):
        client.force_login(seed000.staff_district_a)
        assert client.get(url("final-list", seed000, format="xlsx")).status_code == 403


class TestProgress:
    def open_until(self, seed000, moment):
        """The earliest deadline of the campaign is the one that counts: the grassroots level
        closes at ``moment``, the city a week later."""
        seed000.grassroots.closes_at = moment
        seed000.grassroots.save()
        seed000.city.closes_at = moment + datetime.timedelta(days=7)
        seed000.city.save()

    def rows_by_unit(self, response):
        return {row.unit.code: row for row in response.context["rows"]}

    def test_counts_per_unit_and_highlights_those_with_nothing_filed(self, client, seed000):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=2, hours=1))
        seed000.file(seed000.member(seed000.tree.cell_a1))
        seed000.at_district(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_district_a)
        response = client.get(url("progress", seed000))
        rows = self.rows_by_unit(response)
        # The mass organisation neither files nor reviews in seed 000.
        assert set(rows) == {"QA-P1", "QA-CBCS"}
        grassroots, school = rows["QA-P1"], rows["QA-CBCS"]
        assert grassroots.alive == 2
        assert grassroots.counts == {**dict.fromkeys(progress.STATE_COLUMNS, 0), S.PROPOSED: 2}
        assert grassroots.silent_below == 1
        assert [
            u.code
            for u in progress.silent_units(
                seed000.campaign, seed000.staff_district_a, grassroots.unit
            )
        ] == ["QA-P1-C2"]
        assert not grassroots.filed_nothing
        assert school.filed_nothing
        body = response.content.decode()
        assert body.count("data-filed-nothing") == 1
        assert "nothing filed yet" in body
        assert "2 days" in body  # time left before the deadline
        assert "no exemplary nominee / not proposing" not in body

    def test_after_the_deadline_a_unit_with_nothing_counts_as_not_proposing(self, client, seed000):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=1))
        seed000.file(seed000.member(seed000.tree.cell_a1))
        self.open_until(seed000, timezone.now() - datetime.timedelta(seconds=1))
        client.force_login(seed000.staff_district_a)
        response = client.get(url("progress", seed000))
        assert response.context["deadline_passed"] is True
        body = response.content.decode()
        assert "no exemplary nominee / not proposing" in body
        assert "Deadline passed: " in body

    def test_the_city_sees_its_districts(self, client, seed000):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=1))
        session, _ = seed000.decide_at_district(honor=2, forward=0)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        withdrawn = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.withdraw(seed000.secretary_a1, withdrawn, now=BEFORE)
        client.force_login(seed000.staff_city)
        rows = self.rows_by_unit(client.get(url("progress", seed000)))
        assert set(rows) == {"QA", "HB"}
        assert rows["QA"].counts[S.HONORED] == 2
        assert rows["QA"].counts[S.WITHDRAWN] == 1
        assert rows["QA"].alive == 2
        assert rows["HB"].filed_nothing
        assert {
            u.code
            for u in progress.silent_units(seed000.campaign, seed000.staff_city, rows["HB"].unit)
        } == {"HB-X1-C1", "HB-X1-C2"}
        assert rows["HB"].silent_below == 2

    def test_a_withdrawn_nomination_is_not_a_proposal(self, client, seed000):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=1))
        nomination = seed000.file(seed000.member(seed000.tree.grassroots_cell_a))
        services.withdraw(seed000.secretary_school, nomination)
        client.force_login(seed000.staff_district_a)
        rows = self.rows_by_unit(client.get(url("progress", seed000)))
        assert rows["QA-CBCS"].filed_nothing

    def test_the_earliest_deadline_of_any_level_counts(self, seed000):
        # Seed 000 gives one deadline only, the city's: "trước ngày 15/01/2025".
        assert progress.filing_deadline(seed000.campaign) == datetime.datetime(
            2025, 1, 15, 0, 0, tzinfo=HCM
        )

    def test_without_any_deadline_the_campaign_period_ends_it(self, seed000):
        seed000.city.closes_at = None
        seed000.city.save()
        assert progress.filing_deadline(seed000.campaign) == datetime.datetime(
            2025, 2, 4, 0, 0, tzinfo=HCM
        )

    @pytest.mark.parametrize("user_name", ["standing_district_a", "secretary_a1"])
    def test_the_progress_page_is_for_the_staff(self, client, seed000, user_name):
        client.force_login(getattr(seed000, user_name))
        assert client.get(url("progress", seed000)).status_code == 403

    def test_a_campaign_of_another_tree_is_not_found(self, client, seed000):
        client.force_login(another_tree_staff())
        assert client.get(url("progress", seed000)).status_code == 404

    def silent_url(self, seed000, unit):
        return reverse("nominations:progress-silent", args=[seed000.campaign.code, unit.code])

    def test_a_branchs_silent_units_on_a_page_of_their_own(self, client, seed000):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=1))
        seed000.file(seed000.member(seed000.tree.cell_a1))
        client.force_login(seed000.staff_district_a)
        progress_page = client.get(url("progress", seed000)).content.decode()
        link = self.silent_url(seed000, seed000.tree.grassroots_a)
        assert f'hx-get="{link}"' in progress_page
        page = client.get(link)
        assert [u.code for u in page.context["units"]] == ["QA-P1-C2"]
        assert "<html" in page.content.decode()
        assert "Chi bộ" in page.content.decode()

    def test_after_the_deadline_the_silent_units_are_not_proposing(self, client, seed000):
        self.open_until(seed000, timezone.now() - datetime.timedelta(seconds=1))
        client.force_login(seed000.staff_district_a)
        page = client.get(
            self.silent_url(seed000, seed000.tree.grassroots_a), HTTP_HX_REQUEST="true"
        ).content.decode()
        assert page.count("no exemplary nominee / not proposing") == 2

    def test_a_branch_outside_the_subtree_or_the_own_unit_is_not_found(self, client, seed000):
        client.force_login(seed000.staff_district_a)
        for unit in (seed000.tree.grassroots_b, seed000.tree.district_a):
            assert client.get(self.silent_url(seed000, unit)).status_code == 404

    @pytest.mark.parametrize("user_name", ["standing_district_a", "secretary_a1"])
    def test_the_silent_units_are_for_the_staff(self, client, seed000, user_name):
        client.force_login(getattr(seed000, user_name))
        assert client.get(self.silent_url(seed000, seed000.tree.grassroots_a)).status_code == 403

    def test_query_count_does_not_grow(self, client, seed000, queries):
        self.open_until(seed000, timezone.now() + datetime.timedelta(days=1))
        client.force_login(seed000.staff_city)
        seed000.file(seed000.member(seed000.tree.cell_a1))
        small = queries.of_page(client, url("progress", seed000))
        # the session, the user, the campaign, its levels, the branches, their units, the
        # nominations by branch and state with the filing units that have one alive (one
        # query since issue 19, two before), the bell's unread count
        assert small <= 8
        for _ in range(5):
            UnitFactory(parent=seed000.tree.grassroots_b)
        for _ in range(4):
            seed000.file(seed000.member(seed000.tree.cell_a1))
        seed000.at_district(seed000.member(seed000.tree.cell_a1))
        assert queries.of_page(client, url("progress", seed000)) == small
