"""Each document as a PDF: the Party's letterhead, the data it is made from, Vietnamese text with
every tone mark (read back with pypdf), Liberation Serif embedded, page numbers from page 2."""

import unicodedata
from unittest import mock

import pytest

from campaigns.models import DocumentRequirement
from committees.models import UnitKind
from dossiers.documents import context, pdf, rendering
from nominations import services
from nominations.models import Nomination, NominationState
from tests.factories import CampaignFactory, PersonFactory, UnitFactory
from tests.workflow_fixtures import BEFORE

from .conftest import HUONG, place_district
from .helpers import (
    bulk_forwarded,
    embedded_fonts,
    pdf_reader,
    pdf_text,
    top_margin_text,
)

LETTERHEAD = (
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
    "QUẬN ỦY NINH KIỀU",
    "Ninh Kiều, ngày 07 tháng 02 năm 2025",
)


def test_the_proposal_memo(district_docs):
    docs = district_docs
    document = context.proposal(
        docs.seed.campaign, docs.district, docs.seed.staff_district_a, docs.details()
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        *LETTERHEAD,
        "TỜ TRÌNH",
        "Số 12-TTr/QU",
        "Kính gửi: Ban Thường vụ Thành ủy Cần Thơ",
        HUONG,
        "Bí thư chi bộ",
        "Ban Thường vụ Quận ủy Ninh Kiều đã biểu dương 2 cá nhân ở cấp mình",
        "không quá 10% số cá nhân được biểu dương ở cấp mình: 10% × 2 = 1",
        "ngày 10 tháng 01 năm 2025",
        "01 cá nhân",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn Ký",
    ):
        assert expected in text, expected
    # Only what the district forwards: none of the ten it honored.
    assert docs.honored[0].person.full_name not in text


def test_the_proposal_lists_what_was_already_sent_up_too(district_docs):
    docs = district_docs
    services.send_up(docs.seed.staff_district_a, [docs.forwarded], now=BEFORE)
    document = context.proposal(
        docs.seed.campaign, docs.district, docs.seed.staff_district_a, docs.details()
    )
    assert [row.name for row in document["rows"]] == [HUONG]


def test_the_seed_000_cap_reads_as_in_the_plan(seed000):
    """37 honored at the district, 3 forwarded: "10% × 37 = 3"."""
    district = place_district(seed000)
    session, _nominations = seed000.decide_at_district(honor=37, forward=3)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    document = context.proposal(
        seed000.campaign,
        district,
        seed000.staff_district_a,
        context.Details(day=context.today(), place="Ninh Kiều"),
    )
    assert document["cap_text"] == (
        "không quá 10% số cá nhân được biểu dương ở cấp mình: 10% × 37 = 3"
    )
    assert len(document["rows"]) == 3


def test_the_summary_list(district_docs):
    docs = district_docs
    document = context.nominee_list(
        docs.seed.campaign, docs.district, docs.seed.staff_district_a, docs.details()
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        *LETTERHEAD,
        "DANH SÁCH TRÍCH NGANG",
        "Họ và tên",
        "Chức danh",
        "Đơn vị",
        "Tóm tắt thành tích",
        "Số điện thoại",
        HUONG,
        "Bí thư chi bộ",
        "Chi bộ khu vực 1",
        "Gương mẫu, nhiều sáng kiến ở khu vực.",
        "0912345678",
    ):
        assert expected in text, expected


