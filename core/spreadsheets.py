"""Writing spreadsheet cells safely, for every app that exports (openpyxl).

Text is a text cell, never a formula, and its text is never changed: text that a spreadsheet
would run if typed in again (CSV/formula injection, e.g. ``=HYPERLINK(...)``) carries the
quote-prefix style, which Excel and LibreOffice show without an apostrophe. Characters an XML
file cannot hold are dropped. ``print_setup`` prints a sheet on A4 landscape, one page wide, its
header row on every page and frozen on screen.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise

#: characters an XML 1.0 document cannot hold (xlsx and docx are XML): openpyxl's own pattern
#: misses the non-characters U+FFFE/U+FFFF and lone surrogates, which made the writer raise
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: what a text may start with to be read as a formula by a spreadsheet (kept for the tests)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: a text a spreadsheet would run as a formula when typed in: a leading "=", or "+", "-" or "@"
#: followed by a formula (a number, an operator, a bracket, a function call, a cell reference),
#: after any tabs or carriage returns. "- Chủ nhiệm…" (a list dash) is not one.
FORMULA_START = re.compile(
    r"[\t\r]*(?:=|[+\-@]\s*(?:[=+\-@(\d]|[^\W\d][\w.]*\s*\(|\$?[A-Za-z]{1,3}\$?\d))"
)


def xml_text(value: str) -> str:
    """``value`` without the characters an XML file cannot hold (a pasted vertical tab, ...)."""
    return XML_ILLEGAL_RE.sub("", value)


def looks_like_formula(text: str) -> bool:
    return bool(FORMULA_START.match(text))


def put(cell, value):
    """Write ``value`` into an openpyxl cell as it is: text is a text cell, never a formula, and
    text that a spreadsheet would run if it were typed in again carries the quote-prefix style
    (Excel and LibreOffice show it as written, without an apostrophe). Only the characters the
    file cannot hold are dropped. Returns the cell."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = xml_text(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def print_setup(sheet, header_row: int = 1) -> None:
    """A4 landscape, one page wide (as many pages down as needed), the header row repeated on
    every page and frozen on screen."""
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
