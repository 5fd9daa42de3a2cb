"""Reading files into numbered rows, and reading single cell values (no database needed)."""

import datetime
import io
import unicodedata
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from committees.imports import WHOLE_FILE, ImportRefused
from committees.imports.reading import read_table
from committees.imports.values import (
    InvalidValue,
    as_code,
    as_text,
    lookup_key,
    parse_birth_date,
    parse_date,
    parse_gender,
    parse_phone,
    parse_rating,
    parse_score,
    parse_unit_kind,
    parse_year,
    parse_yes_no,
)
from committees.models import Gender, Rating, UnitKind

from .spreadsheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")

TODAY = datetime.date(2025, 6, 1)


def refusal(content: bytes, name: str, **options) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_table(io.BytesIO(content), name, **options)
    [error] = refused.value.errors
    assert error.row == WHOLE_FILE
    return error.message


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["17/05/1980", "17/5/1980", "17-05-1980", "17.05.1980", "1980-05-17"]
)
def test_a_date_is_written_day_first(text):
    assert parse_date(text) == datetime.date(1980, 5, 17)


def test_a_date_cell_of_a_workbook_is_a_date():
    assert parse_date(datetime.datetime(1980, 5, 17, 0, 0)) == datetime.date(1980, 5, 17)
    assert parse_date(datetime.date(1980, 5, 17)) == datetime.date(1980, 5, 17)


def test_the_serial_number_of_a_date_cell_is_a_date():
    assert parse_date(29358) == datetime.date(1980, 5, 17)
    assert parse_date(29358.75) == datetime.date(1980, 5, 17)
    assert parse_date(45292) == datetime.date(2024, 1, 1)


@pytest.mark.parametrize("value", ["05/17/80", "1980", "mười bảy", "17/05", 1980, 1.5, True])
def test_anything_else_is_not_a_date(value):
    with pytest.raises(InvalidValue, match="dd/mm/yyyy"):
        parse_date(value)


def test_a_day_missing_from_the_calendar_is_refused():
    with pytest.raises(InvalidValue, match="31/02/1980 is not a date in the calendar"):
        parse_date("31/02/1980")


def test_nobody_is_born_in_the_future_or_before_1900():
    assert parse_birth_date("01/06/2025", today=TODAY) == TODAY
    with pytest.raises(InvalidValue, match="future"):
        parse_birth_date("02/06/2025", today=TODAY)
    with pytest.raises(InvalidValue, match="before 1900"):
        parse_birth_date("31/12/1899", today=TODAY)


# --- years and scores --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024", 2024, 2024.0, " 2024 "])
def test_a_year_is_a_whole_number(value):
    assert parse_year(value, today=TODAY) == 2024


@pytest.mark.parametrize("value", ["năm 2024", "2024.5", 2024.5, "20/24", True])
def test_a_year_that_is_not_a_number_is_refused(value):
    with pytest.raises(InvalidValue, match="Invalid year"):
        parse_year(value, today=TODAY)


@pytest.mark.parametrize("value", [1929, 2026, 24])
def test_a_rating_year_lies_between_1930_and_this_year(value):
    with pytest.raises(InvalidValue, match="between 1930 and 2025"):
        parse_year(value, today=TODAY)


def test_a_score_is_a_whole_number_out_of_100():
    assert parse_score("0") == 0
    assert parse_score(92.0) == 92
    assert parse_score(100) == 100
    for value in (-1, 101, "85,5", 85.5, "tốt"):
        with pytest.raises(InvalidValue, match="from 0 to 100"):
            parse_score(value)


# --- ratings, kinds, yes/no, gender ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("HTXSNV", Rating.HTXSNV),
        ("httnv", Rating.HTTNV),
        ("Htnv", Rating.HTNV),
        ("KHTNV", Rating.KHTNV),
        ("Hoàn thành xuất sắc nhiệm vụ", Rating.HTXSNV),
        ("HOÀN THÀNH TỐT NHIỆM VỤ", Rating.HTTNV),
        ("hoàn thành nhiệm vụ", Rating.HTNV),
        ("Không  hoàn thành nhiệm vụ", Rating.KHTNV),
    ],
)
def test_a_rating_is_its_abbreviation_or_its_full_wording_in_any_case(text, rating):
    assert parse_rating(text) == rating


