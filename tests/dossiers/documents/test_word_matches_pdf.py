"""Every kind of document as a Word file a clerk can send as it is: the DOCX, opened by LibreOffice
(converted to PDF headless), has the PDF's page count and its text in the same order; no cell
starts with an empty paragraph; rows and signature blocks are never split; a heading stays with
its table; no page is blank; two tables never touch (they would merge); every cell's longest word
fits its column.

The documents are built once and each Word file converted once per test session (``soffice`` is
slow). With ``DOCX_CHECK_DIR=/some/folder`` the PDFs, the Word files and LibreOffice's PDFs are
also written there, to look at them as images (``pdftoppm -png``).
"""

from __future__ import annotations

import datetime
import io
import itertools
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from awards.models import Decision, DecisionEntry, DecisionKind
from campaigns.models import DocumentRequirement
from committees.models import Role
from dossiers.documents import context, decisions, docx, rendering
from tests.factories import PersonFactory, UserFactory

from .helpers import pdf_reader

pytestmark = pytest.mark.django_db

#: name → (the WeasyPrint PDF, the DOCX, LibreOffice's PDF of the DOCX), filled once
RENDERED: dict[str, tuple[bytes, bytes, bytes]] = {}

KINDS_000 = (
    "to_trinh_district",
    "to_trinh_ward",
    "danh_sach",
    "bien_ban",
    "danh_muc",
    "danh_muc_nominee",
    "bao_cao",
    "mau_07",
    "mau_1",
    "quyet_dinh",
    "quyet_dinh_draft",
    "quyet_dinh_annul",
)
KINDS_004 = ("004_to_trinh", "004_danh_sach", "004_bien_ban", "004_danh_muc", "004_mau_07")
KINDS = KINDS_000 + KINDS_004


def documents_004(seed) -> dict[str, dict]:
    """Seed 004's district, sending the city 1 collective and 2 individuals (II.1.3)."""
    from nominations import services
    from tests.nominations.test_seeds_002_004 import at_district, vote_forward
    from tests.seed_fixtures import IN_WINDOW_004

    tree = seed.tree
    chosen = [
        at_district(seed, tree.grassroots_a, collective=tree.cell_a1),
        at_district(
            seed,
            tree.grassroots_a,
            person=seed.person(
                tree.cell_a1,
                full_name="Nguyễn Thị Mai",
                position="Phó Bí thư Đảng ủy",
                phone="0912 345 678",
            ),
        ),
        at_district(
            seed,
            tree.mass_org_a,
            person=seed.person(
                tree.mass_org_a,
                full_name="Trần Văn Nam",
                position="Chủ tịch Ủy ban MTTQ Việt Nam phường",
                is_party_member=False,
                phone="0968.054.236",
            ),
        ),
    ]
    session = vote_forward(seed, chosen)
    services.close_session(seed.staff_district, session, now=IN_WINDOW_004)
    session.refresh_from_db()
    district, user = tree.district_a, seed.staff_district
    details = context.Details(
        day=datetime.date(2023, 3, 27),
        number="125",
        place="Kiến An",
        on_behalf="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC",
        signer_name="Nguyễn Văn Ký",
    )
    report_of = chosen[1]
    report_of.refresh_from_db()
    return {
        "004_to_trinh": context.proposal(seed.campaign, district, user, details),
        "004_danh_sach": context.nominee_list(seed.campaign, district, user, details),
        "004_bien_ban": context.minutes(
            session, user, context.Details.from_form(context.minutes_defaults(session))
        ),
        "004_danh_muc": context.level_index(seed.campaign, district, user, details),
        "004_mau_07": context.achievement_report(
            report_of, context.Details.from_form(context.report_defaults(report_of))
        ),
    }


