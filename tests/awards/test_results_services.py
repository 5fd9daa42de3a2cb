"""The report of results: drafted from the data by the honoring unit's staff, edited, sent to
the level above (seed 000 III.6: the district to the city)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from awards import results_services as svc
from awards.models import ResultsReport
from committees.models import Gender
from nominations import services
from nominations.models import Nomination, Outcome
from notifications.models import Notice, NoticeKind
from tests.workflow_fixtures import BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are read in the English of their msgid: which rule refused, whatever the
    catalogue says in Vietnamese."""
    with translation.override("en"):
        yield


def honor_at_district(seed000, honor: int, forward: int = 0, **person):
    """``honor`` members of cell A1 honored by district A, ``forward`` sent to the city."""
    nominations = []
    for _ in range(honor + forward):
        nomination = seed000.at_district(seed000.member(seed000.tree.cell_a1, **person))
        nominations.append(services.appraise(seed000.staff_district_a, nomination, now=BEFORE))
    session = seed000.session()
    for i, nomination in enumerate(nominations):
        seed000.vote(session, nomination, Outcome.HONOR if i < honor else Outcome.FORWARD)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    return nominations


def test_the_district_drafts_its_report_from_the_data(seed000):
    honor_at_district(seed000, 2, gender=Gender.FEMALE, date_of_birth=datetime.date(1995, 2, 3))
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    assert report.recipient == seed000.tree.city  # the level above: the city
    assert report.level == seed000.district
    f = report.figures
    assert (f["honored"], f["individuals"], f["received"], f["forwarded"]) == (2, 2, 2, 0)
    assert f["by_gender"]["female"] == 2
    assert f["by_age"]["30_45"] == 2  # 30 on 03/02/2025, the campaign's period end
    # Cell A1 sits under a grassroots committee (đảng ủy cơ sở) of district A.
    assert f["by_unit_kind"] == {"dang_uy_co_so": 2}
    assert f["cap"] == {"base": 2, "percent": 10, "limit": 0, "requested": 0, "ok": True}
    assert "biểu dương 2 trường hợp" in report.text
    assert "nữ: 2" in report.text and "từ 30 đến 45 tuổi: 2" in report.text
    assert "Kính báo cáo Thành ủy Cần Thơ" in report.text
    # Asking again gives the same draft.
    again = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    assert again.pk == report.pk


def test_forwarded_counts_against_the_cap(seed000):
    honor_at_district(seed000, 10, 1)
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    assert report.figures["forwarded"] == 1
    assert report.figures["cap"]["limit"] == 1 and report.figures["cap"]["ok"]
    assert "10% × 10 = 1" in report.text


def test_a_unit_that_honored_nobody_reports_zero(seed000):
    report = svc.draft_report(seed000.staff_district_b, seed000.campaign, seed000.tree.district_b)
    assert report.figures["honored"] == 0
    assert "biểu dương 0 trường hợp" in report.text


def test_only_the_honoring_units_staff_draft(seed000):
    with pytest.raises(PermissionDenied, match="Only the staff of the unit that honored"):
        svc.draft_report(seed000.standing_district_a, seed000.campaign, seed000.tree.district_a)
    with pytest.raises(PermissionDenied):
        svc.draft_report(seed000.staff_district_b, seed000.campaign, seed000.tree.district_a)
    # The grassroots level appraises and passes on: it honors nobody, so reports nothing.
    with pytest.raises(ValidationError, match="does not honor in this campaign"):
        svc.draft_report(seed000.staff_grassroots_a, seed000.campaign, seed000.tree.grassroots_a)
    assert not ResultsReport.objects.unscoped("test").exists()