def test_an_unknown_rating_is_refused():
    with pytest.raises(InvalidValue, match="Unknown rating Xuất sắc"):
        parse_rating("Xuất sắc")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanh_uy", UnitKind.THANH_UY),
        ("CHI_BO", UnitKind.CHI_BO),
        ("dang_uy_xa", UnitKind.DANG_UY_XA),
        ("Thành ủy", UnitKind.THANH_UY),
        ("Tỉnh ủy", UnitKind.TINH_UY),
        ("Quận ủy", UnitKind.QUAN_UY),
        ("Huyện ủy", UnitKind.HUYEN_UY),
        ("Đảng ủy trực thuộc", UnitKind.DANG_UY_TRUC_THUOC),
        ("Đảng ủy Khối", UnitKind.DANG_UY_KHOI),
        ("Đảng ủy xã, phường, đặc khu", UnitKind.DANG_UY_XA),
        ("Đảng ủy cơ sở", UnitKind.DANG_UY_CO_SO),
        ("Chi bộ cơ sở", UnitKind.CHI_BO_CO_SO),
        ("Chi bộ", UnitKind.CHI_BO),
        ("Đoàn thể", UnitKind.DOAN_THE),
        ("MTTQ", UnitKind.DOAN_THE),
        ("Đoàn thể, MTTQ", UnitKind.DOAN_THE),
        ("  đảng ủy   KHỐI ", UnitKind.DANG_UY_KHOI),
        ("Thành uỷ", UnitKind.THANH_UY),  # the other placement of the tone mark
        (unicodedata.normalize("NFD", "Chi bộ cơ sở"), UnitKind.CHI_BO_CO_SO),
    ],
)
def test_a_unit_kind_is_its_code_or_its_vietnamese_name(text, kind):
    assert parse_unit_kind(text) == kind


def test_every_unit_kind_label_is_accepted():
    for kind in UnitKind:
        assert parse_unit_kind(str(kind.label)) == kind


def test_an_unknown_unit_kind_is_refused():
    with pytest.raises(InvalidValue, match="Unknown unit kind Ban"):
        parse_unit_kind("Ban")


def test_party_membership_is_co_or_khong():
    assert parse_yes_no("Có") is True
    assert parse_yes_no("KHÔNG") is False
    assert parse_yes_no(True) is True
    assert parse_yes_no(0) is False
    with pytest.raises(InvalidValue, match="Write Có or Không, not Chưa"):
        parse_yes_no("Chưa")


def test_gender_is_nam_or_nu():
    assert parse_gender("Nam") == Gender.MALE
    assert parse_gender("nữ") == Gender.FEMALE
    assert parse_gender(unicodedata.normalize("NFD", "NỮ")) == Gender.FEMALE
    with pytest.raises(InvalidValue, match="Write Nam or Nữ"):
        parse_gender("Khác")


def test_vietnamese_names_compare_by_nfc_any_case_and_either_tone_placement():
    assert lookup_key(unicodedata.normalize("NFD", " HOÀ  Bình ")) == lookup_key("Hòa bình")


# --- text, codes and phone numbers -------------------------------------------------------------


def test_a_number_in_a_code_cell_reads_as_its_digits():
    assert as_code(1001) == "1001"
    assert as_code(1001.0) == "1001"


def test_text_longer_than_its_field_is_refused():
    assert as_text("a" * 255) == "a" * 255
    with pytest.raises(InvalidValue, match="at most 50 characters"):
        as_code("x" * 51)


def test_a_date_where_text_is_expected_is_refused():
    with pytest.raises(InvalidValue, match="Text"):
        as_code(datetime.datetime(2024, 3, 1))


def test_a_phone_number_stored_as_a_number_gets_its_leading_zero_back():
    assert parse_phone(912345678) == "0912345678"
    assert parse_phone(912345678.0) == "0912345678"
    assert parse_phone(84912345678) == "84912345678"


def test_a_phone_number_written_as_text_is_kept_as_written():
    assert parse_phone("0912 345 678") == "0912 345 678"
    assert parse_phone("+84 912 345 678") == "+84 912 345 678"
    assert parse_phone("84912345678") == "84912345678"
    assert parse_phone("1080") == "1080"


def test_digits_that_lost_their_leading_zero_in_a_csv_get_it_back():
    assert parse_phone("912345678") == "0912345678"
    assert parse_phone("2431234567") == "02431234567"


# --- CSV files ---------------------------------------------------------------------------------

