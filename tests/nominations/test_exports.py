"""A spreadsheet never runs what a user typed: text that looks like a formula stays text."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from nominations.exports import put, safe_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","bấm")',
        "=1+1",
        "+84 912 345 678",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Thị Ánh Tuyết",
        "Gương mẫu, nhiều sáng kiến",
        "",
        "a=b",
        " =1+1",
        "'quoted",
        "1+1",
        "- Chủ nhiệm Ủy ban kiểm tra; Bí thư chi bộ",
        "+ Hoàn thành xuất sắc nhiệm vụ",
    ],
)
def test_other_text_is_left_as_it_is(text):
    """A list dash is no formula: "- Chủ nhiệm…" is shown as typed, without an apostrophe."""
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [None, 0, 7, -3, 2.5, True])
def test_values_that_are_not_text_are_left_as_they_are(value):
    assert safe_cell(value) is value


def test_control_characters_the_file_cannot_hold_are_dropped_before_the_check():
    assert safe_cell("\x00\x07=1+1") == "'=1+1"
    assert safe_cell("Chi bộ\x0b 1") == "Chi bộ 1"


def test_a_formula_is_stored_as_a_quote_prefixed_text_cell_with_its_text_unchanged():
    workbook = Workbook()
    sheet = workbook.active
    put(sheet["A1"], '=HYPERLINK("http://evil.example")')
    put(sheet["A2"], "- Chủ nhiệm Ủy ban kiểm tra")
    put(sheet["A3"], 7)
    sheet["A4"] = "=1+1"  # what would happen without it
    buffer = io.BytesIO()
    workbook.save(buffer)
    reread = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert reread["A1"].data_type == "s"
    assert reread["A1"].value == '=HYPERLINK("http://evil.example")'
    assert reread["A1"].quotePrefix
    assert reread["A2"].value == "- Chủ nhiệm Ủy ban kiểm tra"
    assert reread["A2"].data_type == "s" and not reread["A2"].quotePrefix
    assert reread["A3"].value == 7
    assert reread["A4"].data_type == "f"
