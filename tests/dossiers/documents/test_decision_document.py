"""The decision (quyết định) as a document: its Party-format text in the PDF and the Word file
(names with every tone mark, the number and the date line, the annex and its count), a draft's
blanks and mark, an annulment's wording, and who may download it.

Decisions and their annex lines are written straight to the tables here: the documents only
read them, whatever service wrote them."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Decision, DecisionEntry, DecisionKind
from committees.models import Person, Role
from dossiers.documents import decisions, rendering
from nominations.models import Nomination, NominationState
from tests.factories import UserFactory

from .conftest import place_district
from .helpers import docx_text, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2025, 1, 20)
#: every Vietnamese tone mark (sắc, huyền, hỏi, ngã, nặng) on several vowels, and Đ
NAMES = [
    "Đặng Thị Ngọc Ánh",  # Đ, nặng, sắc
    "Nguyễn Văn Hưởng",  # ngã, hỏi on ươ
    "Lê Thị Mỹ Duyên",  # ngã on y
    "Phạm Quốc Việt",  # nặng, sắc on ô
    "Trần Thị Thủy",  # huyền, hỏi on u
    "Hồ Ngọc Đoàn",  # huyền, nặng, Đ
    "Võ Thị Kiều Oanh",  # ngã, huyền on ê
    "Huỳnh Bá Lộc",  # huyền, sắc, nặng on ô
]
POSITIONS = ["Bí thư Chi bộ khu vực 1", "Đảng viên", "Phó Bí thư Chi bộ khu vực 2"]


@dataclass
class Issued:
    decision: Decision
    nominations: list[Nomination]


def honored_nomination(seed, name: str, position: str) -> Nomination:
    """An honored nomination written straight to the table (the document reads only the
    decision's lines; the nomination is there for the foreign key)."""
    person = Person.objects.create(
        code=f"P{Person.objects.count():06d}",
        full_name=name,
        unit=seed.tree.cell_a1,
        position=position,
    )
    return Nomination.objects.create(
        campaign=seed.campaign,
        category=seed.members,
        person=person,
        filing_unit=seed.tree.cell_a1,
        level=seed.district,
        reviewing_unit=seed.tree.district_a,
        honored_level=seed.district,
        state=NominationState.HONORED,
        achievement_summary="Gương mẫu, nhiều sáng kiến.",
        filed_by=seed.secretary_a1,
    )


def make_decision(seed, *, issued: bool = True, number: int = 15, **fields) -> Decision:
    values = {
        "campaign": seed.campaign,
        "level": seed.district,
        "unit": seed.tree.district_a,
        "form_code": "giay-khen",
        "subject": "về việc biểu dương bí thư chi bộ và đảng viên tiêu biểu năm 2025",
        "bases": [
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam",
            "Căn cứ Quy chế làm việc của Quận ủy Ninh Kiều khóa XIII, nhiệm kỳ 2020 - 2025",
        ],
        "articles": [
            "Tặng Giấy khen cho 08 đồng chí có tên trong danh sách kèm theo.",
            "Kèm theo Giấy khen, mỗi cá nhân được thưởng theo quy định hiện hành.",
            "Văn phòng, Ban Tổ chức Quận ủy và các đồng chí có tên tại Điều 1 căn cứ Quyết "
            "định thi hành.",
        ],
        "recipients": ["Như Điều 3", "Ban Tổ chức Thành ủy (để báo cáo)", "Lưu Văn phòng"],
        "signer_name": "Nguyễn Văn Ký",
        "created_by": seed.staff_district_a,
    }
    if issued:
        values.update(
            number=number,
            year=ISSUED_ON.year,
            issued_on=ISSUED_ON,
            issued_at=timezone.now(),
            issued_by=seed.staff_district_a,
        )
    values.update(fields)
    return Decision.objects.create(**values)


def add_entries(decision: Decision, nominations: list[Nomination]) -> None:
    DecisionEntry.objects.bulk_create(
        DecisionEntry(
            decision=decision,
            nomination=nomination,
            order=i,
            form_code="giay-khen",
            nominee_name=nomination.person.full_name,
            position=nomination.person.position,
            unit_name="Chi bộ khu vực 1, Đảng ủy phường An Hòa",
            # Not live on a draft here: the annex prints every line, live or not (an annulled
            # decision still reads as it was issued).
            live=decision.is_issued,
        )
        for i, nomination in enumerate(nominations, start=1)
    )


@pytest.fixture
def issued(seed000) -> Issued:
    place_district(seed000)
    nominations = [
        honored_nomination(seed000, name, POSITIONS[i % len(POSITIONS)])
        for i, name in enumerate(NAMES)
    ]
    decision = make_decision(seed000)
    add_entries(decision, nominations)
    return Issued(decision=decision, nominations=nominations)


def render(decision: Decision, fmt: str) -> bytes:
    fresh = decisions.decision_for_document(
        Decision.objects.unscoped("a test reads back what it wrote"), decision.public_id
    )
    return rendering.write(decisions.decision_document(fresh), fmt)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- the document's data ------------------------------------------------------------------------


def test_the_letterhead_number_and_date_are_in_the_party_format(issued):
    document = decisions.decision_document(issued.decision)
    letterhead = document["letterhead"]
    assert letterhead.superior == "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ"
    assert letterhead.issuing == "QUẬN ỦY NINH KIỀU"
    assert letterhead.number == "Số 15-QĐ/QU"
    assert letterhead.date_line == "Ninh Kiều, ngày 20 tháng 01 năm 2025"
    assert (letterhead.on_behalf, letterhead.signer_title) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    assert letterhead.recipients == [
        "- Như Điều 3,",
        "- Ban Tổ chức Thành ủy (để báo cáo),",
        "- Lưu Văn phòng.",
    ]
    assert document["issuer"] == "BAN THƯỜNG VỤ QUẬN ỦY NINH KIỀU"
    # "2020 - 2025" never wraps at its dash (the next line would read as a new "- " item)
    assert document["bases"][1].endswith("nhiệm kỳ 2020\u00a0-\u00a02025;")
    assert document["consideration"] == "Xét đề nghị của Ban Tổ chức Quận ủy Ninh Kiều,"
    assert [a["label"] for a in document["articles"]] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert document["articles"][-1]["text"].endswith("thi hành./.")
    assert document["annex"]["reference"] == (
        "(Kèm theo Quyết định số 15-QĐ/QU, ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều)"
    )
    assert [r["name"] for r in document["annex"]["rows"]] == NAMES
    assert document["annex"]["count"] == "Danh sách có 08 đồng chí./."


def test_stored_labels_and_bases_without_their_opening_are_normalised(seed000):
    place_district(seed000)
    decision = make_decision(
        seed000,
        bases=["Quy chế làm việc của Quận ủy.", "Xét đề nghị của Văn phòng Quận ủy"],
        articles=["Điều 1. Tặng Giấy khen.", "Điều 2: Thi hành./."],
        recipients=["- Như Điều 3,", "", "Lưu VP."],
    )
    document = decisions.decision_document(decision)
    assert document["bases"] == [
        "Căn cứ quy chế làm việc của Quận ủy;",
        "Xét đề nghị của Văn phòng Quận ủy;",
    ]
    assert document["consideration"] == ""  # the bases already name who proposed it
    assert [a["text"] for a in document["articles"]] == ["Tặng Giấy khen.", "Thi hành./."]
    assert document["letterhead"].recipients == ["- Như Điều 3,", "- Lưu VP."]


def test_a_named_appraising_body_is_cited_by_its_name(seed000):
    place_district(seed000)
    seed000.tree.district_a.bodies.create(
        kind="organisation_committee", name="Ban Tổ chức Quận ủy", member_count=5
    )
    decision = make_decision(seed000)
    assert decisions.consideration_line(decision) == "Xét đề nghị của Ban Tổ chức Quận ủy,"


def test_the_document_takes_the_same_queries_for_any_number_of_lines(issued, seed000, queries):
    def build(decision):
        return lambda: decisions.decision_document(
            decisions.decision_for_document(
                Decision.objects.unscoped("a test reads back what it wrote"), decision.public_id
            )
        )

    few = queries.of(build(issued.decision))
    larger = make_decision(seed000, number=17)
    add_entries(
        larger, [honored_nomination(seed000, f"Lý Thị Bé {i}", "Đảng viên") for i in range(30)]
    )
    assert queries.of(build(larger)) == few <= 6


def test_the_file_name_carries_the_number(issued):
    assert decisions.file_stem(issued.decision) == "quyet-dinh-15-QD-QU-2025"


# --- the PDF ------------------------------------------------------------------------------------


def test_the_pdf_reads_as_the_decision_with_its_annex(issued):
    content = render(issued.decision, "pdf")
    text = pdf_text(content)
    assert is_nfc(text)
    for expected in (
        "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
        "QUẬN ỦY NINH KIỀU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 15-QĐ/QU",
        "Ninh Kiều, ngày 20 tháng 01 năm 2025",
        "QUYẾT ĐỊNH về việc biểu dương bí thư chi bộ và đảng viên tiêu biểu năm 2025",
        "BAN THƯỜNG VỤ QUẬN ỦY NINH KIỀU",
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "- Xét đề nghị của Ban Tổ chức Quận ủy Ninh Kiều,",
        "Điều 1. Tặng Giấy khen cho 08 đồng chí",
        "Điều 3.",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ",
        "Nguyễn Văn Ký",
        "DANH SÁCH",
        "(Kèm theo Quyết định số 15-QĐ/QU, ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều)",
        "STT Họ và tên Chức vụ Đơn vị Hình thức khen thưởng",
        "Danh sách có 08 đồng chí./.",
    ):
        assert expected in text, expected
    for name in NAMES:
        assert name in text, name
    assert text.count("Giấy khen") >= len(NAMES)  # the form on every annex line
    assert "DỰ THẢO" not in text


def test_the_annex_starts_on_a_page_of_its_own(issued):
    reader = pdf_reader(render(issued.decision, "pdf"))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    # The page number (from page 2) comes first in the text of a page.
    annex_page = next(i for i, page in enumerate(pages) if "DANH SÁCH" in page[:20])
    assert annex_page >= 1
    assert all("DANH SÁCH" not in page for page in pages[:annex_page])
    assert all(name not in " ".join(pages[:annex_page]) for name in NAMES)


def test_the_annex_counts_every_line(seed000):
    place_district(seed000)
    nominations = [
        honored_nomination(seed000, f"Nguyễn Thị Thanh Hằng {i}", "Đảng viên") for i in range(23)
    ]
    decision = make_decision(seed000, number=16)
    add_entries(decision, nominations)
    text = pdf_text(render(decision, "pdf"))
    assert "Danh sách có 23 đồng chí./." in text
    assert all(f"Nguyễn Thị Thanh Hằng {i} " in text + " " for i in range(23))


# --- the Word file ------------------------------------------------------------------------------


def test_the_word_file_has_the_same_text(issued):
    text = docx_text(render(issued.decision, "docx"))
    assert is_nfc(text)
    for expected in (
        "Số 15-QĐ/QU",
        "Ninh Kiều, ngày 20 tháng 01 năm 2025",
        "BAN THƯỜNG VỤ QUẬN ỦY NINH KIỀU",
        "Điều 1. Tặng Giấy khen",
        "(Kèm theo Quyết định số 15-QĐ/QU, ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều)",
        "Danh sách có 08 đồng chí./.",
    ):
        assert expected in text, expected
    for name in NAMES:
        assert name in text, name


def test_libreoffice_opens_the_word_file_as_the_pdf_reads(issued, libreoffice):
    converted = libreoffice.to_pdf(render(issued.decision, "docx"))
    text = pdf_text(converted)
    for expected in (
        "Số 15-QĐ/QU",
        "Ninh Kiều, ngày 20 tháng 01 năm 2025",
        "Danh sách có 08 đồng chí./.",
    ):
        assert expected in text, expected
    for name in NAMES:
        assert name in text, name
    pages = [" ".join(p.extract_text().split()) for p in pdf_reader(converted).pages]
    assert "DANH SÁCH" not in pages[0]  # the annex on a page of its own there too


# --- a draft and an annulment -------------------------------------------------------------------


def test_a_draft_has_blanks_for_its_number_and_date_and_says_so(seed000):
    place_district(seed000)
    decision = make_decision(seed000, issued=False)
    add_entries(decision, [honored_nomination(seed000, NAMES[0], "Đảng viên")])
    document = decisions.decision_document(decision)
    assert document["is_draft"]
    assert document["letterhead"].number == "Số \u00a0\u00a0\u00a0\u00a0\u00a0-QĐ/QU"
    year = timezone.localdate().year
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(render(decision, fmt))
        assert text.count("DỰ THẢO") == 2, fmt  # over the decision and over its annex
        assert "Số 15" not in text and "15-QĐ" not in text
        assert "Số -QĐ/QU" in " ".join(text.replace("\u00a0", " ").split()), fmt
        assert f"Ninh Kiều, ngày tháng năm {year}" in " ".join(
            text.replace("\u00a0", " ").split()
        ), fmt
        assert NAMES[0] in text
    assert decisions.file_stem(decision).startswith("du-thao-quyet-dinh-")


def test_an_annulment_names_what_it_annuls_and_has_no_annex(issued, seed000):
    annulment = make_decision(
        seed000,
        number=21,
        issued_on=datetime.date(2025, 3, 3),
        kind=DecisionKind.ANNUL,
        annuls=issued.decision,
        subject="về việc hủy bỏ Quyết định số 15-QĐ/QU",
        articles=[],
    )
    document = decisions.decision_document(annulment)
    assert document["annex"] is None
    first = document["articles"][0]["text"]
    assert first.startswith("Hủy bỏ Quyết định số 15-QĐ/QU ngày 20/01/2025 của Ban Thường vụ")
    text = pdf_text(render(annulment, "pdf"))
    assert "Số 21-QĐ/QU" in text
    assert "Ninh Kiều, ngày 03 tháng 3 năm 2025" in text
    assert "Điều 1. Hủy bỏ Quyết định số 15-QĐ/QU ngày 20/01/2025" in text
    assert "DANH SÁCH" not in text and NAMES[0] not in text
    assert "DANH SÁCH" not in docx_text(render(annulment, "docx"))


# --- who may download it ------------------------------------------------------------------------


def url(decision: Decision, fmt: str) -> str:
    return reverse(f"documents:decision-{fmt}", args=[decision.public_id])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_units_staff_download_it(client, issued, fmt):
    client.force_login(issued.decision.created_by)
    response = client.get(url(issued.decision, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == rendering.CONTENT_TYPES[fmt]
    assert f'filename="quyet-dinh-15-QD-QU-2025.{fmt}"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content) if fmt == "pdf" else docx_text(response.content)
    assert "Số 15-QĐ/QU" in text


def test_standing_members_and_the_level_above_read_it(client, issued, seed000):
    for user in (seed000.standing_district_a, seed000.staff_city, seed000.standing_city):
        client.force_login(user)
        assert client.get(url(issued.decision, "pdf")).status_code == 200, user.role


def test_outside_the_subtree_it_does_not_exist(client, issued, seed000):
    for user in (seed000.staff_district_b, seed000.staff_grassroots_a, seed000.secretary_a1):
        client.force_login(user)
        assert client.get(url(issued.decision, "pdf")).status_code == 404, user


def test_a_cell_secretary_may_not_have_it_even_inside_the_subtree(client, seed000):
    place_district(seed000)
    decision = make_decision(seed000, unit=seed000.tree.cell_a1)
    client.force_login(seed000.secretary_a1)
    assert client.get(url(decision, "pdf")).status_code == 403
    client.force_login(UserFactory(unit=seed000.tree.cell_a1, role=Role.ADMIN))
    assert client.get(url(decision, "pdf")).status_code == 200


def test_anonymous_visitors_log_in_first(client, issued):
    response = client.get(url(issued.decision, "pdf"))
    assert response.status_code == 302