def test_the_minutes_of_the_vote(district_docs):
    docs = district_docs
    document = context.minutes(
        docs.session,
        docs.seed.staff_district_a,
        context.Details(
            day=context.minutes_defaults(docs.session)["day"],
            number="3",
            place="Ninh Kiều",
            venue="trụ sở Quận ủy Ninh Kiều",
            chair="Lê Văn Chủ Trì",
            secretary="Phạm Thư Ký",
        ),
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "BIÊN BẢN",
        "Số 3-BB/QU",
        "Ninh Kiều, ngày 10 tháng 01 năm 2025",
        "Vào lúc 09 giờ 00 phút, ngày 10 tháng 01 năm 2025",
        "tại trụ sở Quận ủy Ninh Kiều",
        "Tổng số ủy viên đương nhiệm: 11 đồng chí; có mặt: 11 đồng chí",
        "bằng văn bản: 0 đồng chí",
        "bảo đảm tỷ lệ tối thiểu 2/3 (hai phần ba)",
        "quá 1/2 (một phần hai) tổng số ủy viên đương nhiệm tán thành "
        "(ít nhất 6/11 phiếu tán thành)",
        "Chủ trì: đồng chí Lê Văn Chủ Trì",
        "Thư ký: đồng chí Phạm Thư Ký",
        HUONG,
        "Đề nghị lên cấp trên",
        "Biểu dương ở cấp mình",
        "biểu dương ở cấp mình 2; đề nghị lên cấp trên 1",
        "Cuộc họp kết thúc vào lúc",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ):
        assert expected in text, expected
    assert "Dự thảo" not in text
    row = next(r for r in document["rows"] if r.name == HUONG)
    assert (row.votes_for, row.votes_against, row.votes_abstain) == (9, 0, 0)


def test_minutes_of_an_open_session_say_they_are_a_draft(seed000):
    session = seed000.session()
    document = context.minutes(
        session, seed000.staff_district_a, context.Details(**context.minutes_defaults(session))
    )
    assert "Dự thảo: phiên biểu quyết chưa kết thúc" in pdf_text(rendering.to_pdf(document))


def test_the_plain_achievement_report(district_docs):
    nomination = district_docs.forwarded
    document = context.achievement_report(
        nomination, context.Details(**context.report_defaults(nomination))
    )
    assert rendering.template_for(document) == "documents/achievement/plain.html"
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ PHƯỜNG AN HÒA",
        "CHI BỘ KHU VỰC 1",
        "BÁO CÁO TÓM TẮT THÀNH TÍCH",
        f"của đồng chí {HUONG}",
        "I. SƠ LƯỢC LÝ LỊCH",
        "ngày sinh: 17/05/1980",
        "chức vụ: Bí thư chi bộ",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Gương mẫu, nhiều sáng kiến ở khu vực.",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
        "Kết quả xếp loại chất lượng: năm 2024: Hoàn thành tốt nhiệm vụ",
        "XÁC NHẬN CỦA CẤP ỦY CƠ SỞ",
        "ĐẢNG ỦY PHƯỜNG AN HÒA",
        "NGƯỜI BÁO CÁO",
    ):
        assert expected in text, expected


def test_a_campaign_that_names_mau_07_gets_that_form(district_docs):
    nomination = district_docs.forwarded
    campaign = nomination.campaign
    campaign.achievement_form = "mau_07_nd91_2017"
    campaign.save()
    document = context.achievement_report(
        nomination, context.Details(**context.report_defaults(nomination))
    )
    assert rendering.template_for(document) == "documents/achievement/mau_07_nd91_2017.html"
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ ĐẢNG VIÊN TIÊU BIỂU",
        f"{HUONG}, Bí thư chi bộ, Chi bộ khu vực 1",
        "I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM TÌNH HÌNH",
        "Quê quán:",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG",
        "XÁC NHẬN CỦA CẤP ỦY CƠ SỞ",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "(Ký, ghi rõ họ và tên)",
    ):
        assert expected in text, expected


def test_honors_in_other_campaigns_are_listed_in_the_report(district_docs, seed000):
    earlier = CampaignFactory(organiser=seed000.tree.city, title="Biểu dương năm 2023")
    category = earlier.categories.create(code="dv", name="Đảng viên tiêu biểu")
    Nomination.objects.create(
        campaign=earlier,
        category=category,
        person=district_docs.forwarded.person,
        filing_unit=seed000.tree.cell_a1,
        state=NominationState.HONORED,
        achievement_summary="…",
        filed_by=seed000.secretary_a1,
    )
    items = context.recognitions(district_docs.forwarded)
    assert "Được biểu dương: Biểu dương năm 2023" in [item.text for item in items]