def test_edit_refresh_and_send(seed000):
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    assert report.figures["honored"] == 0
    honor_at_district(seed000, 1)
    # The text nobody edited follows the new figures.
    report = svc.refresh_figures(seed000.staff_district_a, report)
    assert report.figures["honored"] == 1 and "biểu dương 1 trường hợp" in report.text
    report = svc.edit_text(seed000.staff_district_a, report, "Báo cáo đã sửa.\r\nDòng hai.")
    assert report.text == "Báo cáo đã sửa.\nDòng hai."
    # An edited text is kept when the figures are counted again.
    report = svc.refresh_figures(seed000.staff_district_a, report)
    assert report.text == "Báo cáo đã sửa.\nDòng hai."
    with pytest.raises(ValidationError) as empty:
        svc.edit_text(seed000.staff_district_a, report, "   ")
    assert "text" in empty.value.message_dict

    report = svc.send_report(seed000.staff_district_a, report)
    assert report.sent_at is not None and report.sent_by == seed000.staff_district_a
    notices = Notice.objects.filter(kind=NoticeKind.RESULTS_REPORT)
    assert {n.recipient for n in notices} == {seed000.staff_city, seed000.standing_city}
    assert str(report.public_id) in notices[0].url

    with pytest.raises(ValidationError, match="can no longer be changed"):
        svc.send_report(seed000.staff_district_a, report)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        svc.edit_text(seed000.staff_district_a, report, "Sửa sau khi gửi")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        svc.refresh_figures(seed000.staff_district_a, report)
    report.refresh_from_db()
    assert report.text == "Báo cáo đã sửa.\nDòng hai."


def test_the_recipient_reopens_a_sent_report(seed000):
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    with pytest.raises(ValidationError, match="Only a sent report"):
        svc.reopen_report(seed000.staff_city, report, "Bổ sung")
    report = svc.send_report(seed000.staff_district_a, report)
    with pytest.raises(PermissionDenied, match="receiving unit"):
        svc.reopen_report(seed000.staff_district_a, report, "Tự mở lại")
    with pytest.raises(ValidationError) as no_reason:
        svc.reopen_report(seed000.staff_city, report, " ")
    assert "reason" in no_reason.value.message_dict
    report = svc.reopen_report(seed000.staff_city, report, "Bổ sung số liệu theo độ tuổi.")
    assert report.sent_at is None
    told = Notice.objects.get(recipient=seed000.staff_district_a, kind=NoticeKind.RESULTS_REPORT)
    assert told.body == "Bổ sung số liệu theo độ tuổi."
    svc.edit_text(seed000.staff_district_a, report, "Đã bổ sung.")


def test_the_top_level_reports_to_its_own_standing_committee(seed000):
    report = svc.draft_report(seed000.staff_city, seed000.campaign, seed000.tree.city)
    assert report.recipient == seed000.tree.city
    assert "Kính trình Ban Thường vụ Thành ủy Cần Thơ" in report.text
    svc.send_report(seed000.staff_city, report)
    told = Notice.objects.filter(kind=NoticeKind.RESULTS_REPORT)
    assert [n.recipient for n in told] == [seed000.standing_city]


def test_the_city_reports_what_it_honored_itself(seed000):
    nominations = honor_at_district(seed000, 10, 1)
    forwarded = Nomination.objects.get(pk=nominations[-1].pk)
    (arrived,) = services.send_up(seed000.staff_district_a, [forwarded], now=BEFORE)
    services.appraise(seed000.staff_city, arrived, now=BEFORE)
    session = seed000.session(unit=seed000.tree.city, user=seed000.staff_city)
    seed000.vote(session, arrived, Outcome.HONOR, user=seed000.staff_city)
    services.close_session(seed000.staff_city, session, now=BEFORE)

    city = svc.draft_report(seed000.staff_city, seed000.campaign, seed000.tree.city)
    f = city.figures
    assert (f["received"], f["honored"], f["forwarded"]) == (1, 1, 0)
    assert f["by_unit_kind"] == {"dang_uy_co_so": 1}
    assert f["cap"] is None  # the city forwards nothing: no cap at the top
    # The district's own report counts its ten, not the one the city honored.
    district = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    assert (district.figures["honored"], district.figures["forwarded"]) == (10, 1)
    assert district.figures["received"] == 11
