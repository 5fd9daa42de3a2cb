"""What the documents say, read back from the PDF and from the Word file alike: the legal basis
ends once, the minutes close at the recorded time, the cap says how it rounds, section III lists
commendations only, a level that does not vote mentions no biên bản, Mẫu 1 prints the unit's
own commitments, the subject names the commendation, dates are written as Hướng dẫn 36 writes
them."""

import datetime

import pytest

from campaigns.models import Movement
from committees.models import Role
from dossiers.documents import context, rendering
from movements.models import MovementRegistration
from tests.factories import UserFactory
from tests.workflow_fixtures import BEFORE

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def both_texts(document: dict) -> list[str]:
    return [pdf_text(rendering.to_pdf(document)), docx_text(rendering.to_docx(document))]


def test_a_legal_basis_that_ends_with_a_full_stop_is_not_followed_by_a_semicolon(district_docs):
    campaign = district_docs.seed.campaign
    campaign.legal_basis = (
        "Kế hoạch của Ban Thường vụ Thành ủy chào mừng kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản "
        "Việt Nam (3/2/1930 - 3/2/2025).\nKết luận số 01-KL/TW."
    )
    campaign.save()
    document = context.proposal(
        campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    for text in both_texts(document):
        assert "(3/2/1930 - 3/2/2025);" in text
        assert ".;" not in text


def test_the_minutes_close_at_the_recorded_time_and_the_cap_says_it_rounds_up(district_docs):
    """The fixture's district rounds up: 10% × 2 = 1 is said to be rounded."""
    session = district_docs.session
    session.closed_at = datetime.datetime(2025, 1, 10, 11, 30, tzinfo=BEFORE.tzinfo)
    session.save()
    minutes = context.minutes(
        session,
        district_docs.seed.staff_district_a,
        context.Details.from_form(context.minutes_defaults(session)),
    )
    for text in both_texts(minutes):
        assert "Cuộc họp kết thúc vào lúc 11 giờ 30 phút cùng ngày." in text
        assert "giờ ...... phút" not in text
    proposal = context.proposal(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    for text in both_texts(proposal):
        assert "10% × 2 = 1 (làm tròn lên)" in text


def test_section_three_lists_commendations_not_quality_ratings(district_docs):
    nomination = district_docs.forwarded
    document = context.achievement_report(
        nomination, context.Details.from_form(context.report_defaults(nomination))
    )
    for text in both_texts(document):
        section_three = text.split("III. CÁC HÌNH THỨC KHEN THƯỞNG")[1]
        assert "Hoàn thành tốt nhiệm vụ" not in section_three
        assert "Chưa có hình thức khen thưởng nào" in section_three
        assert "Kết quả xếp loại chất lượng: năm 2024: Hoàn thành tốt nhiệm vụ" in text


def test_a_level_that_does_not_vote_mentions_no_minutes(district_docs):
    """The ward (the grassroots committee) appraises and passes on: no biên bản."""
    ward = district_docs.seed.tree.grassroots_a
    staff = UserFactory(unit=ward, role=Role.STAFF)
    details = context.Details.from_form(context.unit_defaults(ward, context.ancestors_of(ward)))
    document = context.proposal(district_docs.seed.campaign, ward, staff, details)
    for text in both_texts(document):
        assert "biên bản" not in text.lower()
        assert "An Hòa, ngày" in text  # the ward's own place, not the district's
    district = context.proposal(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    assert "và biên bản họp xét đề nghị" in pdf_text(rendering.to_pdf(district))


def test_mau_1_prints_the_commitments_the_unit_registered(district_docs):
    seed = district_docs.seed
    movement = Movement.objects.create(campaign=seed.campaign, first_year=2022, last_year=2027)
    cell = seed.tree.cell_a1
    MovementRegistration.objects.create(
        movement=movement,
        unit=cell,
        registered_at=BEFORE,
        content="T1: 100% chỉ tiêu kinh tế - xã hội của khu vực.\nT2: Sinh hoạt đủ 12 kỳ.",
    )
    document = context.registration(
        seed.campaign,
        cell,
        context.Details(day=datetime.date(2025, 3, 5), year=2025, place="An Hòa"),
    )
    for text in both_texts(document):
        assert "T1: 100% chỉ tiêu kinh tế - xã hội của khu vực." in text
        assert "T2: Sinh hoạt đủ 12 kỳ." in text
        assert "......" not in text.replace("........ /", "")
        assert "An Hòa, ngày 05 tháng 3 năm 2025" in text


def test_seed_004_names_the_commendation_in_the_subject(seed004):
    district = seed004.tree.district_a
    details = context.Details(day=datetime.date(2023, 3, 27), place="Kiến An")
    document = context.proposal(seed004.campaign, district, seed004.staff_district, details)
    for text in both_texts(document):
        assert "về việc đề nghị biểu dương, khen thưởng điển hình tiên tiến năm 2022" in text
        assert "đề nghị sơ kết" not in text
        assert "Kiến An, ngày 27 tháng 3 năm 2023" in text


def test_the_danh_muc_closes_with_a_line_that_goes_with_the_signatures(district_docs):
    document = context.level_index(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    for text in both_texts(document):
        assert (
            "Hồ sơ gồm hồ sơ của Ban Thường vụ Quận ủy Ninh Kiều và hồ sơ của 01 tập thể, cá nhân "
            "được đề nghị." in text
        )