ROWS = [["Mã đơn vị", "Tên đơn vị"], ["A1", "Chi bộ 1"], ["A2", "Chi bộ 2"]]


@pytest.mark.parametrize("bom", [False, True])
def test_a_utf8_csv_reads_with_or_without_a_byte_order_mark(bom):
    table = read_table(io.BytesIO(csv_bytes(ROWS, bom=bom)), "data.csv")
    assert table.headers == ["Mã đơn vị", "Tên đơn vị"]
    assert table.rows == [(2, ("A1", "Chi bộ 1")), (3, ("A2", "Chi bộ 2"))]


def test_a_csv_separated_by_semicolons_reads_too():
    table = read_table(io.BytesIO(csv_bytes(ROWS, delimiter=";")), "data.csv")
    assert table.rows[0] == (2, ("A1", "Chi bộ 1"))


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    rows = [ROWS[0], ["", ""], ROWS[1], [" ", ""], ROWS[2]]
    table = read_table(io.BytesIO(csv_bytes(rows)), "data.csv")
    assert [number for number, _values in table.rows] == [3, 5]


def test_text_cells_are_nfc_with_folded_white_space():
    rows = [ROWS[0], ["A1", unicodedata.normalize("NFD", "  Chi   bộ\tấp 1 ")]]
    table = read_table(io.BytesIO(csv_bytes(rows)), "data.csv")
    assert table.rows[0][1] == ("A1", "Chi bộ ấp 1")


def test_a_csv_that_is_not_utf8_is_refused_clearly():
    windows_1258 = "Ma,Ten\nA1,Đảng ủy Trà Vinh\n".encode("cp1258", errors="replace")
    message = refusal(windows_1258, "data.csv")
    assert "not UTF-8 text (the first bad character is on line 2)" in message
    assert "CSV UTF-8" in message


def test_a_utf16_csv_is_refused_clearly():
    message = refusal("Mã đơn vị\tTên\n".encode("utf-16"), "data.csv")
    assert "UTF-16" in message


def test_a_workbook_named_csv_is_refused():
    assert "Excel workbook" in refusal(xlsx_bytes(ROWS), "data.csv")


def test_an_empty_file_is_refused():
    assert refusal(b"", "data.csv") == "The file is empty."


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_title_and_empty_rows_above_the_headers_are_skipped(fmt):
    rows = [["DANH SÁCH CHI BỘ"], [], ["", ""], *ROWS]
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)

    table = read_table(io.BytesIO(content), f"data.{fmt}", header_names=ROWS[0])

    assert (table.header_row, table.headers) == (4, ["Mã đơn vị", "Tên đơn vị"])
    assert table.rows == [(5, ("A1", "Chi bộ 1")), (6, ("A2", "Chi bộ 2"))]


def test_a_title_of_two_cells_is_skipped_by_the_column_names():
    rows = [["ĐẢNG BỘ QUẬN 1", "ĐẢNG CỘNG SẢN VIỆT NAM"], *ROWS]
    table = read_table(io.BytesIO(xlsx_bytes(rows)), "data.xlsx", header_names=ROWS[0])
    assert table.header_row == 2


def test_without_known_names_the_first_row_of_two_cells_holds_the_headers():
    table = read_table(io.BytesIO(csv_bytes([["Tiêu đề"], *ROWS])), "data.csv")
    assert (table.header_row, table.headers) == (2, ["Mã đơn vị", "Tên đơn vị"])


def test_a_file_of_empty_rows_is_empty():
    assert refusal(csv_bytes([["", ""], [" ", ""]]), "data.csv") == "The file is empty."


def test_the_number_of_rows_is_capped():
    rows = [ROWS[0], *(["A", "B"] for _ in range(11))]
    message = refusal(csv_bytes(rows), "data.csv", row_limit=10)
    assert "more than 10 rows" in message
    assert len(read_table(io.BytesIO(csv_bytes(rows[:11])), "data.csv", row_limit=10).rows) == 10


def test_the_row_cap_comes_from_the_settings(settings):
    settings.IMPORT_MAX_ROWS = 1
    assert "more than 1 rows" in refusal(csv_bytes(ROWS), "data.csv")


# --- workbooks ---------------------------------------------------------------------------------


