"""Issue 14, points 4 and 5 for the review reports: each unit that owes a report is told it is
requested (once), reminded before the deadline while it has not sent it (once per offset,
however often beat runs), and told when the receiving level reopens what it sent."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import CampaignStatus
from notifications.models import Notice, NoticeKind
from reports import reminders
from reports import services as reports
from tests.reports.test_reports import EARLY, written_and_sent
from tests.seed_fixtures import REPORT_DUE_004

pytestmark = pytest.mark.django_db

A_MONTH_BEFORE = REPORT_DUE_004 - datetime.timedelta(days=30)
SEVEN_DAYS_BEFORE = REPORT_DUE_004 - datetime.timedelta(days=7, hours=-9)


@pytest.fixture
def request_004(seed004):
    seed004.campaign.status = CampaignStatus.OPEN
    seed004.campaign.save()
    return seed004.campaign.report_requests.get()


def notices(user, kind):
    return Notice.objects.filter(recipient=user, kind=kind)


def test_each_unit_that_owes_the_report_is_told_once(seed004, request_004):
    reminders.remind_due(A_MONTH_BEFORE)
    reminders.remind_due(A_MONTH_BEFORE)
    (notice,) = notices(seed004.staff_grassroots, NoticeKind.REPORT_REQUESTED)
    assert request_004.title in notice.title
    assert notice.url == reverse("reports:edit", args=[seed004.campaign.code, request_004.code])
    assert not notices(seed004.staff_grassroots, NoticeKind.DEADLINE).exists()  # not yet
    # A unit that does not owe it is not told.
    assert not Notice.objects.filter(recipient=seed004.secretary_cell_a1).exists()


def test_the_units_that_have_not_reported_are_reminded_before_the_deadline(seed004, request_004):
    written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    assert not notices(seed004.staff_grassroots, NoticeKind.DEADLINE).exists()  # it reported
    late = seed004.filer_of(seed004.tree.mass_org_a)
    assert notices(late, NoticeKind.DEADLINE).count() == 1


def test_a_reopened_report_tells_its_unit_why(seed004, request_004):
    report = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
    reports.reopen_report(seed004.staff_district, report, "Bổ sung số liệu quý I.", now=EARLY)
    (notice,) = notices(seed004.staff_grassroots, NoticeKind.REPORT_REQUESTED)
    assert notice.body == "Bổ sung số liệu quý I."