def documents(docs) -> dict[str, dict]:
    """One document of each kind, from seed 000's district A (``district_docs``)."""
    seed, campaign = docs.seed, docs.seed.campaign
    for code, name, copies in (
        ("bc", "Báo cáo thành tích có xác nhận của cấp ủy cơ sở", 3),
        ("qd", "Quyết định công nhận hoàn thành xuất sắc nhiệm vụ năm 2024", 3),
    ):
        DocumentRequirement.objects.create(campaign=campaign, code=code, name=name, copies=copies)
    ward = seed.tree.grassroots_a
    ward_staff = UserFactory(unit=ward, role=Role.STAFF)
    ward_details = context.Details.from_form(
        {**context.unit_defaults(ward, context.ancestors_of(ward)), "day": docs.details().day}
    )
    cell = seed.tree.cell_a1
    for number in range(3):
        PersonFactory(unit=cell, phone=f"090712345{number}")
    built = {
        "to_trinh_district": context.proposal(
            campaign, docs.district, seed.staff_district_a, docs.details()
        ),
        "to_trinh_ward": context.proposal(campaign, ward, ward_staff, ward_details),
        "danh_sach": context.nominee_list(
            campaign, docs.district, seed.staff_district_a, docs.details()
        ),
        "bien_ban": context.minutes(
            docs.session,
            seed.staff_district_a,
            context.Details.from_form(context.minutes_defaults(docs.session)),
        ),
        "danh_muc": context.level_index(
            campaign, docs.district, seed.staff_district_a, docs.details()
        ),
        "danh_muc_nominee": context.nomination_index(docs.forwarded, docs.details()),
        "bao_cao": context.achievement_report(
            docs.forwarded, context.Details.from_form(context.report_defaults(docs.forwarded))
        ),
        "mau_1": context.registration(
            campaign,
            cell,
            context.Details(
                day=datetime.date(2025, 1, 6), year=2025, place="An Hòa", signer_title="BÍ THƯ"
            ),
        ),
    }
    built.update(decision_documents(docs))
    campaign.achievement_form = "mau_07_nd91_2017"
    campaign.save()
    docs.forwarded.refresh_from_db()
    built["mau_07"] = context.achievement_report(
        docs.forwarded, context.Details.from_form(context.report_defaults(docs.forwarded))
    )
    return built


def decision_documents(docs) -> dict[str, dict]:
    """The decision of the two members honored at district A (issued, and as a draft), and the
    annulment of the issued one, written straight to the tables."""
    seed = docs.seed
    common = {
        "campaign": seed.campaign,
        "level": seed.district,
        "unit": docs.district,
        "form_code": "giay-khen",
        "subject": "về việc biểu dương đảng viên tiêu biểu năm 2025",
        "bases": ["Căn cứ Quy chế làm việc của Quận ủy Ninh Kiều khóa XIII"],
        "recipients": ["Như Điều 3", "Lưu Văn phòng"],
        "signer_name": "Nguyễn Văn Ký",
        "created_by": seed.staff_district_a,
    }
    issued_on = datetime.date(2025, 1, 20)
    issued = {
        "number": 15,
        "year": 2025,
        "issued_on": issued_on,
        "issued_at": timezone.now(),
        "issued_by": seed.staff_district_a,
    }
    honor = Decision.objects.create(**common, **issued)
    draft = Decision.objects.create(**common)
    for decision, live in ((honor, True), (draft, False)):
        DecisionEntry.objects.bulk_create(
            DecisionEntry(
                decision=decision,
                nomination=nomination,
                order=i,
                form_code="giay-khen",
                nominee_name=nomination.nominee_name,
                position="Đảng viên",
                unit_name="Chi bộ khu vực 1, Đảng ủy phường An Hòa",
                live=live,
            )
            for i, nomination in enumerate(docs.honored, start=1)
        )
    annul = Decision.objects.create(
        **{**common, "subject": "về việc hủy bỏ Quyết định số 15-QĐ/QU"},
        **{**issued, "number": 21},
        kind=DecisionKind.ANNUL,
        annuls=honor,
    )
    return {
        name: decisions.decision_document(decision)
        for name, decision in (
            ("quyet_dinh", honor),
            ("quyet_dinh_draft", draft),
            ("quyet_dinh_annul", annul),
        )
    }


@pytest.fixture
def rendered(request, libreoffice, kind):
    """Every document of ``kind``'s seed, rendered and converted on first use."""
    if kind not in RENDERED:
        if kind in KINDS_004:
            built = documents_004(request.getfixturevalue("seed004"))
        else:
            built = documents(request.getfixturevalue("district_docs"))
        htmls = {name: rendering.to_html(document) for name, document in built.items()}
        pdfs = {name: rendering.from_html(html, "pdf") for name, html in htmls.items()}
        words = {name: rendering.from_html(html, "docx") for name, html in htmls.items()}
        converted = libreoffice.convert(list(words.values()))
        for (name, word), office in zip(words.items(), converted, strict=True):
            RENDERED[name] = (pdfs[name], word, office)
        dump(RENDERED)
    return RENDERED