def test_a_workbook_reads_its_first_sheet_with_real_values():
    born = datetime.datetime(1980, 5, 17)
    content = xlsx_bytes(
        [
            ["Mã cá nhân", "Ngày sinh", "Số điện thoại"],
            ["CN1", born, 912345678],
            [],
            ["CN2", "17/05/1980", "0912345678"],
        ]
    )
    table = read_table(io.BytesIO(content), "people.XLSX")
    assert table.headers == ["Mã cá nhân", "Ngày sinh", "Số điện thoại"]
    assert table.rows == [
        (2, ("CN1", born.date(), 912345678)),
        (4, ("CN2", "17/05/1980", "0912345678")),
    ]


def test_a_text_file_disguised_as_a_workbook_is_refused_clearly():
    message = refusal(csv_bytes(ROWS), "units.xlsx")
    assert message.startswith("This file is not a spreadsheet that can be read")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not a spreadsheet" in refusal(buffer.getvalue(), "units.xlsx")


def test_a_truncated_workbook_is_refused():
    content = xlsx_bytes(ROWS)
    assert "not a spreadsheet" in refusal(content[: len(content) // 2], "units.xlsx")


def test_a_damaged_old_excel_file_is_refused_with_advice():
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "units.xls")
    assert "Excel 97-2003" in message
    assert "password" in message


def test_a_workbook_protected_by_a_password_is_refused():
    # Excel keeps an encrypted workbook in an OLE2 file, as a stream named EncryptedPackage.
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le")
    )
    assert "protected by a password" in refusal(content, "units.xlsx")


def test_a_workbook_whose_first_sheet_is_empty_is_refused():
    assert "first sheet of the workbook is empty" in refusal(xlsx_bytes([]), "units.xlsx")


def zip_bomb(member_size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * member_size)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    content = zip_bomb(20 * 1024 * 1024)  # 20 MB of zeros in about 20 kB
    assert len(content) < 100_000
    assert "unreasonable size" in refusal(content, "units.xlsx")


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000
    assert "unreasonable size" in refusal(xlsx_bytes(ROWS), "units.xlsx")


def test_only_spreadsheets_are_read():
    assert refusal(b"hello", "units.txt").startswith("Only spreadsheets can be imported")
    assert refusal(b"hello", "units").startswith("Only spreadsheets can be imported")


@pytest.mark.parametrize("name", ["units.xlsx", "units.xls", "units.ods", "units.csv"])
def test_an_empty_file_of_any_kind_is_refused(name):
    assert refusal(b"", name) == "The file is empty."


# --- workbooks as Excel writes them --------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def excel_package(sheet_data: str, shared_strings: list[str], *, prologue: str = "") -> bytes:
    """A workbook laid out as Excel saves it: shared strings, a date style, stated sizes."""
    strings = "".join(f"<si>{item}</si>" for item in shared_strings)
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{SPREADSHEET}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{SPREADSHEET}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC_RELS}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/></border></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": f'{prologue}<worksheet xmlns="{MAIN}"><dimension ref="A1:F4"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


EXCEL_STRINGS = [
    "<t>Mã cá nhân</t>",
    "<t>Họ và tên</t>",
    "<t>Ngày sinh</t>",
    '<r><t xml:space="preserve">Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r>'
    '<rPh sb="0" eb="1"><t>PHIÊN ÂM</t></rPh>',
    "<t>Dòng_x000A_mới</t>",
]
EXCEL_SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>Đảng viên</t></is></c></row>'
    '<row r="3"><c r="A3"><v>1001</v></c><c r="B3" t="s"><v>3</v></c>'
    '<c r="C3" s="1"><v>29358</v></c><c r="D3" t="b"><v>1</v></c><c r="E3"><v>2.5</v></c>'
    '<c r="F3" t="str"><f>A3&amp;"x"</f><v>1001x</v></c></row>'
    '<row r="4"><c r="B4" t="e"><v>#N/A</v></c><c><v>7</v></c></row>'
)


def same_values(ours, theirs) -> bool:
    """Equal, a date cell being a ``date`` or a ``datetime`` at midnight."""
    if isinstance(theirs, datetime.datetime) and not isinstance(ours, datetime.datetime):
        return theirs == datetime.datetime.combine(ours, datetime.time())
    return ours == theirs and type(ours) is type(theirs)


