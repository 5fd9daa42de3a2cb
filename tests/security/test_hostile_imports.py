"""Imports under hostile input: any cell, any bytes, any archive is either imported or refused
with row errors (``ImportRefused``); nothing else escapes, nothing is half-saved. Names typed in
another Unicode normal form are the same names."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from committees.imports import import_file
from committees.imports.results import ImportRefused
from committees.models import Person, normalize_text
from tests.committees.spreadsheets import PERSON_HEADERS, csv_bytes, person_row, xlsx_bytes
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.security import figures
from tests.security.hostile import NAMES, RTL, hostile_text

UNSAFE = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)} | {
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
}


@pytest.fixture(autouse=True)
def in_vietnamese():
    """The refusals are read in Vietnamese. A page requested in English by an earlier test in
    the same thread leaves English active (``LocaleMiddleware`` does not switch back)."""
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def restore_limits():
    limit = django_settings.IMPORT_MAX_UNPACKED_BYTES
    yield
    django_settings.IMPORT_MAX_UNPACKED_BYTES = limit


@pytest.fixture
def cell_unit(db):
    return UnitFactory(code="QA-P1-C1")


def try_import(content: bytes, name: str, kind: str = "people"):
    try:
        return import_file(kind, io.BytesIO(content), name)
    except ImportRefused as refused:
        assert refused.errors, "a refusal says why"
        return refused


# --- cells ------------------------------------------------------------------------------------


@settings(max_examples=60)
@given(cells=st.lists(hostile_text, min_size=8, max_size=8), fmt=st.sampled_from(["csv", "xlsx"]))
def test_any_cell_of_a_people_file_is_imported_clean_or_refused(cell_unit, cells, fmt):
    figures.hostile_inputs["import cells"] += len(cells)
    rows = [PERSON_HEADERS, cells]
    try:
        content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    except (ValueError, IllegalCharacterError):  # openpyxl will not write these: not our input
        return
    before = Person.objects.count()
    result = try_import(content, f"data.{fmt}")
    if isinstance(result, ImportRefused):
        assert Person.objects.count() == before  # all or nothing
    for person in Person.objects.all():
        assert not UNSAFE & set(person.full_name + person.position + person.code)
        assert person.full_name == normalize_text(person.full_name)


@pytest.mark.parametrize(
    "escaped, what",
    [
        ("_x0000_", "NUL, which PostgreSQL cannot store"),
        ("_x001B_", "escape"),
        ("_x202E_", "right-to-left override"),
    ],
)
def test_characters_written_escaped_in_a_workbook_are_refused_at_their_cell(
    cell_unit, escaped, what
):
    # .xlsx writes characters XML cannot hold as _xHHHH_; the reader unescapes them.
    content = xlsx_bytes([PERSON_HEADERS, person_row("CN1", name=f"Nguyễn{escaped}Văn An")])
    refused = try_import(content, "data.xlsx")
    figures.hostile_inputs["import cells"] += 1
    assert isinstance(refused, ImportRefused), what
    assert [error.row for error in refused.errors] == [2]
    assert not Person.objects.exists()


def test_a_right_to_left_mark_in_a_csv_name_is_refused(cell_unit):
    refused = try_import(
        csv_bytes([PERSON_HEADERS, person_row("CN1", name=RTL + "nA nǎV")]), "data.csv"
    )
    figures.hostile_inputs["import cells"] += 1
    assert isinstance(refused, ImportRefused)
    assert [(error.row, error.column) for error in refused.errors] == [(2, "Họ và tên")]


# --- whole files ------------------------------------------------------------------------------


@settings(max_examples=60)
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=400).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
        st.binary(max_size=400).map(lambda b: b"\xff\xfe" + b),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    name=st.sampled_from(["data.xlsx", "data.csv", "data.xls", "data.txt", "data", ".xlsx"]),
)
def test_any_bytes_under_any_name_are_refused_or_read(cell_unit, content, name):
    figures.hostile_inputs["import files"] += 1
    try_import(content, name)


@settings(max_examples=25)
@given(
    cut=st.integers(min_value=1, max_value=4000),
    flips=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=255)
        ),
        max_size=5,
    ),
)
def test_a_damaged_workbook_is_refused(cell_unit, cut, flips):
    figures.hostile_inputs["import files"] += 1
    content = bytearray(xlsx_bytes([PERSON_HEADERS, person_row("CN1")]))
    for position, value in flips:
        content[position % len(content)] = value
    result = try_import(bytes(content[:-cut] if flips else content[:cut]), "data.xlsx")
    assert isinstance(result, ImportRefused) or Person.objects.filter(code="CN1").exists()


def lying_zip(real_size: int, declared_size: int) -> bytes:
    """A workbook whose sheet inflates to ``real_size`` bytes while its headers declare
    ``declared_size``: the size check alone would let it through."""
    buffer = io.BytesIO()
    base = xlsx_bytes([PERSON_HEADERS, person_row("CN1")])
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b"<row r='9'><c r='A9' t='inlineStr'><is><t>"
                    + b"A" * real_size
                    + b"</t></is></c></row></sheetData>",
                )
            target.writestr(item, data)
    content = bytearray(buffer.getvalue())
    # Patch the uncompressed size of the sheet in its local header and the central directory.
    name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if content[name_at : name_at + len(name)] == name:
                content[start + offset : start + offset + 4] = struct.pack("<I", declared_size)
            start += 4
    return bytes(content)


@pytest.mark.parametrize("real_size", [5_000_000, 60_000_000])
def test_a_zip_bomb_lying_about_its_size_is_refused_without_inflating_it(
    cell_unit, settings, real_size
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2_000_000
    content = lying_zip(real_size, declared_size=1000)
    assert len(content) < real_size / 100  # it is a bomb: tiny on disk
    figures.hostile_inputs["zip bombs"] += 1
    refused = try_import(content, "data.xlsx")
    assert isinstance(refused, ImportRefused)
    assert not Person.objects.exists()


@settings(max_examples=8)
@given(
    size=st.integers(min_value=2_000_000, max_value=8_000_000),
    members=st.integers(min_value=1, max_value=3),
)
def test_an_honest_zip_bomb_of_any_size_is_refused_before_unpacking(cell_unit, size, members):
    figures.hostile_inputs["zip bombs"] += 1
    django_settings.IMPORT_MAX_UNPACKED_BYTES = 1_500_000
    base = xlsx_bytes([PERSON_HEADERS, person_row("CN1")])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for n in range(members):
            with target.open(f"xl/media/padding{n}.bin", "w", force_zip64=True) as padding:
                block = b"\0" * 1_000_000
                for _ in range(size // 1_000_000):
                    padding.write(block)
    refused = try_import(buffer.getvalue(), "data.xlsx")
    assert isinstance(refused, ImportRefused)
    assert "dung lượng bất thường" in str(refused.errors[0].message)


# --- Unicode normal forms ---------------------------------------------------------------------


@settings(max_examples=40)
@given(
    name=st.sampled_from(NAMES),
    form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
    spaces=st.sampled_from([" ", "  ", "\t", "\u00a0", " \u3000 "]),
)
def test_a_name_in_any_normal_form_is_the_same_name(name, form, spaces):
    figures.hostile_inputs["unicode forms"] += 1
    typed = unicodedata.normalize(form, name).replace(" ", spaces)
    assert normalize_text(typed) == unicodedata.normalize("NFC", name)


@settings(max_examples=12)
@given(name=st.sampled_from(NAMES))
def test_a_person_imported_in_nfd_is_found_by_a_search_in_nfc_and_back(client, cell_unit, name):
    figures.hostile_inputs["unicode forms"] += 1
    Person.objects.filter(code="CN-NFD").delete()
    nfd = unicodedata.normalize("NFD", name)
    result = try_import(csv_bytes([PERSON_HEADERS, person_row("CN-NFD", name=nfd)]), "data.csv")
    assert not isinstance(result, ImportRefused), result
    person = Person.objects.get(code="CN-NFD")
    assert person.full_name == unicodedata.normalize("NFC", name)
    client.force_login(UserFactory(unit=cell_unit, role="staff"))
    for query in (nfd, unicodedata.normalize("NFC", name)):
        page = client.get("/to-chuc/dang-vien/", {"q": query}).content.decode()
        assert "CN-NFD" in page, query


def test_an_existing_nfc_person_is_updated_by_an_nfd_import_not_duplicated(cell_unit):
    PersonFactory(code="CN9", full_name="Nguyễn Thị Ánh", unit=cell_unit)
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Hồng")
    result = try_import(csv_bytes([PERSON_HEADERS, person_row("CN9", name=nfd)]), "data.csv")
    assert not isinstance(result, ImportRefused)
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Nguyễn Thị Ánh Hồng"]
