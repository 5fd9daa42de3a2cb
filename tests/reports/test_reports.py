"""Seed 004's sơ kết report: units write it section by section (or attach a file) and submit it
before "trước ngày 31/3/2023"; the district sees who has sent it, reads them side by side and
downloads them consolidated as one Word file."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from committees.models import Role, UnitKind
from dossiers.documents import consolidated
from reports import services as reports
from reports.models import ReportState, UnitReport
from tests.dossiers.conftest import docx_bytes, upload
from tests.factories import UnitFactory, UserFactory
from tests.seed_fixtures import REPORT_DUE_004

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
EARLY = REPORT_DUE_004 - datetime.timedelta(days=5)

TEXTS = {
    "I": "Ban hành Kế hoạch số 12-KH/ĐU triển khai chuyên đề năm 2023.",
    "II": "100% đảng viên đăng ký học tập và làm theo.\nXây dựng 3 mô hình dân vận khéo.",
    "III": "Một số chi bộ sinh hoạt chuyên đề chưa đều.",
    "IV": "Gắn chuyên đề với nhiệm vụ chính trị của đơn vị.",
}


@pytest.fixture
def request_004(seed004):
    return seed004.campaign.report_requests.get()


def write(seed, request, unit, texts=None, now=EARLY, **kwargs):
    return reports.save_report_draft(
        seed.filer_of(unit), request, unit, TEXTS if texts is None else texts, now=now, **kwargs
    )


def written_and_sent(seed, request, unit, texts=None):
    write(seed, request, unit, texts)
    return reports.submit_report(seed.filer_of(unit), request, unit, now=EARLY)


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " ".join(caught.value.messages)


# --- the rules ---------------------------------------------------------------------------------


class TestSubmitting:
    def test_one_second_before_the_deadline_is_accepted(self, seed004, request_004):
        unit = seed004.tree.grassroots_a
        write(seed004, request_004, unit)
        report = reports.submit_report(
            seed004.staff_grassroots, request_004, unit, now=REPORT_DUE_004 - SECOND
        )
        assert report.state == ReportState.SUBMITTED
        assert report.submitted_at == REPORT_DUE_004 - SECOND
        assert report.submitted_by == seed004.staff_grassroots

    def test_at_the_deadline_it_is_refused_with_the_moment(self, seed004, request_004):
        unit = seed004.tree.grassroots_a
        write(seed004, request_004, unit)
        message = refused(
            reports.submit_report, seed004.staff_grassroots, request_004, unit, now=REPORT_DUE_004
        )
        assert "23 giờ 59 phút 59 giây ngày 30/03/2023 (giờ Việt Nam)" in message
        assert UnitReport.objects.get(unit=unit).state == ReportState.DRAFT

    def test_an_empty_required_section_is_refused_and_named(self, seed004, request_004):
        unit = seed004.tree.mass_org_a
        write(seed004, request_004, unit, {**TEXTS, "III": "   "})
        message = refused(
            reports.submit_report, seed004.staff_mass_org, request_004, unit, now=EARLY
        )
        assert "III. Những hạn chế" in message
        assert "IV." not in message

    def test_the_optional_section_v_may_stay_empty(self, seed004, request_004):
        report = written_and_sent(seed004, request_004, seed004.tree.mass_org_a)
        assert report.is_submitted and report.text_of("V") == ""

    def test_a_file_stands_in_for_the_written_sections(self, seed004, request_004):
        unit = seed004.tree.grassroots_cell_a
        write(
            seed004,
            request_004,
            unit,
            {},
            uploaded_file=upload("bao-cao-so-ket.docx", docx_bytes()),
        )
        report = reports.submit_report(
            seed004.secretary_grassroots_cell, request_004, unit, now=EARLY
        )
        assert report.is_submitted and report.original_name == "bao-cao-so-ket.docx"

    def test_a_file_of_another_kind_is_refused_at_the_field(self, seed004, request_004):
        with pytest.raises(ValidationError) as caught:
            write(
                seed004,
                request_004,
                seed004.tree.grassroots_cell_a,
                {},
                uploaded_file=upload("bao-cao.exe", b"MZ\x90\x00" * 10),
            )
        assert "file" in caught.value.error_dict
        assert not UnitReport.objects.exists()

    def test_only_outline_sections_are_kept(self, seed004, request_004):
        report = write(
            seed004,
            request_004,
            seed004.tree.grassroots_a,
            {**TEXTS, "VI": "không có trong đề cương"},
        )
        assert set(report.sections) == {"I", "II", "III", "IV", "V"}

    def test_a_submitted_report_can_no_longer_be_changed(self, seed004, request_004):
        unit = seed004.tree.grassroots_a
        written_and_sent(seed004, request_004, unit)
        assert "không thể sửa nữa" in refused(write, seed004, request_004, unit)
        assert "Báo cáo đã được gửi" in refused(
            reports.submit_report, seed004.staff_grassroots, request_004, unit, now=EARLY
        )

    def test_a_unit_that_owes_no_report_cannot_write_one(self, seed004, request_004):
        # A cell inside the đảng bộ reports to its đảng bộ, not to the district.
        with pytest.raises(PermissionDenied):
            reports.save_report_draft(
                seed004.secretary_cell_a1, request_004, seed004.tree.cell_a1, TEXTS, now=EARLY
            )
        with pytest.raises(PermissionDenied):
            reports.save_report_draft(
                seed004.staff_district, request_004, seed004.tree.grassroots_a, TEXTS, now=EARLY
            )


class TestReopening:
    def test_the_districts_staff_send_it_back_with_a_reason(self, seed004, request_004):
        unit = seed004.tree.grassroots_a
        report = written_and_sent(seed004, request_004, unit)
        assert "lý do" in refused(reports.reopen_report, seed004.staff_district, report, " ")
        report = reports.reopen_report(seed004.staff_district, report, "Bổ sung số liệu mục II.")
        assert report.state == ReportState.DRAFT and report.submitted_at is None
        write(seed004, request_004, unit, {**TEXTS, "II": TEXTS["II"] + " 45 đảng viên."})
        assert reports.submit_report(
            seed004.staff_grassroots, request_004, unit, now=EARLY
        ).is_submitted

    def test_the_standing_member_and_the_unit_cannot_reopen(self, seed004, request_004):
        report = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        for user in (seed004.standing_district, seed004.staff_grassroots):
            with pytest.raises(PermissionDenied):
                reports.reopen_report(user, report, "Bổ sung.")


# --- the pages ---------------------------------------------------------------------------------


def page(name, seed, request, **kwargs):
    return reverse(
        f"reports:{name}", kwargs={"code": seed.campaign.code, "report": request.code, **kwargs}
    )


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


class TestEditorPage:
    def test_the_unit_writes_section_by_section_and_saves(self, en, seed004, request_004):
        en.force_login(seed004.staff_grassroots)
        address = page("edit", seed004, request_004)
        body = en.get(address).content.decode()
        assert "I. Công tác lãnh đạo, chỉ đạo, tổ chức thực hiện" in body
        assert "chuyên đề toàn khóa" in body  # the outline's guidance under the section
        response = en.post(address, {"section_i": TEXTS["I"], "action": "save"})
        assert response.status_code == 302
        report = UnitReport.objects.get(unit=seed004.tree.grassroots_a)
        assert report.text_of("I") == TEXTS["I"] and report.state == ReportState.DRAFT

    def test_after_the_deadline_submitting_keeps_the_draft_and_says_why(
        self, en, seed004, request_004
    ):
        en.force_login(seed004.staff_grassroots)
        data = {f"section_{n.lower()}": text for n, text in TEXTS.items()}
        response = en.post(page("edit", seed004, request_004), {**data, "action": "submit"})
        # The seed's deadline is long past.
        assert response.status_code == 400
        assert "23 h 59 min 59 s on 30/03/2023 (Vietnam time)" in response.content.decode()
        assert UnitReport.objects.get(unit=seed004.tree.grassroots_a).text_of("IV")

    def test_submitting_through_the_page_before_the_deadline(self, en, seed004, request_004):
        request_004.due_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
        request_004.save()
        en.force_login(seed004.staff_mass_org)
        data = {f"section_{n.lower()}": text for n, text in TEXTS.items()}
        response = en.post(page("edit", seed004, request_004), {**data, "action": "submit"})
        assert response.status_code == 302
        assert UnitReport.objects.get(unit=seed004.tree.mass_org_a).is_submitted

    def test_a_cell_below_the_dang_bo_gets_403_outside_the_district_404(
        self, en, seed004, request_004
    ):
        en.force_login(seed004.secretary_cell_a1)
        assert en.get(page("edit", seed004, request_004)).status_code == 403
        en.force_login(seed004.staff_district_b)
        assert en.get(page("edit", seed004, request_004)).status_code == 404


class TestDistrictPages:
    def test_the_overview_shows_who_has_sent_and_who_is_late(self, en, seed004, request_004):
        written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        write(seed004, request_004, seed004.tree.mass_org_a)
        en.force_login(seed004.staff_district)
        response = en.get(page("overview", seed004, request_004))
        rows = {row["unit"].code: row for row in response.context["rows"]}
        assert set(rows) == {"QA-P1", "QA-CBCS", "QA-MTTQ"}
        assert rows["QA-P1"]["submitted"] and not rows["QA-P1"]["late"]
        assert rows["QA-MTTQ"]["late"] and rows["QA-CBCS"]["late"]  # the deadline has passed
        body = response.content.decode()
        assert "1 of 3 units have submitted." in body
        assert body.count('data-testid="late"') == 2

    @pytest.mark.parametrize("name", ["overview", "consolidated"])
    def test_a_filing_unit_gets_403_another_district_404(self, en, seed004, request_004, name):
        en.force_login(seed004.staff_grassroots)
        assert en.get(page(name, seed004, request_004)).status_code == 403
        en.force_login(seed004.staff_district_b)
        assert en.get(page(name, seed004, request_004)).status_code == 404

    def test_side_by_side_aligns_the_sections(self, en, seed004, request_004):
        first = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        second = written_and_sent(
            seed004,
            request_004,
            seed004.tree.mass_org_a,
            {**TEXTS, "III": "Kinh phí cho mô hình còn hạn chế."},
        )
        en.force_login(seed004.standing_district)
        response = en.get(
            page("compare", seed004, request_004), {"unit": [first.public_id, second.public_id]}
        )
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [r["section"]["number"] for r in rows] == ["I", "II", "III", "IV", "V"]
        assert rows[2]["texts"] == [TEXTS["III"], "Kinh phí cho mô hình còn hạn chế."]

    def test_side_by_side_needs_two_or_three_submitted_reports(self, en, seed004, request_004):
        first = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        draft = write(seed004, request_004, seed004.tree.mass_org_a)
        en.force_login(seed004.staff_district)
        address = page("compare", seed004, request_004)
        assert en.get(address, {"unit": [first.public_id]}).status_code == 302
        assert en.get(address, {"unit": [first.public_id, draft.public_id]}).status_code == 404

    def test_side_by_side_from_outside_404_wrong_role_403(self, en, seed004, request_004):
        first = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        second = written_and_sent(seed004, request_004, seed004.tree.mass_org_a)
        query = {"unit": [first.public_id, second.public_id]}
        en.force_login(seed004.staff_district_b)
        assert en.get(page("compare", seed004, request_004), query).status_code == 404
        en.force_login(seed004.staff_mass_org)
        assert en.get(page("compare", seed004, request_004), query).status_code == 403

    def test_one_report_is_read_by_its_unit_and_the_district_only(self, en, seed004, request_004):
        report = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        address = reverse("reports:detail", args=[report.public_id])
        for user, status in (
            (seed004.staff_district, 200),
            (seed004.standing_district, 200),
            (seed004.staff_grassroots, 200),
            (seed004.staff_mass_org, 404),  # outside its subtree
            (seed004.secretary_cell_a1, 404),  # below the đảng bộ
            (seed004.staff_district_b, 404),
        ):
            en.force_login(user)
            assert en.get(address).status_code == status, user.unit.code

    def test_a_cell_secretary_above_whom_the_report_sits_gets_403(self, en, seed004, request_004):
        report = written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        cell_secretary_of_district = UserFactory(
            unit=seed004.tree.district_a, role=Role.CELL_SECRETARY
        )
        en.force_login(cell_secretary_of_district)
        assert en.get(reverse("reports:detail", args=[report.public_id])).status_code == 403

    def test_the_uploaded_file_is_served_to_the_district(self, en, seed004, request_004):
        unit = seed004.tree.grassroots_cell_a
        write(seed004, request_004, unit, {}, uploaded_file=upload("so-ket.pdf"))
        report = reports.submit_report(
            seed004.secretary_grassroots_cell, request_004, unit, now=EARLY
        )
        en.force_login(seed004.staff_district)
        response = en.get(reverse("reports:file", args=[report.public_id]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        en.force_login(seed004.staff_mass_org)
        assert en.get(reverse("reports:file", args=[report.public_id])).status_code == 404

    def test_the_campaign_page_links_the_reports(self, en, seed004, request_004):
        en.force_login(seed004.staff_district)
        body = en.get(reverse("reports:list", args=[seed004.campaign.code])).content.decode()
        assert page("overview", seed004, request_004) in body
        en.force_login(seed004.staff_grassroots)
        body = en.get(reverse("reports:list", args=[seed004.campaign.code])).content.decode()
        assert page("edit", seed004, request_004) in body
        assert page("overview", seed004, request_004) not in body


class TestQueryCounts:
    def more_units(self, seed, request, count):
        for i in range(count):
            unit = UnitFactory(
                parent=seed.tree.district_a,
                kind=UnitKind.DOAN_THE,
                code=f"QA-DT{i}",
                name=f"Đoàn thể {i}",
            )
            staff = UserFactory(unit=unit, role=Role.STAFF)
            reports.save_report_draft(staff, request, unit, TEXTS, now=EARLY)
            reports.submit_report(staff, request, unit, now=EARLY)

    @pytest.mark.parametrize("size", [2, 12])
    def test_the_overview_does_not_grow(self, en, seed004, request_004, size, queries):
        self.more_units(seed004, request_004, size)
        en.force_login(seed004.staff_district)
        with queries.at_most(12):
            queries.of_page(en, page("overview", seed004, request_004))

    @pytest.mark.parametrize("size", [2, 12])
    def test_the_consolidated_file_does_not_grow(self, en, seed004, request_004, size, queries):
        self.more_units(seed004, request_004, size)
        en.force_login(seed004.staff_district)
        with queries.at_most(14):
            queries.of_page(en, page("consolidated", seed004, request_004))


class TestConsolidatedDocx:
    def test_every_submitted_report_section_by_section(self, en, seed004, request_004):
        written_and_sent(seed004, request_004, seed004.tree.grassroots_a)
        written_and_sent(
            seed004,
            request_004,
            seed004.tree.mass_org_a,
            {**TEXTS, "I": "Ủy ban MTTQ ban hành hướng dẫn số 05-HD/MT."},
        )
        write(seed004, request_004, seed004.tree.grassroots_cell_a)  # a draft: left out
        en.force_login(seed004.staff_district)
        response = en.get(page("consolidated", seed004, request_004))
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        document = Document(io.BytesIO(response.content))
        lines = [p.text for p in document.paragraphs]
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in c for c in cells)
        assert any("QUẬN ỦY NINH KIỀU" in c for c in cells)
        assert "TỔNG HỢP BÁO CÁO CỦA CÁC ĐƠN VỊ" in lines
        heading_i = lines.index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN")
        heading_ii = next(i for i, line in enumerate(lines) if line.startswith("II. KẾT QUẢ"))
        section_i = lines[heading_i:heading_ii]
        assert section_i == [
            "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN",
            "Đảng ủy phường An Hòa:",
            TEXTS["I"],
            "Ủy ban MTTQ Việt Nam quận Ninh Kiều:",
            "Ủy ban MTTQ ban hành hướng dẫn số 05-HD/MT.",
        ]
        # A paragraph break in a unit's text stays a paragraph.
        assert "Xây dựng 3 mô hình dân vận khéo." in lines
        assert "Chưa gửi báo cáo: Chi bộ Trường THPT Châu Văn Liêm." in lines
        assert "Đã nhận báo cáo của 2/3 đơn vị" in " ".join(lines)

    def test_with_no_report_yet_it_says_so(self, seed004, request_004):
        html = consolidated.consolidated_html(request_004)
        assert "Chưa có đơn vị nào gửi báo cáo" in html
