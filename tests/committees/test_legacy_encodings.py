"""TCVN3 and VNI: every letter with every tone converts both ways, and a column is converted
only when its text is clearly in one of them."""

from __future__ import annotations

import io
import unicodedata

import pytest

from committees.imports import ImportRefused
from committees.imports import legacy as L
from committees.imports.reading import read_table

from .spreadsheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")

LOWER = [unicodedata.normalize("NFC", v + t) for v in L.VOWELS for t in L.TONES] + ["đ"]
UPPER = [letter.upper() for letter in LOWER]
# TCVN3's 8-bit fonts have upper-case letters without a tone only (and a few toned ones).
TCVN3_UPPER = [letter for letter in UPPER if letter in L.UNICODE_TO_TCVN3]

# Given names, family names and middle names in daily use, with every rime and tone they bring.
NAMES = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Quách Khổng
Văn Thị Hữu Đức Minh Quốc Xuân Thanh Ngọc Kim Thu Hồng Thùy Phương Quỳnh Diệu Khánh Tường
An Ánh Bình Cường Dũng Đạt Giang Hà Hải Hạnh Hiếu Hoa Huệ Hùng Hương Hường Khoa Khuê Khuyến
Lan Liên Linh Loan Long Mai Nga Nghĩa Ngoãn Nhung Oanh Phúc Quyết Sơn Tâm Thảo Thủy Toàn
Trinh Trung Tuấn Tuyết Uyên Ước Việt Xoan Yến Ỷ Ỹ Kỳ Mỵ Thuỷ Khuya Nguyệt Huyền Chiêu Ngưu
Bưởi Rượu Khoai Ngoạy Ngoèo Quấy Tuổi Cười Hươu Nghiêng Giữa Gì Quýt Đoàn Ổn Ưng Ẩn Ấn Ấp Ầu
""".split()  # noqa: SIM905 - the names as one writes them


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_every_letter_with_every_tone_converts_both_ways_in_vni(letter):
    assert L.from_vni(L.to_vni(letter)) == letter
    assert L.to_vni(letter).isascii() is (letter.isascii())


@pytest.mark.parametrize("letter", LOWER + TCVN3_UPPER)
def test_every_letter_tcvn3_has_converts_both_ways(letter):
    assert len(L.to_tcvn3(letter)) == 1
    assert L.from_tcvn3(L.to_tcvn3(letter)) == letter


def test_tcvn3_writes_an_upper_case_toned_letter_it_lacks_in_lower_case():
    assert "Ạ" not in L.UNICODE_TO_TCVN3
    assert L.from_tcvn3(L.to_tcvn3("Ạ")) == "ạ"


@pytest.mark.parametrize("encoding", L.ENCODINGS)
def test_every_syllable_of_the_name_list_converts_both_ways(encoding):
    encode, decode = L.ENCODERS[encoding], L.DECODERS[encoding]
    for name in NAMES:
        lower = name.lower()
        assert decode(encode(lower)) == lower
        if encoding == L.VNI or name[0] in L.UNICODE_TO_TCVN3 or name[0].isascii():
            assert decode(encode(name)) == name
        assert L.is_vietnamese(name), name


def test_the_published_spellings_convert():
    # As offices' files show them: TCVN3 "NguyÔn V¨n An", VNI "Nguyeãn Vaên An".
    assert L.from_tcvn3("NguyÔn V¨n An") == "Nguyễn Văn An"
    assert L.from_tcvn3("N÷") == "Nữ"
    assert L.from_vni("Nguyeãn Vaên An") == "Nguyễn Văn An"
    assert L.from_vni("ÑAÛNG BOÄ") == "ĐẢNG BỘ"
    # VNI writes the dot below on y with a byte of its own, and ẳ with the breve-hook byte.
    assert L.from_vni("Myî") == "Mỵ"
    assert L.from_vni("MYÎ") == "MỴ"
    assert L.to_vni("ẳ") == "aú"
    assert L.to_vni("Ẳ") == "AÚ"


def column(*texts):
    return L.split_cells(enumerate(texts, start=2))


UNICODE_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Hoàng Lê", "Đỗ Quốc Việt"]


def test_a_unicode_column_is_left_alone():
    assert L.judge_column(*column(*UNICODE_NAMES)).encoding is None


@pytest.mark.parametrize("encoding", L.ENCODINGS)
def test_a_legacy_column_is_found_by_its_text(encoding):
    encode = L.ENCODERS[encoding]
    verdict = L.judge_column(*column(*(encode(name) for name in UNICODE_NAMES)))
    assert (verdict.encoding, verdict.unicode_cells) == (encoding, [])


def test_western_letters_that_are_vietnamese_as_written_stay_unicode():
    # "Hoàng Lê" holds only Western letters, and is Vietnamese as it stands
    assert L.judge_column(*column("Hoàng Lê", "Tô Hà")).encoding is None


def test_the_unicode_cells_of_a_legacy_column_are_named():
    verdict = L.judge_column(*column(L.to_tcvn3("Nguyễn Văn An"), "Trần Thị Bình"))
    assert verdict.encoding == L.TCVN3
    assert verdict.unicode_cells == [(3, "Trần Thị Bình")]


def test_text_that_reads_both_ways_is_ambiguous_unless_the_fonts_say():
    # "Leâ" is "Lê" in VNI and "Leõ" in TCVN3, and nothing as it stands
    both = column("Leâ")
    assert L.readings("Leâ") == (False, True, True)
    assert L.judge_column(*both).ambiguous
    assert L.judge_column(*both, hint=L.VNI).encoding == L.VNI
    assert L.judge_column(*both, mode=L.TCVN3).encoding == L.TCVN3
    assert L.judge_column(*both, mode=L.NONE).encoding is None


def test_a_column_reading_better_one_way_takes_that_way():
    names = ["Leâ", L.to_vni("Nguyễn Văn An"), L.to_vni("Trần Thị Bình")]
    assert L.judge_column(*column(*names)).encoding == L.VNI


def test_the_fonts_of_a_workbook_name_its_encoding():
    assert L.font_encoding([".VnTime", "Calibri"]) == L.TCVN3
    assert L.font_encoding(["VNI-Times"]) == L.VNI
    assert L.font_encoding([".VnArial", "VNI-Helve"]) is None
    assert L.font_encoding(["Times New Roman"]) is None


# --- through the reader ------------------------------------------------------------------------

HEADERS = ["Mã cá nhân", "Họ và tên"]


def read(rows, fmt="xlsx", **options):
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    return read_table(io.BytesIO(content), f"data.{fmt}", header_names=HEADERS, **options)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("encoding", L.ENCODINGS)
def test_a_legacy_file_is_converted_headers_and_all(fmt, encoding):
    encode = L.ENCODERS[encoding]
    rows = [[encode(h) for h in HEADERS], *([f"CN{i}", encode(n)] for i, n in enumerate(NAMES))]

    table = read(rows, fmt)

    assert table.headers == HEADERS
    assert [values[1] for _number, values in table.rows] == NAMES_AS_READ[encoding]
    [conversion] = table.conversions
    assert (conversion.column, conversion.encoding) == ("Họ và tên", encoding)
    assert conversion.samples[0] == (encode("Nguyễn"), "Nguyễn")


NAMES_AS_READ = {
    L.VNI: NAMES,
    # a capital with a tone has no byte in TCVN3: it comes back in lower case
    L.TCVN3: [L.from_tcvn3(L.to_tcvn3(name)) for name in NAMES],
}


def test_a_column_mixing_unicode_and_legacy_text_is_refused_at_its_unicode_cells():
    rows = [HEADERS, ["CN1", L.to_tcvn3("Nguyễn Văn An")], ["CN2", "Trần Thị Bình"]]

    with pytest.raises(ImportRefused) as refused:
        read(rows)

    [error] = refused.value.errors
    assert (error.row, error.column) == (3, "Họ và tên")
    assert "TCVN3" in error.message


def test_an_ambiguous_column_is_refused_with_advice():
    with pytest.raises(ImportRefused) as refused:
        read([HEADERS, ["CN1", "Leâ"]])

    [error] = refused.value.errors
    assert (error.row, error.column) == (1, "Họ và tên")
    assert "both in TCVN3 and in VNI" in error.message
    assert read([HEADERS, ["CN1", "Leâ"]], legacy_encoding="vni").rows == [(2, ("CN1", "Lê"))]


def test_nothing_is_converted_when_asked():
    rows = [HEADERS, ["CN1", L.to_vni("Nguyễn Văn An")]]
    assert read(rows, legacy_encoding="none").rows == [(2, ("CN1", "Nguyeãn Vaên An"))]


def test_a_workbook_in_vni_fonts_settles_an_ambiguous_column():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["CN1", "Leâ"])
    sheet["B2"].font = Font(name="VNI-Times")
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(io.BytesIO(buffer.getvalue()), "data.xlsx", header_names=HEADERS)

    assert table.rows == [(2, ("CN1", "Lê"))]