def test_the_report_of_a_collective(seed000):
    cell = seed000.tree.cell_a1
    for _ in range(4):
        PersonFactory(unit=cell)
    PersonFactory(unit=cell, is_party_member=False)
    collective = seed000.campaign.categories.create(
        code="tap-the", name="Chi bộ tiêu biểu", nominee_kind="collective"
    )
    nomination = Nomination.objects.create(
        campaign=seed000.campaign,
        category=collective,
        collective=cell,
        filing_unit=cell,
        state=NominationState.PROPOSED,
        achievement_summary="Chi bộ bốn tốt hai năm liền.",
        filed_by=seed000.secretary_a1,
    )
    document = context.achievement_report(
        nomination, context.Details(**context.report_defaults(nomination))
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "của Chi bộ khu vực 1",
        "Tên tập thể: Chi bộ khu vực 1, trực thuộc Đảng ủy phường An Hòa",
        "Số đảng viên: 4",
        "Chi bộ bốn tốt hai năm liền.",
        "T/M CHI BỘ",
        "BÍ THƯ",
    ):
        assert expected in text, expected


def test_text_typed_decomposed_comes_out_composed(district_docs):
    nomination = district_docs.forwarded
    nomination.achievement_summary = unicodedata.normalize("NFD", "Dẫn đầu phong trào ở ấp")
    document = context.achievement_report(
        nomination, context.Details(**context.report_defaults(nomination))
    )
    assert "Dẫn đầu phong trào ở ấp" in pdf_text(rendering.to_pdf(document))


def test_the_registration_of_a_cell(seed000):
    cell = seed000.tree.cell_a1
    for _ in range(3):
        PersonFactory(unit=cell)
    document = context.registration(
        seed000.campaign,
        cell,
        context.Details(
            day=context.today(),
            year=2023,
            place="An Hòa",
            on_behalf="T/M CHI BỘ",
            signer_title="BÍ THƯ",
        ),
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "ĐẢNG BỘ PHƯỜNG AN HÒA",
        "CHI BỘ KHU VỰC 1",
        "BẢN ĐĂNG KÝ THI ĐUA",
        "xây dựng “Chi bộ bốn tốt” năm 2023",
        "Kính gửi: Ban Thường vụ Đảng ủy phường An Hòa",
        "Chi bộ khu vực 1 có 3 đảng viên",
        "Hoàn thành tốt nhiệm vụ chính trị",
        "Chất lượng sinh hoạt tốt",
        "Đoàn kết, kỷ luật tốt",
        "100% đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên",
        "T/M CHI BỘ",
        "BÍ THƯ",
    ):
        assert expected in text, expected


def test_the_registration_of_a_party_committee_asks_ninety_percent(seed000):
    ward = seed000.tree.grassroots_a
    document = context.registration(
        seed000.campaign, ward, context.Details(day=context.today(), year=2024, place="An Hòa")
    )
    text = pdf_text(rendering.to_pdf(document))
    assert "xây dựng “Đảng bộ cơ sở bốn tốt” năm 2024" in text
    assert "từ 90% đảng viên" in text
    assert "2 chi bộ trực thuộc" in text
    assert "ít nhất 3/4 chi bộ đạt bốn tốt" in text


def test_the_cover_list_of_a_nominees_dossier(district_docs):
    campaign = district_docs.seed.campaign
    DocumentRequirement.objects.create(
        campaign=campaign,
        code="bc",
        copies=2,
        name="Báo cáo thành tích có xác nhận của cấp ủy cơ sở",
    )
    DocumentRequirement.objects.create(
        campaign=campaign,
        code="qd",
        copies=3,
        required=False,
        name="Quyết định công nhận hoàn thành xuất sắc nhiệm vụ",
    )
    other = campaign.categories.exclude(pk=district_docs.forwarded.category_id).first()
    DocumentRequirement.objects.create(
        campaign=campaign, category=other, code="x", copies=1, name="Tài liệu của loại khác"
    )
    document = context.nomination_index(
        district_docs.forwarded, context.Details(day=context.today(), place="An Hòa")
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "DANH MỤC HỒ SƠ",
        f"hồ sơ đề nghị của đồng chí {HUONG}",
        "Báo cáo thành tích có xác nhận của cấp ủy cơ sở 02",
        "Quyết định công nhận hoàn thành xuất sắc nhiệm vụ 03 Nếu có",
    ):
        assert expected in text, expected
    assert "Tài liệu của loại khác" not in text


