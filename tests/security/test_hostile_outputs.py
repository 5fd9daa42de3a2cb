"""What users typed, written back out: every spreadsheet export holds it as text (never a
formula), every page, PDF and DOCX prints markup as text, and every file kept under a name holds
what the name says."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from committees.models import Person, Unit
from nominations import services, validators
from nominations.exports import looks_like_formula, put, xml_text
from nominations.models import Nomination, Outcome
from nominations.samples import sample_pdf
from tests.security import figures
from tests.security.hostile import XSS, hostile_text
from tests.workflow_fixtures import BEFORE

FORMULA = '=HYPERLINK("http://evil.example","bấm")'


# --- formula injection ------------------------------------------------------------------------


@settings(max_examples=150)
@given(text=hostile_text)
def test_no_text_becomes_a_formula_or_breaks_the_file(text):
    figures.hostile_inputs["spreadsheet cells"] += 1
    workbook = Workbook()
    put(workbook.active["A1"], text)
    buffer = io.BytesIO()
    workbook.save(buffer)  # never raises: what the file cannot hold was dropped
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type != "f"
    # The text as typed (less what XML cannot hold), a text cell, quote-prefixed if it would
    # run when typed in again.
    assert (cell.value or "") == xml_text(text)[:32767]  # a cell holds at most 32,767
    assert cell.quotePrefix == looks_like_formula(xml_text(text))


def every_cell(content: bytes):
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


@pytest.fixture
def hostile_world(world):
    """District A's nominee, honored there, with a formula, markup and a vertical tab (Word
    pastes them) in every text a user can type."""
    seed = world.seed
    person = world.inside.voted.person
    Person.objects.filter(pk=person.pk).update(full_name=FORMULA, position=XSS + "\x0b")
    Nomination.objects.filter(pk=world.inside.voted.pk).update(
        achievement_summary=f"{XSS}\x0b{FORMULA}\ufffe"
    )
    Unit.objects.filter(pk=world.inside.cell.pk).update(name="@SUM(A1:A9)" + XSS)
    # Forwarded, so that it is on the nominee list (no cap in the way: nothing honored yet).
    seed.district.__class__.objects.filter(pk=seed.district.pk).update(forward_cap_percent=None)
    seed.vote(world.inside.session, world.inside.voted, Outcome.FORWARD)
    services.close_session(seed.staff_district_a, world.inside.session, now=BEFORE)
    return world


def assert_no_formula(content: bytes, expected_texts: int = 1):
    found = 0
    for cell in every_cell(content):
        figures.hostile_inputs["exported cells"] += 1
        assert cell.data_type != "f", cell.coordinate
        value = str(cell.value or "")
        if looks_like_formula(value):
            assert cell.quotePrefix, (cell.coordinate, value)
        found += FORMULA in value
    assert found >= expected_texts


@pytest.mark.django_db
def test_every_spreadsheet_export_keeps_formulas_as_text(client, hostile_world):
    seed = hostile_world.seed
    client.force_login(seed.staff_district_a)
    exports = [
        reverse(f"documents:{name}", args=[seed.campaign.code, seed.tree.district_a.code])
        for name in ("nominee-list", "level-index")
    ]
    checked = 0
    for url in exports:
        response = client.get(url, {"format": "xlsx"})
        if response.status_code == 200 and response["Content-Type"].startswith(
            "application/vnd.openxml"
        ):
            assert_no_formula(response.content)
            checked += 1
    client.force_login(seed.staff_city)
    response = client.get(
        reverse("nominations:final-list", args=[seed.campaign.code]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert_no_formula(response.content, expected_texts=0)  # headers at least: nothing at city
    assert checked >= 1, "the nominee list is a spreadsheet export"


# --- markup in pages, PDF and DOCX ------------------------------------------------------------


@pytest.mark.django_db
def test_markup_typed_anywhere_is_escaped_on_every_page(client, hostile_world):
    world = hostile_world
    client.force_login(world.seed.staff_district_a)
    pages = [
        reverse("nominations:detail", args=[world.inside.voted.public_id]),
        reverse("committees:person-detail", args=[world.inside.voted.person.code]),
        reverse("committees:person-list"),
        reverse("committees:unit-detail", args=[world.inside.cell.code]),
        reverse("nominations:session-detail", args=[world.inside.session.public_id]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        figures.hostile_inputs["pages with markup"] += 1
        assert "<script>alert" not in page and "onerror=alert" not in page.replace(
            "onerror=alert(1)&gt;", ""
        ), url
        assert "&lt;script&gt;" in page, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["achievement-report", "nominee-list"])
def test_markup_and_control_characters_print_as_text_in_pdf_and_docx(client, hostile_world, name):
    world = hostile_world
    client.force_login(world.seed.staff_district_a)
    args = (
        [world.inside.voted.public_id]
        if name == "achievement-report"
        else [world.seed.campaign.code, world.seed.tree.district_a.code]
    )
    url = reverse(f"documents:{name}", args=args)
    pdf = client.get(url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    # (pypdf reads the two-byte glyph codes of some runs with a NUL before each character)
    assert '<script>alert("x")</script>' in text.replace("\x00", "").replace("\n", "")
    docx = client.get(url, {"format": "docx"})
    assert docx.status_code == 200, "a vertical tab in a text must not break the DOCX"
    document = WordDocument(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]
    assert any("<script>" in text for text in paragraphs)
    figures.hostile_inputs["documents rendered"] += 2


# --- uploads whose content does not match their name -------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in ("[Content_Types].xml", "word/document.xml"):
            archive.writestr(part, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


CONTENTS = {
    "pdf": sample_pdf("Minh chứng"),
    "png": PNG,
    "jpg": JPEG,
    "docx": docx_bytes(),
    "html": b"<html><script>alert(1)</script></html>",
    "exe": b"MZ\x90\x00" + b"\0" * 60,
    "zip": b"PK\x03\x04" + b"\0" * 60,
    "svg": b"<svg onload=alert(1)></svg>",
}
SAME = {"pdf": {"pdf"}, "png": {"png"}, "jpg": {"jpg", "jpeg"}, "docx": {"docx"}}


def check(content: bytes, name: str):
    upload = SimpleUploadedFile(name, content)
    return validators.check_upload(
        upload, name, len(content), max_bytes=10 * 1024 * 1024, max_unpacked=50 * 1024 * 1024
    )


@settings(max_examples=80)
@given(
    kind=st.sampled_from(sorted(CONTENTS)),
    extension=st.sampled_from(
        [
            "pdf",
            "PDF",
            "png",
            "jpg",
            "jpeg",
            "docx",
            "html",
            "svg",
            "exe",
            "pdf.exe",
            "exe.pdf",
            "doc",
            "",
            "\u202efdp.exe",
        ]
    ),
    stem=hostile_text,
)
def test_a_file_is_kept_only_when_its_content_is_what_its_name_says(kind, extension, stem):
    figures.hostile_inputs["uploads"] += 1
    name = f"{stem[:60]}.{extension}" if extension else stem[:60]
    try:
        result = check(CONTENTS[kind], name)
    except ValidationError:
        accepted = False
    else:
        accepted = True
        # The name kept is what is shown: no control characters, no direction overrides.
        assert not any(c in result.name for c in "\x00\x1b\u202e\u2066/\\"), result.name
    matches = extension.lower() in SAME.get(kind, set())
    if accepted:
        assert matches, (kind, name)


@pytest.mark.parametrize("kind", sorted(SAME))
def test_each_kind_is_accepted_under_its_own_name(kind):
    check(CONTENTS[kind], f"Minh chứng.{sorted(SAME[kind])[0]}")
