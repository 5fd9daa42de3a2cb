"""Turning an uploaded .xlsx or .csv into numbered rows, refusing anything that is not one.

The name of a file says what it claims to be; its content decides. An .xlsx must be an OpenXML
zip whose declared unpacked size is reasonable (Python's ``zipfile`` never inflates a member
beyond its declared size, so checking the declarations bounds the work); a .csv must be UTF-8
text. Every text cell comes out NFC-normalised with folded white space, empty cells as ``None``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

# openpyxl's choice of parser: defusedxml when installed, else the standard library's expat
# (which refuses entity expansion bombs since expat 2.4.1 and never fetches external entities).
from openpyxl.xml.functions import iterparse

from committees.models import normalize_text

from .results import WHOLE_FILE, ImportRefused, RowError

#: members smaller than this may compress as well as they like (styles, empty sheets)
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 10_000

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CSV_DELIMITERS = (",", ";", "\t")


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_unpacked_bytes() -> int:
    return settings.IMPORT_MAX_UNPACKED_BYTES


@dataclass
class Table:
    """The first row as headers (``None`` for an empty header cell) and the non-empty rows after
    it, each as ``(spreadsheet row number, values)``; a row may be shorter than the headers."""

    headers: list[str | None]
    rows: list[tuple[int, tuple]] = field(default_factory=list)


def refuse(message: str) -> ImportRefused:
    return ImportRefused([RowError(WHOLE_FILE, "", message)])


def read_table(file, filename: str, *, row_limit: int | None = None) -> Table:
    """Read ``file`` (a binary file object) as the kind its ``filename`` names."""
    row_limit = max_rows() if row_limit is None else row_limit
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(file, row_limit)
    if suffix == ".csv":
        if file.seekable():
            file.seek(0)
        return _read_csv(file.read(), row_limit)
    if suffix == ".xls":
        raise refuse(
            _(
                "Old Excel files (.xls) are not accepted: open the file in Excel and "
                "save it as an Excel Workbook (.xlsx)."
            )
        )
    raise refuse(_("Only .xlsx and .csv files can be imported."))


class _RowCollector:
    """Numbers the rows, keeps the header, skips empty rows and enforces the row limit."""

    def __init__(self, row_limit: int):
        self.row_limit = row_limit
        self.table: Table | None = None

    def add(self, number: int, raw) -> None:
        values = tuple(
            [(normalize_text(value) or None) if isinstance(value, str) else value for value in raw]
        )
        if self.table is None:
            headers = [
                value if value is None else normalize_text(str(value)) or None for value in values
            ]
            if not any(headers):
                raise refuse(_("The first row must hold the column headers, but it is empty."))
            self.table = Table(headers=headers)
            return
        if values.count(None) == len(values):
            return
        if len(self.table.rows) >= self.row_limit:
            raise refuse(
                _("The file has more than %(limit)s rows of data; split it into smaller files.")
                % {"limit": number_format(self.row_limit, force_grouping=True)}
            )
        self.table.rows.append((number, values))

    def result(self) -> Table:
        if self.table is None:
            raise refuse(_("The file is empty."))
        return self.table


# --- .xlsx -------------------------------------------------------------------------------------


def _not_a_workbook() -> ImportRefused:
    return refuse(
        _(
            "This file is not an Excel workbook (.xlsx), even though its name says so. "
            "Open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    )


class ArchiveRefused(Exception):
    """A file refused by ``check_zip_archive``: not a zip holding the required parts, or (with
    ``too_big``) one that unpacks to an unreasonable size."""

    def __init__(self, *, too_big: bool = False):
        super().__init__("too big" if too_big else "not the expected archive")
        self.too_big = too_big


def check_zip_archive(
    file, required: tuple[str, ...], *, max_unpacked: int
) -> list[zipfile.ZipInfo]:
    """The members of ``file`` (a seekable binary file), if it is a zip holding every part in
    ``required`` whose declared unpacked size is reasonable: at most ``MAX_ZIP_MEMBERS`` members,
    ``max_unpacked`` bytes in all, and no large member compressed more than
    ``MAX_COMPRESSION_RATIO`` times. Nothing is inflated; the file is left at its start.

    Shared by the spreadsheet importer (.xlsx) and the evidence uploads (.docx).
    """
    head = file.read(len(ZIP_MAGIC))
    file.seek(0)
    if not head.startswith(ZIP_MAGIC):
        raise ArchiveRefused
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ArchiveRefused from None
    finally:
        file.seek(0)
    names = {member.filename for member in members}
    if not all(part in names for part in required):
        raise ArchiveRefused
    if len(members) > MAX_ZIP_MEMBERS:
        raise ArchiveRefused(too_big=True)
    if sum(member.file_size for member in members) > max_unpacked:
        raise ArchiveRefused(too_big=True)
    for member in members:
        if (
            member.file_size > RATIO_CHECK_FROM_BYTES
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise ArchiveRefused(too_big=True)
    return members


def check_xlsx_archive(file) -> None:
    """Refuse anything but an OpenXML zip of a reasonable unpacked size, before opening it."""
    head = file.read(len(OLE2_MAGIC))
    file.seek(0)
    if head.startswith(OLE2_MAGIC):
        raise refuse(
            _(
                "This is an old Excel (.xls) file or a password-protected workbook: save "
                "it as an Excel Workbook (.xlsx) without a password."
            )
        )
    try:
        check_zip_archive(
            file, ("[Content_Types].xml", "xl/workbook.xml"), max_unpacked=max_unpacked_bytes()
        )
    except ArchiveRefused as refused:
        if refused.too_big:
            message = _("This workbook unpacks to an unreasonable size and was refused.")
            raise refuse(message) from None
        raise _not_a_workbook() from None


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


def _read_xlsx(file, row_limit: int) -> Table:
    if not file.seekable():
        file = io.BytesIO(file.read())
    file.seek(0)
    check_xlsx_archive(file)
    collector = _RowCollector(row_limit)
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
        raise _not_a_workbook() from None
    archive = package.archive
    try:
        if not sheets:
            raise _not_a_workbook()
        strings = _shared_strings(archive, strings_part.PartName[1:] if strings_part else None)
        with archive.open(sheets[0]) as source:
            rows = _sheet_rows(
                source, strings, workbook._date_formats, workbook._timedelta_formats, workbook.epoch
            )
            for number, raw in rows:
                collector.add(number, raw)
    except ImportRefused:
        raise
    except Exception:
        raise refuse(_("The workbook is damaged and could not be read to the end.")) from None
    finally:
        archive.close()
    return collector.result()


# --- .csv --------------------------------------------------------------------------------------


def _decode_csv(data: bytes) -> str:
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE2_MAGIC):
        raise refuse(
            _(
                "This file is an Excel workbook, not a CSV file: name it .xlsx or save "
                "it from Excel as CSV UTF-8."
            )
        )
    if data.startswith(UTF16_BOMS):
        raise refuse(
            _("This CSV file is in UTF-16: in Excel, save it as “CSV UTF-8 (Comma delimited)”.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(
            _(
                "This CSV file is not UTF-8 text (the first bad character is on line %(line)s): "
                "in Excel, save it as “CSV UTF-8 (Comma delimited)”."
            )
            % {"line": line}
        ) from None
    if "\x00" in text:
        raise refuse(_("This file is not a text CSV file."))
    return text


def _delimiter(text: str) -> str:
    """Comma, unless the header line is clearly separated by semicolons or tabs."""
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _read_csv(data: bytes, row_limit: int) -> Table:
    text = _decode_csv(data)
    collector = _RowCollector(row_limit)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for raw in reader:
            number += 1
            collector.add(number, raw)
    except csv.Error:
        raise refuse(
            _("The CSV file is malformed after row %(row)s (check the quotation marks).")
            % {"row": number}
        ) from None
    return collector.result()
