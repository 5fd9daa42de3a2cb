"""The conference's papers: the invitations (one page each, every tone mark, the time in the
Party's words, no page number), the list of the day as PDF and Excel (read back), the downloads'
permissions."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.conference_selectors import day_list
from committees.models import Role
from dossiers.documents import conference as papers
from tests.awards.conference_fixtures import people
from tests.dossiers.documents.helpers import docx_text, pdf_reader, pdf_text, top_margin_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: every tone (ngang, huyền, hỏi, ngã, sắc, nặng) and the letters Ă Â Đ Ê Ô Ơ Ư
TONED = (
    "Nguyễn Thị Thu Hằng",
    "Phạm Ngọc Thủy",
    "Đỗ Văn Dũng",
    "Lê Thị Ánh Tuyết",
    "Trần Thị Phượng",
    "Hồ Văn Ơn",
)


@pytest.fixture
def honored(conf):
    tree = conf.seed.tree
    for person in people(conf, tree.cell_a1, *TONED[:4], position="Bí thư Chi bộ khu vực 1"):
        conf.honor(person)
    for person in people(conf, tree.grassroots_cell_a, *TONED[4:], position="Giáo viên"):
        conf.honor(person)
    conf.honor(collective=tree.cell_a2, filing_unit=tree.grassroots_a, form_code="bang-khen")
    return conf


def data(world):
    return papers.document(day_list(world.conference))


def test_one_invitation_per_honored_with_every_tone_mark_and_the_time_in_words(honored):
    content = papers.invitations_pdf(data(honored))

    reader = pdf_reader(content)
    assert len(reader.pages) == 7
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = pdf_text(content)
    for name in TONED:
        assert sum(f"Đồng chí {name}," in page for page in pages) == 1, name
    first = next(page for page in pages if "Ánh Tuyết" in page)
    for line in (
        "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
        "QUẬN ỦY NINH KIỀU",
        "Số 25-GM/QU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Ninh Kiều, ngày 20 tháng 01 năm 2025",
        "GIẤY MỜI",
        "Ban Thường vụ Quận ủy Ninh Kiều trân trọng kính mời:",
        "Đồng chí Lê Thị Ánh Tuyết, Bí thư Chi bộ khu vực 1, Chi bộ khu vực 1, "
        "Đảng ủy phường An Hòa",
        "Đến dự: Hội nghị biểu dương bí thư chi bộ ấp, khu vực và đảng viên tiêu biểu.",
        "Thời gian: 08 giờ 00 phút, ngày 03 tháng 02 năm 2025 (thứ Hai).",
        "Địa điểm: Hội trường Quận ủy Ninh Kiều.",
        "Trang phục: Nam áo sơ mi trắng, thắt cà vạt.",
        "T/L BAN THƯỜNG VỤ",
        "CHÁNH VĂN PHÒNG",
        "Lê Thị Hồng Nhung",
    ):
        assert line in first, line
    assert "Đồng chí đại diện Chi bộ khu vực 2, Đảng ủy phường An Hòa" in text
    # Each page is a letter of its own: no page number at the top.
    assert all(top_margin_text(reader, index) == "" for index in range(len(reader.pages)))


def test_without_a_number_room_is_left_for_it(honored):
    honored.conference.number = ""

    text = pdf_text(papers.invitations_pdf(data(honored)))

    assert "Số -GM/QU" in text


def test_the_invitations_in_word_carry_the_same_text_without_page_numbers(honored):
    from docx import Document

    content = papers.invitations_docx(data(honored))

    text = docx_text(content)
    assert text.count("GIẤY MỜI") == 7
    assert "Đồng chí Trần Thị Phượng, Giáo viên, Chi bộ Trường THPT Châu Văn Liêm" in text
    assert "Thời gian: 08 giờ 00 phút, ngày 03 tháng 02 năm 2025 (thứ Hai)." in text
    header = Document(io.BytesIO(content)).sections[0].header
    assert "PAGE" not in header._element.xml


def test_the_list_of_the_day_in_pdf(honored):
    text = pdf_text(papers.list_pdf(data(honored)))

    assert "DANH SÁCH NHẬN KHEN THƯỞNG" in text
    assert (
        "(Theo Quyết định số 15-QĐ/QU ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều)" in text
    )
    assert "Thời gian: 08 giờ 00 phút, ngày 03 tháng 02 năm 2025 (thứ Hai)" in text
    for name in TONED:
        assert name in text
    assert "Đảng ủy phường An Hòa (5; Hàng 1–3)" in text
    assert "Chi bộ Trường THPT Châu Văn Liêm (2; Hàng 4)" in text
    assert "Danh sách có 7 tập thể, cá nhân." in text


def test_the_list_of_the_day_in_excel_reads_back_in_order_with_seats(honored):
    workbook = load_workbook(io.BytesIO(papers.list_xlsx(data(honored))))

    sheet = workbook["Danh sách"]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=6)]
    assert rows[0] == (
        "STT",
        "Họ và tên",
        "Chức vụ, đơn vị",
        "Hình thức khen thưởng",
        "Hàng",
        "Ghế",
        "Ký nhận",
    )
    assert rows[1][0] == "Đảng ủy phường An Hòa (5; Hàng 1–3)"
    people_rows = [row for row in rows[1:] if isinstance(row[0], int)]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in people_rows] == [
        (1, "Chi bộ khu vực 2", "Bằng khen", 1, 1),
        (2, "Đỗ Văn Dũng", "Giấy khen", 1, 2),
        (3, "Nguyễn Thị Thu Hằng", "Giấy khen", 2, 1),
        (4, "Phạm Ngọc Thủy", "Giấy khen", 2, 2),
        (5, "Lê Thị Ánh Tuyết", "Giấy khen", 3, 1),
        (6, "Hồ Văn Ơn", "Giấy khen", 4, 1),
        (7, "Trần Thị Phượng", "Giấy khen", 4, 2),
    ]
    assert people_rows[4][2] == "Bí thư Chi bộ khu vực 1, Chi bộ khu vực 1, Đảng ủy phường An Hòa"
    seats = workbook["Chỗ ngồi"]
    assert [tuple(c.value for c in row) for row in seats.iter_rows(min_row=7)] == [
        (1, "Đảng ủy phường An Hòa", 5, "Hàng 1–3", 2),
        (2, "Chi bộ Trường THPT Châu Văn Liêm", 2, "Hàng 4", 2),
    ]


def test_text_typed_as_a_formula_stays_text_in_the_excel_list(conf):
    (person,) = people(conf, conf.seed.tree.cell_a1, "Nguyễn Văn An", position="=HYPERLINK(1)")
    conf.honor(person)

    sheet = load_workbook(io.BytesIO(papers.list_xlsx(data(conf))))["Danh sách"]

    cell = sheet.cell(row=8, column=3)
    assert cell.value.startswith("=HYPERLINK(1)") and cell.data_type == "s"


# --- the downloads -------------------------------------------------------------------------------


URLS = ("documents:invitations", "documents:conference-list-pdf", "documents:conference-list-xlsx")


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("role", [Role.STAFF, Role.STANDING_MEMBER, Role.ADMIN])
def test_the_units_staff_standing_members_and_admins_download_them(client, honored, name, role):
    client.force_login(UserFactory(unit=honored.district, role=role))

    response = client.get(reverse(name, args=[honored.conference.public_id]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_invitations_in_word_are_a_format_away_and_other_formats_are_not(client, honored):
    client.force_login(honored.seed.staff_district_a)
    url = reverse("documents:invitations", args=[honored.conference.public_id])

    assert client.get(url, {"format": "docx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert client.get(url, {"format": "xlsx"}).status_code == 404


@pytest.mark.parametrize("name", URLS)
def test_outside_the_subtree_404_and_the_wrong_role_403(client, honored, name):
    url = reverse(name, args=[honored.conference.public_id])
    client.force_login(honored.seed.staff_district_b)
    assert client.get(url).status_code == 404
    client.force_login(honored.seed.staff_city)  # above: sees it, but it is not the city's
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(unit=honored.district, role=Role.CELL_SECRETARY))
    assert client.get(url).status_code == 403


# --- looking at them -----------------------------------------------------------------------------


@pytest.mark.skipif(not os.environ.get("LOOK_AT_PAPERS"), reason="LOOK_AT_PAPERS=dir to write them")
def test_write_the_papers_to_look_at(honored, libreoffice):
    folder = Path(os.environ["LOOK_AT_PAPERS"])
    folder.mkdir(parents=True, exist_ok=True)
    values = data(honored)
    (folder / "giay-moi.pdf").write_bytes(papers.invitations_pdf(values))
    (folder / "danh-sach.pdf").write_bytes(papers.list_pdf(values))
    docx = papers.invitations_docx(values)
    (folder / "giay-moi.docx").write_bytes(docx)
    (folder / "giay-moi-word.pdf").write_bytes(libreoffice.to_pdf(docx))
    (folder / "danh-sach.xlsx").write_bytes(papers.list_xlsx(values))


@pytest.mark.skipif(not os.environ.get("LOOK_AT_PAPERS"), reason="LOOK_AT_PAPERS=dir to write them")
def test_write_a_long_list_to_look_at(honored):
    tree = honored.seed.tree
    for unit in (tree.cell_a1, tree.cell_a2, tree.grassroots_cell_a):
        names = [f"Nguyễn Thị Ngọc Số {n}" for n in range(12)]
        for person in people(honored, unit, *names, position="Phó Bí thư Chi bộ, Trưởng ban"):
            honored.honor(person)
    folder = Path(os.environ["LOOK_AT_PAPERS"])
    (folder / "danh-sach-dai.pdf").write_bytes(papers.list_pdf(data(honored)))


def test_the_longest_texts_the_form_allows_still_fit_one_page_per_invitation(conf):
    """Every field of the form at its limit, and a long position as the people's records hold
    them: still one page per invitation (a position of hundreds of characters would not be)."""
    from awards.conference_services import LIMITS

    position = (
        "Phó Bí thư Chi bộ, Trưởng ban Công tác Mặt trận khu vực 1, kiêm Tổ trưởng Tổ dân phố 5"
    )
    (person,) = people(conf, conf.seed.tree.cell_a1, "Nguyễn Thị Ngọc Phượng", position=position)
    conf.honor(person)
    conf.honor(collective=conf.seed.tree.cell_a2, filing_unit=conf.seed.tree.grassroots_a)
    conference = conf.conference
    conference.title = ("Hội nghị biểu dương " * 20)[: LIMITS["title"]]
    conference.place = ("Hội trường lớn, số 1 đường Hòa Bình " * 10)[: LIMITS["place"]]
    conference.dress = ("Áo sơ mi trắng " * 20)[: LIMITS["dress"]]
    conference.note = ("Đề nghị đồng chí có mặt trước 15 phút để nhận chỗ. " * 40)[: LIMITS["note"]]

    content = papers.invitations_pdf(data(conf))
    if os.environ.get("LOOK_AT_PAPERS"):
        Path(os.environ["LOOK_AT_PAPERS"], "giay-moi-dai.pdf").write_bytes(content)

    assert len(pdf_reader(content).pages) == 2