def test_the_cover_list_of_a_levels_dossier(district_docs):
    DocumentRequirement.objects.create(
        campaign=district_docs.seed.campaign, code="bc", copies=3, name="Báo cáo tóm tắt thành tích"
    )
    document = context.level_index(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    text = pdf_text(rendering.to_pdf(document))
    for expected in (
        "Tờ trình đề nghị của Ban Thường vụ Quận ủy Ninh Kiều 03",
        "Biên bản họp Ban Thường vụ Quận ủy Ninh Kiều 03",
        "Danh sách trích ngang các tập thể, cá nhân 03",
        f"1. Hồ sơ của đồng chí {HUONG}",
        "Báo cáo tóm tắt thành tích 03",
    ):
        assert expected in text, expected


def test_liberation_serif_is_embedded_in_every_style(district_docs):
    document = context.proposal(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    fonts = embedded_fonts(rendering.to_pdf(document))
    assert set(fonts.values()) >= {
        "Liberation Serif",
        "Liberation Serif Bold",
        "Liberation Serif Italic",
    }
    assert all(name.startswith("Liberation Serif") for name in fonts.values())


def test_a_300_person_list_runs_over_pages_numbered_from_the_second(seed000):
    """The one long render of the suite (about two seconds)."""
    district = place_district(seed000)
    bulk_forwarded(seed000, 300)
    document = context.nominee_list(
        seed000.campaign,
        district,
        seed000.staff_district_a,
        context.Details(day=context.today(), place="Ninh Kiều"),
    )
    content = rendering.to_pdf(document)
    reader = pdf_reader(content)
    assert len(reader.pages) >= 8
    assert top_margin_text(reader, 0) == ""
    assert top_margin_text(reader, 1) == "2"
    assert top_margin_text(reader, len(reader.pages) - 1) == str(len(reader.pages))
    # The header row is repeated on each page, and no one is lost between pages.
    assert "Họ và tên" in reader.pages[1].extract_text()
    text = pdf_text(content)
    assert all(f"Nguyễn Văn Số {n}" in text for n in (0, 150, 299))
    assert "Danh sách có 300 cá nhân." in text


@pytest.mark.parametrize("kind", [UnitKind.CHI_BO])
def test_a_cell_without_members_registers_with_zero(seed000, kind):
    cell = UnitFactory(parent=seed000.tree.grassroots_a, kind=kind, name="Chi bộ mới")
    document = context.registration(
        seed000.campaign, cell, context.Details(day=context.today(), year=2025)
    )
    assert document["members"] == 0 and document["cells"] is None


class TestSharedResources:
    """Inside ``pdf.shared_resources()`` (a bundle's build) the stylesheet is parsed and its
    fonts loaded once for every document; the PDFs are the same bytes as rendered alone."""

    @pytest.fixture
    def htmls(self, district_docs):
        docs = district_docs
        report = context.achievement_report(
            docs.forwarded, context.Details(**context.report_defaults(docs.forwarded))
        )
        memo = context.proposal(
            docs.seed.campaign, docs.district, docs.seed.staff_district_a, docs.details()
        )
        return [rendering.to_html(report), rendering.to_html(memo)]

    def test_the_same_pdfs_with_one_stylesheet_parsed(self, htmls):
        alone = [pdf.write_pdf(html) for html in htmls]
        with mock.patch.object(pdf, "CSS", wraps=pdf.CSS) as parsed, pdf.shared_resources():
            shared = [pdf.write_pdf(html) for html in htmls]
            with pdf.shared_resources():  # a nested scope shares the outer one
                pages = pdf.page_count(htmls[0])
        assert shared == alone
        assert pages == len(pdf_reader(alone[0]).pages)
        assert parsed.call_count == 1

    def test_outside_a_scope_each_render_has_its_own(self, htmls):
        with mock.patch.object(pdf, "CSS", wraps=pdf.CSS) as parsed:
            pdf.write_pdf(htmls[0])
            pdf.write_pdf(htmls[0])
        assert parsed.call_count == 2

    def test_nothing_is_parsed_for_a_scope_without_documents(self):
        with mock.patch.object(pdf, "CSS", wraps=pdf.CSS) as parsed, pdf.shared_resources():
            pass
        assert parsed.call_count == 0