def dump(files) -> None:
    folder = os.environ.get("DOCX_CHECK_DIR")
    if not folder:
        return
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, (pdf, word, office) in files.items():
        (out / f"{name}.pdf").write_bytes(pdf)
        (out / f"{name}.docx").write_bytes(word)
        (out / f"{name}.docx.pdf").write_bytes(office)


def page_texts(pdf: bytes, *, below_header: bool = False) -> list[str]:
    """Each page's text in the order it is drawn (``pdftotext -raw``); ``below_header``: without
    the top margin, where the page number is (drawn first by one writer, last by the other)."""
    crop = ["-x", "0", "-y", "52", "-W", "600", "-H", "800"] if below_header else []
    result = subprocess.run(  # noqa: S603  (fixed arguments)
        ["pdftotext", "-raw", *crop, "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").split("\f")[: len(pdf_reader(pdf).pages)]


def text_in_order(pdf: bytes) -> list[str]:
    """The text of each page with no white space: lines wrap at other places in the two (a
    narrow cell, "(Có/ Không)"), the letters, their order and the page they are on do not."""
    return ["".join(page.split()) for page in page_texts(pdf, below_header=True)]


@pytest.mark.parametrize("kind", KINDS)
def test_the_word_file_has_the_pdfs_page_count(rendered, kind):
    pdf, _word, office = rendered[kind]
    assert len(pdf_reader(office).pages) == len(pdf_reader(pdf).pages)


@pytest.mark.parametrize("kind", KINDS)
def test_the_word_file_has_the_pdfs_text_in_the_same_order(rendered, kind):
    pdf, _word, office = rendered[kind]
    assert text_in_order(office) == text_in_order(pdf)


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_of_the_word_file_is_blank(rendered, kind):
    _pdf, _word, office = rendered[kind]
    for number, text in enumerate(page_texts(office), start=1):
        assert set(text.split()) - {str(number)}, f"page {number} is blank"


def body_of(word: bytes):
    return Document(io.BytesIO(word)).element.body


@pytest.mark.parametrize("kind", KINDS)
def test_no_cell_starts_with_an_empty_paragraph(rendered, kind):
    for tc in body_of(rendered[kind][1]).iter(qn("w:tc")):
        paragraphs = tc.findall(qn("w:p"))
        if len(paragraphs) > 1:
            first = paragraphs[0]
            assert first.findall(qn("w:r")), "a cell starts with an empty paragraph"


@pytest.mark.parametrize("kind", KINDS)
def test_rows_are_never_split_across_pages(rendered, kind):
    for tr in body_of(rendered[kind][1]).iter(qn("w:tr")):
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


@pytest.mark.parametrize("kind", KINDS)
def test_headings_and_closings_keep_with_what_follows(rendered, kind):
    """The paragraph before a table (a section heading, the closing line before the
    signatures) is kept with it."""
    body = body_of(rendered[kind][1])
    children = list(body)
    for before, element in itertools.pairwise(children):
        if element.tag == qn("w:tbl") and before.tag == qn("w:p") and before.findall(qn("w:r")):
            assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


@pytest.mark.parametrize("kind", KINDS)
def test_two_tables_never_touch(rendered, kind):
    children = list(body_of(rendered[kind][1]))
    for before, element in itertools.pairwise(children):
        assert not (before.tag == element.tag == qn("w:tbl")), "two tables touch: they merge"


@cache
def font(bold: bool) -> TTFont:
    style = "Bold" if bold else "Regular"
    path = subprocess.run(  # noqa: S603  (fixed arguments)
        ["fc-match", "-f", "%{file}", f"Liberation Serif:style={style}"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return TTFont(path)


def text_width_pt(text: str, size: float, bold: bool) -> float:
    face = font(bold)
    cmap, metrics = face.getBestCmap(), face["hmtx"].metrics
    units = face["head"].unitsPerEm
    return sum(metrics[cmap.get(ord(ch), ".notdef")][0] for ch in text) * size / units


@pytest.mark.parametrize("kind", KINDS)
def test_every_cells_longest_word_fits_its_column(rendered, kind):
    twips = 20  # per point
    margin = docx.CELL_MARGIN_PT * 2
    for tc in body_of(rendered[kind][1]).iter(qn("w:tc")):
        width = int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) / twips
        for run in tc.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            size_element = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            size = int(size_element.get(qn("w:val"))) / 2 if size_element is not None else 14
            bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
            for word in re.split(r"[ \u00a0]+", text):
                assert text_width_pt(word, size, bold) <= width - margin, (word, width)
