"""The sơ kết / tổng kết milestones are answered by the campaign's review reports: the
milestone names a ``ReportRequest`` (one deadline, the request's), units submit through
``reports.services``, and the overview marks who has not reported, or reported late."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from campaigns import config
from campaigns.models import Milestone, MilestoneKind, MilestoneLevel, ReportRequest
from committees.models import Rating, Role, UnitKind
from movements.services import ReportStatus, report_status
from reports import services as reports
from reports.models import ReportState, UnitReport
from tests.campaigns.test_config import load_fixture, problems
from tests.factories import UnitFactory, UserFactory

from .conftest import add_members

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OUTLINE = [
    {"number": "I", "title": "Kết quả thực hiện bốn tiêu chí", "guidance": "", "required": True}
]


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def due():
    """The cells' sơ kết deadline, passed a day ago (the pages compare with the real clock)."""
    return timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)


@pytest.fixture
def requests_(movement, due):
    campaign = movement.campaign
    cells = ReportRequest.objects.create(
        campaign=campaign,
        code="so-ket-chi-bo",
        title="Sơ kết (chi bộ)",
        outline=OUTLINE,
        unit_kinds=[UnitKind.CHI_BO, UnitKind.CHI_BO_CO_SO],
        due_at=due,
    )
    committees = ReportRequest.objects.create(
        campaign=campaign,
        code="so-ket-dang-bo",
        title="Sơ kết (đảng bộ)",
        outline=OUTLINE,
        unit_kinds=[UnitKind.DANG_UY_CO_SO, UnitKind.DANG_UY_XA],
        due_at=due + datetime.timedelta(days=30),
    )
    for level, request in ((MilestoneLevel.CELLS, cells), (MilestoneLevel.COMMITTEES, committees)):
        Milestone.objects.create(
            movement=movement, kind=MilestoneKind.MID_TERM, level=level, report=request
        )
    return cells, committees


def submit(unit, request, now):
    secretary = UserFactory(unit=unit, role=Role.CELL_SECRETARY)
    reports.save_report_draft(secretary, request, unit, {"I": "Đạt bốn tốt hai năm liền."}, now=now)
    return reports.submit_report(secretary, request, unit, now=now)


def dashboard(client, movement, unit):
    client.force_login(UserFactory(unit=unit, role=Role.STAFF))
    html = client.get(
        reverse("movements:four-good-dashboard", args=[movement.campaign.code]), **EN
    ).content.decode()
    return {
        row.split("?unit=")[1].split('"')[0]: row
        for row in html.split("<tr")[1:]
        if "?unit=" in row
    }, html


# --- the rule ---------------------------------------------------------------------------------


class TestStatus:
    def test_submitted_one_second_before_the_deadline_is_on_time(self, due):
        assert report_status(due - SECOND, due, now=due + SECOND) == ReportStatus.ON_TIME

    def test_submitted_at_the_deadline_is_late(self, due):
        assert report_status(due, due, now=due + SECOND) == ReportStatus.LATE

    def test_not_submitted_at_the_deadline_is_not_reported(self, due):
        assert report_status(None, due, now=due) == ReportStatus.MISSING

    def test_not_submitted_one_second_before_the_deadline_is_not_marked(self, due):
        assert report_status(None, due, now=due - SECOND) is None


# --- the model and the file -------------------------------------------------------------------


class TestOneDeadline:
    def test_a_milestone_has_a_deadline_or_a_report_never_both(self, movement, requests_, due):
        with transaction.atomic(), pytest.raises(IntegrityError):
            Milestone.objects.create(
                movement=movement,
                kind=MilestoneKind.FINAL,
                level=MilestoneLevel.CELLS,
                deadline=due,
                report=requests_[0],
            )
        with transaction.atomic(), pytest.raises(IntegrityError):
            Milestone.objects.create(
                movement=movement, kind=MilestoneKind.FINAL, level=MilestoneLevel.CELLS
            )

    def test_the_report_milestone_takes_the_requests_deadline(self, movement, requests_, due):
        milestone = movement.milestones.select_related("report").get(
            kind=MilestoneKind.MID_TERM, level=MilestoneLevel.CELLS
        )
        assert milestone.deadline is None and milestone.due_at == due

    def test_seed_001_links_sơ_kết_and_tổng_kết_to_its_report_requests(self, seed_units):
        campaign = config.import_campaign(load_fixture("001"))
        linked = {
            (m.kind, m.level): (m.report.code, m.due_at.isoformat())
            for m in campaign.movement.milestones.select_related("report")
            if m.report_id
        }
        assert linked == {
            ("mid_term", "cells"): ("so-ket-chi-bo", "2025-09-21T17:00:00+00:00"),
            ("mid_term", "committees"): ("so-ket-dang-bo", "2025-10-04T17:00:00+00:00"),
            ("final", "cells"): ("tong-ket-chi-bo", "2027-09-21T17:00:00+00:00"),
            ("final", "committees"): ("tong-ket-dang-bo", "2027-10-04T17:00:00+00:00"),
        }
        assert campaign.report_requests.count() == 4

    def test_a_milestone_with_both_neither_or_an_unknown_report_is_refused(self, seed_units):
        data = load_fixture("001")
        milestones = data["movement"]["milestones"]
        milestones[0]["report"] = "so-ket-chi-bo"  # also has its deadline
        milestones[2]["report"] = None  # and no deadline
        milestones[3]["report"] = "so-ket-khong-co"
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert set(problems(error.value)) == {
            "movement.milestones[0]",
            "movement.milestones[2]",
            "movement.milestones[3].report",
        }

    def test_moving_the_request_moves_the_milestone(self, seed_units):
        data = config.shift_config(load_fixture("001"), 10)
        campaign = config.import_campaign(data)
        milestone = campaign.movement.milestones.select_related("report").get(
            kind="mid_term", level="cells"
        )
        assert milestone.due_at.isoformat() == "2025-10-01T17:00:00+00:00"