def test_a_workbook_saved_by_excel_reads_as_openpyxl_reads_it():
    without_errors = EXCEL_SHEET[: EXCEL_SHEET.index('<row r="4">')]
    content = excel_package(without_errors, EXCEL_STRINGS)

    table = read_table(io.BytesIO(content), "excel.xlsx", legacy_encoding="none")

    assert table.headers == ["Mã cá nhân", "Họ và tên", "Ngày sinh", "Đảng viên"]
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    by_openpyxl = dict(enumerate(sheet.iter_rows(values_only=True), start=1))
    assert [number for number, _values in table.rows] == [3]
    [(number, values)] = table.rows
    assert values == (1001, "Nguyễn Văn An", datetime.date(1980, 5, 17), True, 2.5, "1001x")
    assert all(map(same_values, values, by_openpyxl[number][: len(values)]))


def test_an_error_cell_is_refused_at_its_row_and_column():
    content = excel_package(EXCEL_SHEET, EXCEL_STRINGS)

    with pytest.raises(ImportRefused) as refused:
        read_table(io.BytesIO(content), "excel.xlsx")

    [error] = refused.value.errors
    assert (error.row, error.column) == (4, "Họ và tên")
    assert "spreadsheet error #N/A" in error.message


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "Err:502"])
def test_an_error_written_as_text_by_a_csv_export_is_refused(error):
    with pytest.raises(ImportRefused) as refused:
        read_table(io.BytesIO(csv_bytes([*ROWS, ["A3", error]])), "data.csv")
    assert [(e.row, e.column) for e in refused.value.errors] == [(4, "Tên đơn vị")]


def test_characters_escaped_by_excel_are_restored():
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c></row>'
    )

    table = read_table(io.BytesIO(excel_package(sheet, EXCEL_STRINGS)), "excel.xlsx")

    assert table.rows == [(2, ("Dòng mới",))]


def test_an_entity_expansion_bomb_in_a_sheet_is_refused():
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    prologue = f"<!DOCTYPE worksheet [{entities}]>"
    sheet = '<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'

    message = refusal(excel_package(sheet, [], prologue=prologue), "bomb.xlsx")

    assert "damaged" in message


# --- the table's rows and the fast ways through a cell ---------------------------------------


def _as_text_as_it_was(value, max_length=255):
    """``as_text`` of a text before it took text already clean as it is."""
    from committees.models import normalize_text
    from core.free_text import has_unsafe_characters

    text = normalize_text(value)
    if has_unsafe_characters(text):
        raise InvalidValue("unsafe")
    if len(text) > max_length:
        raise InvalidValue("too long")
    return text


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.sampled_from(
            [*"aăễ Đ1e", *"\t\n\u00a0\u3000\u202e\x00\x1f\u0301\u0302\ufeff\u200b\u1ec5"]
        ),
        max_size=12,
    )
)
def test_text_kept_as_read_is_the_text_normalised_and_checked(text):
    try:
        expected = _as_text_as_it_was(text, max_length=8)
    except InvalidValue:
        with pytest.raises(InvalidValue):
            as_text(text, max_length=8)
    else:
        assert as_text(text, max_length=8) == expected


def test_clean_text_is_kept_as_the_same_object():
    name = "Nguyễn Văn An"
    assert as_text(name) is name  # one string per name in memory, not two


def test_rows_behave_as_a_list_of_numbered_rows():
    from committees.imports.importers import consumed
    from committees.imports.reading import Rows

    rows = Rows([(2, ("A1", "Chi bộ 1")), (3, ("A2",)), (7, ("A3", None, 4))])

    assert rows == [(2, ("A1", "Chi bộ 1")), (3, ("A2",)), (7, ("A3", None, 4))]
    assert len(rows) == 3 and rows[1] == (3, ("A2",)) and rows[-1][0] == 7
    assert rows[1:] == [(3, ("A2",)), (7, ("A3", None, 4))]
    rows[1] = (3, ("A2 mới",))
    assert list(rows)[1] == (3, ("A2 mới",))
    assert list(consumed(rows)) == [(2, ("A1", "Chi bộ 1")), (3, ("A2 mới",)), (7, ("A3", None, 4))]
    assert rows == [] and not rows


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.sampled_from([*"aăễ Đ1e\t\n\u00a0\u3000\u0301\u0302"]), max_size=8)))
def test_cells_cleaned_once_per_column_are_cleaned_as_one_by_one(texts):
    from committees.imports.reading import _cleaner

    clean = _cleaner()
    for column, text in enumerate(texts * 2):  # each text twice: once from the cache
        expected = " ".join(unicodedata.normalize("NFC", text).split()) or None
        assert clean(text, column % 3) == expected
