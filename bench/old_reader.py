"""The spreadsheet reader used before python-calamine (issue 17), kept for two comparisons only:
the benchmark measures it beside the new reader in the same run (``bench/run.py``), and a test
checks that both give the same values on the test workbooks. Nothing in the application calls it.

It reads the first sheet of an .xlsx with lxml over openpyxl's package reader (and its private
``_date_formats``), as ``committees.imports.reading`` did.
"""

from __future__ import annotations

import io
import re
from contextlib import suppress
from functools import cache

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from committees.models import normalize_text

# The package around the cells (content types, workbook, relationships, styles) is read by
# openpyxl, in read-only mode and for values only. The cells of the first sheet are read here,
# with the same rules, because openpyxl's own row iterator is three times slower: it parses a
# whole sheet once more when the sheet does not state its size (openpyxl itself writes no size)
# and builds a rich-text object for every string; 250,000 rows must import in under a minute.
_MAIN = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _VALUE = _MAIN + "row", _MAIN + "c", _MAIN + "v"
_INLINE, _TEXT, _RUN = _MAIN + "is", _MAIN + "t", _MAIN + "r"
_STRING_ITEM = _MAIN + "si"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as ``_xHHHH_`` (``_x005F_`` is ``_`` itself)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rich_text(element) -> str:
    """The text of a string item: its ``<t>``, or the ``<t>`` of each run (not the phonetics)."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            text = child.find(_TEXT)
            if text is not None:
                parts.append(text.text or "")
    return _unescape("".join(parts))


def _shared_strings(archive, path: str | None) -> list[str]:
    strings: list[str] = []
    if path is None:
        return strings
    with archive.open(path) as source:
        for _event, element in iterparse(source):
            if element.tag == _STRING_ITEM:
                strings.append(_rich_text(element))
                element.clear()
    return strings


@cache
def _column_number(letters: str) -> int:
    return column_index_from_string(letters)


def _row_elements(source):
    """The ``<row>`` elements of a sheet, each cleared once used. lxml picks them out in C (the
    standard library's parser hands every cell and value to Python: half the time of a
    250,000-row import); it resolves no entity, reads no DTD and fetches nothing, and a sheet
    that declares a DTD at all is refused as damaged (no spreadsheet program writes one)."""
    checked = False
    for _event, row in etree.iterparse(
        source,
        events=("end",),
        tag=_ROW,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    ):
        if not checked:
            if row.getroottree().docinfo.doctype:
                raise ValueError("a sheet with a DTD")
            checked = True
        yield row
        row.clear()
        # the cleared rows stay attached to the sheet: drop them to keep the memory flat
        while row.getprevious() is not None:
            del row.getparent()[0]


def _first_child(element, tag: str):
    """``element.find(tag)`` of an lxml element, in half the time: lxml builds a Python object
    for each element it hands out, and find() builds more of them."""
    for child in element.iterchildren(tag):
        return child
    return None


def _sheet_rows(source, strings: list[str], date_styles, duration_styles, epoch):
    """``(row number, values)`` for every ``<row>`` of a sheet, values as openpyxl gives them
    with ``data_only``: the cached result of a formula, numbers, dates and times by style."""
    number = 0
    column_number = _column_number
    for row in _row_elements(source):
        stated = row.get("r")
        number = int(float(stated)) if stated else number + 1
        values: list = []
        column = 0
        for cell in row.iterchildren(_CELL):
            reference = cell.get("r")
            column = column_number(reference.rstrip("0123456789")) if reference else column + 1
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = _first_child(cell, _INLINE)
                value = None if inline is None else _rich_text(inline)
            else:
                element = _first_child(cell, _VALUE)
                value = None if element is None else element.text
                if not value:
                    value = None
                elif kind == "n":
                    value = (
                        float(value)
                        if ("." in value or "E" in value or "e" in value)
                        else int(value)
                    )
                    style = cell.get("s")
                    if style and int(style) in date_styles:
                        # Out of the calendar: the number stays, for the importer to judge.
                        with suppress(OverflowError, ValueError):
                            value = from_excel(
                                value, epoch, timedelta=int(style) in duration_styles
                            )
                elif kind == "s":
                    value = strings[int(value)]
                elif kind == "b":
                    value = value.strip() in ("1", "true")
                elif kind == "d":
                    value = from_ISO8601(value)
                # "str" (a formula's text) and "e" (an error such as #N/A) stay text
            if value is None:
                continue
            if column > len(values):
                values.extend([None] * (column - 1 - len(values)))
                values.append(value)
            else:
                values[column - 1] = value
        yield number, values


def read_xlsx(file) -> tuple[list, list[tuple[int, tuple]]]:
    """The headers (first row) and the non-empty rows after it, as the old reader gave them."""
    if not file.seekable():
        file = io.BytesIO(file.read())
    file.seek(0)
    headers = None
    rows = []
    try:
        package = ExcelReader(file, read_only=True, data_only=True)
        package.read_manifest()
        package.read_workbook()
        workbook = package.wb
        apply_stylesheet(package.archive, workbook)
        sheets = [
            relation.target
            for _sheet, relation in package.parser.find_sheets()
            if relation.target in package.valid_files and "chartsheet" not in relation.Type
        ]
        strings_part = package.package.find(SHARED_STRINGS)
    except Exception:
        raise ValueError("not a workbook") from None
    archive = package.archive
    try:
        if not sheets:
            raise ValueError("not a workbook")
        strings = _shared_strings(archive, strings_part.PartName[1:] if strings_part else None)
        with archive.open(sheets[0]) as source:
            rows_of_sheet = _sheet_rows(
                source, strings, workbook._date_formats, workbook._timedelta_formats, workbook.epoch
            )
            for number, raw in rows_of_sheet:
                values = tuple(
                    (normalize_text(v) or None) if isinstance(v, str) else v for v in raw
                )
                if headers is None:
                    headers = [v if v is None else normalize_text(str(v)) or None for v in values]
                elif values.count(None) != len(values):
                    rows.append((number, values))
    finally:
        archive.close()
    return headers, rows