class TestWhoOwesIt:
    def test_the_organiser_owes_a_report_of_its_own_kind(self, seed_units):
        """Seed 001: the ward's đảng bộ organises and sends its own sơ kết to the level above."""
        campaign = config.import_campaign(load_fixture("001"))
        committee_report = campaign.report_requests.get(code="so-ket-dang-bo")
        cells_report = campaign.report_requests.get(code="so-ket-chi-bo")
        assert committee_report.must_report(campaign.organiser)
        assert not cells_report.must_report(campaign.organiser)
        assert list(reports.reporting_units(committee_report)) == [campaign.organiser]

    def test_an_organiser_of_another_kind_still_owes_nothing(self, seed004):
        request = seed004.campaign.report_requests.get()
        assert not request.must_report(seed004.campaign.organiser)
        assert seed004.campaign.organiser not in reports.reporting_units(request)


# --- the overview -----------------------------------------------------------------------------


class TestOverview:
    def test_one_second_before_is_reported_and_a_cell_without_a_report_is_marked(
        self, client, city_tree, movement, requests_, due
    ):
        submit(city_tree.cell_a1, requests_[0], due - SECOND)
        rows, html = dashboard(client, movement, city_tree.grassroots_a)
        assert 'data-status="on_time"' in rows["QA-P1-C1"]
        assert "data-unreported" not in rows["QA-P1-C1"]
        assert 'data-status="missing"' in rows["QA-P1-C2"] and "Not reported" in rows["QA-P1-C2"]
        assert 'data-unreported="1"' in rows["QA-P1-C2"]
        # The ward's own report is not due yet: nothing to mark.
        assert "data-status" not in rows["QA-P1"]
        assert 'data-testid="unreported-count"' in html

    def test_a_report_entered_at_the_deadline_is_reported_late(
        self, client, city_tree, movement, requests_, due
    ):
        report = submit(city_tree.cell_a2, requests_[0], due - SECOND)
        UnitReport.objects.filter(pk=report.pk).update(submitted_at=due)
        rows, _html = dashboard(client, movement, city_tree.grassroots_a)
        assert 'data-status="late"' in rows["QA-P1-C2"] and "Reported late" in rows["QA-P1-C2"]

    def test_a_reopened_report_counts_as_not_reported(
        self, client, city_tree, movement, requests_, due
    ):
        report = submit(city_tree.cell_a1, requests_[0], due - SECOND)
        UnitReport.objects.filter(pk=report.pk).update(state=ReportState.DRAFT, submitted_at=None)
        rows, _html = dashboard(client, movement, city_tree.grassroots_a)
        assert 'data-status="missing"' in rows["QA-P1-C1"]

    def test_a_unit_outside_the_subtree_never_appears(
        self, client, city_tree, movement, requests_, due
    ):
        submit(city_tree.cell_b1, requests_[0], due - SECOND)
        rows, html = dashboard(client, movement, city_tree.grassroots_a)
        assert set(rows) == {"QA-P1", "QA-P1-C1", "QA-P1-C2"}
        assert "HB-X1" not in html and "Nhơn Lộc" not in html and "Nhơn Thọ" not in html

    def test_the_movement_page_shows_the_requests_deadline_and_leads_to_it(
        self, client, city_tree, movement, requests_, due
    ):
        client.force_login(UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY))
        html = client.get(
            reverse("movements:four-good", args=[movement.campaign.code]), **EN
        ).content.decode()
        assert timezone.localtime(due).strftime("%d/%m/%Y") in html
        assert reverse("reports:list", args=[movement.campaign.code]) in html

    def test_the_count_does_not_grow_with_the_tree(
        self, client, city_tree, movement, requests_, due, queries
    ):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        address = reverse("movements:four-good-dashboard", args=[movement.campaign.code])

        def grow(n, start):
            for i in range(start, start + n):
                cell = UnitFactory(parent=city_tree.grassroots_b, code=f"N{i}")
                add_members(cell, {Rating.HTTNV: 2}, year=2024)
                if i % 2:
                    submit(cell, requests_[0], due - SECOND)

        def count():
            return queries.of_page(client, address, **EN)

        grow(2, 0)
        small = count()
        grow(12, 2)
        assert count() == small
