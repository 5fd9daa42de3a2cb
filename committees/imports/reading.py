"""Turning an uploaded spreadsheet into numbered rows, refusing anything that is not one.

Workbooks (.xlsx, .xlsm, .xlsb, .ods, and Excel 97-2003 .xls) are read by python-calamine, row
by row; .csv files must be UTF-8 text. The content decides, not the name: a zip must hold a
workbook's parts and unpack to a reasonable size (checked from its declarations, then while
inflating it once, before the reader sees it); an OLE2 file is an .xls, or a workbook protected
by a password (refused).

The header row is the first row, within the first ``HEADER_SEARCH_ROWS``, that holds the
expected column names: a title above it (often merged across the columns) or empty rows are
skipped. Every text cell comes out NFC-normalised with folded white space, empty cells as
``None``, whole numbers as ``int``. A cell holding a spreadsheet error (``#N/A``, ``#REF!``…)
is refused at its row and column. Text typed in the legacy encodings TCVN3 or VNI is converted
column by column (``committees.imports.legacy``), and the table says what was converted.
"""

from __future__ import annotations

import csv
import ctypes
import io
import itertools
import os
import re
import unicodedata
import zipfile
from array import array
from collections.abc import Iterable, MutableSequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.utils.cell import get_column_letter

# openpyxl's choice of parser: defusedxml when installed, else the standard library's expat
# (which refuses entity expansion bombs since expat 2.4.1 and never fetches external entities).
from openpyxl.xml.functions import fromstring
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from committees.models import normalize_text

from . import legacy
from .results import WHOLE_FILE, ImportRefused, RowError
from .values import lookup_key

#: members smaller than this may compress as well as they like (styles, empty sheets)
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 10_000
#: the header row is looked for among this many first rows that are not empty
HEADER_SEARCH_ROWS = 10

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
#: the stream an encrypted (password-protected) OpenXML workbook keeps inside its OLE2 file
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CSV_DELIMITERS = (",", ";", "\t")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")

#: what a spreadsheet shows in a cell whose formula failed (Excel, and LibreOffice's Err:nnn)
ERROR_VALUE = re.compile(
    r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!"
    r"|CONNECT!|UNKNOWN!|BUSY!)|Err:\d{3}"
)


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_unpacked_bytes() -> int:
    return settings.IMPORT_MAX_UNPACKED_BYTES


@dataclass
class ColumnConversion:
    """One column converted from a legacy encoding, for the user to check."""

    column: str
    encoding: str
    cells: int
    #: a few (before, after) pairs
    samples: list[tuple[str, str]] = field(default_factory=list)

    @property
    def encoding_name(self) -> str:
        return legacy.NAMES[self.encoding]

    def sentence(self) -> str:
        before, after = self.samples[0] if self.samples else ("", "")
        return _(
            "Column %(column)s is typed in the old %(encoding)s encoding and is converted to "
            "Unicode (%(count)s cells; for example %(before)s becomes %(after)s)."
        ) % {
            "column": self.column,
            "encoding": self.encoding_name,
            "count": self.cells,
            "before": before,
            "after": after,
        }


class Rows(MutableSequence):
    """A table's rows, ``(spreadsheet row number, values)`` pairs, kept as two parallel lists:
    the numbers as machine integers, the values as tuples; a pair is made when it is asked for.

    A list of pairs would spend a tuple and an integer object per row besides its values (about
    25 MiB for 250,000 rows), held while python-calamine still holds its copy of the sheet."""

    __slots__ = ("numbers", "values")

    def __init__(self, pairs: Iterable[tuple[int, tuple]] = ()):
        self.numbers = array("q")
        self.values: list[tuple] = []
        for number, values in pairs:
            self.numbers.append(number)
            self.values.append(values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self):
        return zip(self.numbers, self.values)  # noqa: B905 - always of the same length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(self.numbers[index], self.values[index]))  # noqa: B905
        return (self.numbers[index], self.values[index])

    def __setitem__(self, index, pair) -> None:
        if isinstance(index, slice):
            raise TypeError("Rows are replaced one at a time")
        self.numbers[index], self.values[index] = pair

    def __delitem__(self, index) -> None:
        del self.numbers[index]
        del self.values[index]

    def insert(self, index: int, pair) -> None:
        number, values = pair
        self.numbers.insert(index, number)
        self.values.insert(index, values)

    def __eq__(self, other) -> bool:
        if isinstance(other, Rows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({list(self)!r})"


@dataclass
class Table:
    """The header row (``None`` for an empty header cell) and the non-empty rows after it, each
    as ``(spreadsheet row number, values)``; a row may be shorter than the headers.
    ``header_row`` is the spreadsheet row of the headers; ``conversions`` lists the columns
    converted from a legacy encoding."""

    headers: list[str | None]
    rows: MutableSequence[tuple[int, tuple]] = field(default_factory=Rows)
    header_row: int = 1
    conversions: list[ColumnConversion] = field(default_factory=list)
    #: per column, the encoding its header was found in (see ``_header_key_matches``)
    header_encodings: list = field(default_factory=list, repr=False)

    def column_name(self, index: int) -> str:
        """The header of column ``index`` (from 0), or its letter when it has none."""
        header = self.headers[index] if index < len(self.headers) else None
        return header or get_column_letter(index + 1)


def refuse(message: str) -> ImportRefused:
    return ImportRefused([RowError(WHOLE_FILE, "", message)])


def read_table(
    file,
    filename: str,
    *,
    row_limit: int | None = None,
    header_names=None,
    legacy_encoding: str = legacy.AUTO,
) -> Table:
    """Read ``file`` (a binary file object) as the kind its ``filename`` names.

    ``header_names``, the column headers the caller knows, find the header row below a title;
    without them it is the first row of two cells or more. ``legacy_encoding`` is ``auto``
    (convert the columns found to be TCVN3 or VNI text), ``tcvn3`` or ``vni`` (convert every
    column that is not Unicode from that encoding), or ``none`` (convert nothing).
    """
    if legacy_encoding not in legacy.MODES:
        raise ValueError(f"legacy_encoding must be one of {', '.join(legacy.MODES)}")
    row_limit = max_rows() if row_limit is None else row_limit
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise refuse(
            _(
                "Only spreadsheets can be imported: Excel workbooks (.xlsx, .xlsm, .xlsb, "
                ".xls), OpenDocument spreadsheets (.ods) and CSV files (.csv)."
            )
        )
    if not file.seekable():
        file = io.BytesIO(file.read())
    file.seek(0)
    if not file.read(1):
        raise refuse(_("The file is empty."))
    file.seek(0)
    keys = None if header_names is None else {lookup_key(name) for name in header_names}
    if suffix == ".csv":
        rows = _csv_rows(file.read())
        empty = _("The file is empty.")
        table = _collect(rows, row_limit, keys, empty=empty, mode=legacy_encoding)
        hint = None
    else:
        table, hint = _read_workbook(file, row_limit, keys, legacy_encoding)
    columns = _scan_columns(table)
    _refuse_error_cells(table, columns)
    _convert_legacy(table, columns, legacy_encoding, hint)
    return table


# --- rows ---------------------------------------------------------------------------------------


# OOXML writes a character XML cannot hold as ``_xHHHH_``; calamine restores those up to
# U+00FF only, and leaves the rest as written (``_x202E_``, a right-to-left override).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code > 0xFF else match.group(0)


#: the cleaned form of the texts seen first in each column, shared by every cell that repeats
#: them (genders, units, positions, dates): one string in memory instead of one per cell, and
#: no second normalisation. Bounded per column: a column of unique names or codes fills its
#: own, and then only its seen texts hit; the other columns keep theirs.
CLEAN_CACHE_SIZE = 20_000

#: white space other than single spaces between words
_UNTIDY_SPACE = re.compile(r"[^\S ]|  |^ | $")


def _cleaner(*, unescape: bool = False):
    """``clean(text, column)``: the text NFC with folded white space (``None`` when empty);
    with ``unescape``, OOXML's ``_xHHHH_`` escapes restored (``_unescaped``)."""
    caches: list[dict[str, str | None]] = []
    nfc = unicodedata.normalize
    is_nfc = unicodedata.is_normalized
    untidy = _UNTIDY_SPACE.search

    def clean(text: str, column: int = 0) -> str | None:
        while column >= len(caches):
            caches.append({})
        cache = caches[column]
        cleaned = cache.get(text, text)
        if cleaned is not text:
            return cleaned
        if is_nfc("NFC", text) and not untidy(text):
            cleaned = text or None  # already clean: most cells
        else:
            cleaned = " ".join(nfc("NFC", text).split()) or None
        if unescape and cleaned and "_x" in cleaned:
            cleaned = _unescaped(cleaned)
        if len(cache) < CLEAN_CACHE_SIZE:
            cache[text] = cleaned
        return cleaned

    return clean


def _clean_row(raw, *, unescape: bool = False, clean=None) -> tuple:
    """Cell values as the importers take them: text NFC with folded space, ``None`` for an
    empty cell, whole numbers as ``int``. (One comprehension: this runs for every row.)

    A ``clean`` made with ``_cleaner(unescape=True)`` restores the escapes itself, once per
    distinct text; ``unescape`` here is for a row cleaned without it."""
    clean = clean or _cleaner()
    values = [
        clean(value, column)
        if value.__class__ is str
        else int(value)
        if value.__class__ is float and value.is_integer()
        else value
        for column, value in enumerate(raw)
    ]
    if unescape:
        values = [
            _unescaped(value) if value.__class__ is str and "_x" in value else value
            for value in values
        ]
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _unescaped(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _ESCAPED.sub(_unescape, text)).split())


def _header_text(value) -> str | None:
    return None if value is None else normalize_text(str(value)) or None


#: a header cell that names its column in Unicode (or in letters that no encoding changes)
UNICODE = "unicode"


def _header_key_matches(values, keys, encodings) -> tuple[int, list, list]:
    """How many cells of ``values`` name a known column, as written or once converted from a
    legacy encoding; the cells as headers (converted where that made them match); and for each
    the encoding it matched in (``UNICODE`` as written, ``None`` when plain ASCII or unknown)."""
    found = 0
    headers, spelled = [], []
    for value in values:
        text, encoding = _header_text(value), None
        if text is not None:
            candidates = [(text, UNICODE)]
            candidates += [(legacy.DECODERS[name](text), name) for name in encodings]
            for candidate, name in candidates:
                if lookup_key(candidate) in keys:
                    found += 1
                    text, encoding = candidate, name
                    break
            if encoding == UNICODE and text.isascii():
                encoding = None  # "T1", "Điểm" are evidence; "T1" is not
        headers.append(text)
        spelled.append(encoding)
    return found, headers, spelled


def _collect(rows, row_limit: int, keys, *, empty: str, mode: str) -> Table:
    """The header row and the data rows after it; ``rows`` gives ``(number, cleaned values)``."""
    pending: list[tuple[int, list]] = []
    table: Table | None = None
    encodings = legacy.ENCODINGS if mode == legacy.AUTO else (mode,) if mode != legacy.NONE else ()

    def start(number: int, values, headers=None, spelled=None) -> Table:
        return Table(
            headers=headers or [_header_text(value) for value in values],
            header_row=number,
            header_encodings=spelled or [],
        )

    rows = iter(rows)
    for number, values in rows:
        if not values:
            continue
        pending.append((number, values))
        if keys is not None:
            found, headers, spelled = _header_key_matches(values, keys, encodings)
            if found >= min(2, len(keys)):
                table = start(number, values, headers, spelled)
                pending = []
                break
        elif sum(value is not None for value in values) >= 2:
            table = start(number, values)
            pending = []
            break
        if len(pending) >= HEADER_SEARCH_ROWS:
            break
    if table is None:
        if not pending:
            raise refuse(empty)
        # No row names the columns: the first row of two cells or more is taken as the
        # headers, and the importer says which columns it does not know.
        at = next((i for i, (_n, v) in enumerate(pending) if sum(x is not None for x in v) > 1), 0)
        table = start(*pending[at])
        pending = pending[at + 1 :]
    # one more than the limit, to know that there are more
    table.rows = Rows(
        itertools.islice((row for row in itertools.chain(pending, rows) if row[1]), row_limit + 1)
    )
    if len(table.rows) > row_limit:
        raise refuse(
            _("The file has more than %(limit)s rows of data; split it into smaller files.")
            % {"limit": number_format(row_limit, force_grouping=True)}
        )
    return table


@dataclass
class _Column:
    """What one pass over a column found: cells holding a spreadsheet error, text cells beyond
    the Western characters (Unicode Vietnamese), and text of Western characters that are not
    all ASCII (Vietnamese as written, or a legacy encoding), each as (row, text)."""

    errors: list = field(default_factory=list)
    unicode: list = field(default_factory=list)
    western: list = field(default_factory=list)


_BEYOND_LATIN1 = re.compile("[\u0100-\U0010ffff]")


def _scan_columns(table: Table) -> list[_Column]:
    """One pass over every cell, column by column (the rows transposed in C).

    The Unicode cells of a column matter only beside Western ones (a column that may be in a
    legacy encoding), so they are collected in a second pass over those columns alone: a
    column of Unicode names would otherwise be copied whole into the list."""
    rows = table.rows
    numbers = rows.numbers if isinstance(rows, Rows) else [number for number, _values in rows]
    found = []
    beyond = _BEYOND_LATIN1.search
    error = ERROR_VALUE.fullmatch
    every_values = rows.values if isinstance(rows, Rows) else [values for _number, values in rows]
    for column in itertools.zip_longest(*every_values):
        scan = _Column()
        western = scan.western.append
        for number, value in zip(numbers, column, strict=True):
            if value.__class__ is str:
                if not value.isascii():
                    if not beyond(value):
                        western((number, value))
                elif value[0] in "#E" and error(value):
                    scan.errors.append((number, value))
        if scan.western:
            scan.unicode = [
                (number, value)
                for number, value in zip(numbers, column, strict=True)
                if value.__class__ is str and not value.isascii() and beyond(value)
            ]
        found.append(scan)
    return found


def _refuse_error_cells(table: Table, columns: list[_Column]) -> None:
    found = [
        RowError(
            number,
            table.column_name(index),
            _(
                "This cell holds the spreadsheet error %(error)s instead of a value: "
                "correct its formula, or type the value."
            )
            % {"error": text},
        )
        for index, column in enumerate(columns)
        for number, text in column.errors
    ]
    if found:
        raise ImportRefused(sorted(found, key=lambda error: error.row))


# --- legacy encodings ----------------------------------------------------------------------------

SAMPLES_SHOWN = 3


def _convert_legacy(table: Table, columns: list[_Column], mode: str, hint: str | None) -> None:
    """Convert the columns written in TCVN3 or VNI, or refuse the file (see ``legacy``)."""
    if mode == legacy.NONE or not table.rows:
        return
    verdicts: dict[int, legacy.ColumnVerdict] = {}
    problems: list[RowError] = []
    first = [legacy.judge_column(c.unicode, c.western, mode, hint) for c in columns]
    # The encoding of the file, when its clearly legacy columns agree (or its fonts name one)
    spelled = table.header_encodings
    found = {verdict.encoding for verdict in first if verdict.encoding}
    found |= {encoding for encoding in spelled if encoding in legacy.ENCODINGS}
    file_context = found.pop() if len(found) == 1 else hint
    for index, column in enumerate(columns):
        verdict = first[index]
        # A header in Unicode says its column is Unicode; a header in TCVN3 or VNI, or the
        # rest of the file, says the column's short words are too.
        header = spelled[index] if index < len(spelled) else None
        context = None if header == UNICODE else header or file_context
        if context and not verdict.encoding:
            verdict = legacy.judge_column(column.unicode, column.western, mode, hint, context)
        name = table.column_name(index)
        if verdict.ambiguous:
            problems.append(
                RowError(
                    table.header_row,
                    name,
                    _(
                        "The text of this column reads as Vietnamese both in TCVN3 and in VNI, "
                        "so it cannot be converted without knowing which: import the file "
                        "again choosing the encoding, or convert it to Unicode first "
                        "(for example with Unikey's converter)."
                    ),
                )
            )
        elif verdict.encoding:
            verdicts[index] = verdict
            encoding_name = legacy.NAMES[verdict.encoding]
            for number, _text in verdict.unicode_cells:
                problems.append(
                    RowError(
                        number,
                        name,
                        _(
                            "This column is typed in the old %(encoding)s encoding, but this "
                            "cell is in Unicode: a column is converted whole or not at all. "
                            "Convert the whole column to Unicode (for example with Unikey's "
                            "converter), or retype this cell in %(encoding)s."
                        )
                        % {"encoding": encoding_name},
                    )
                )
    if problems:
        raise ImportRefused(problems)
    if not verdicts:
        return
    converted = dict.fromkeys(verdicts, 0)
    samples: dict[int, list] = {index: [] for index in verdicts}
    rows = table.rows
    for position, (number, values) in enumerate(rows):
        changed = None
        for index, verdict in verdicts.items():
            if index < len(values) and type(values[index]) is str:
                before = values[index]
                after = normalize_text(legacy.DECODERS[verdict.encoding](before))
                if after != before:
                    changed = changed or list(values)
                    changed[index] = after
                    converted[index] += 1
                    if len(samples[index]) < SAMPLES_SHOWN:
                        samples[index].append((before, after))
        if changed is not None:
            rows[position] = (number, tuple(changed))
    for index, verdict in verdicts.items():
        if index < len(table.headers) and table.headers[index]:
            header = table.headers[index]
            if not re.search("[\u0100-\uffff]", header):
                table.headers[index] = normalize_text(legacy.DECODERS[verdict.encoding](header))
        table.conversions.append(
            ColumnConversion(
                table.column_name(index), verdict.encoding, converted[index], samples[index]
            )
        )


# --- workbooks ----------------------------------------------------------------------------------


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


def _not_a_spreadsheet() -> ImportRefused:
    return refuse(
        _(
            "This file is not a spreadsheet that can be read, whatever its name says: open it "
            "in Excel or LibreOffice Calc and save it as an Excel Workbook (.xlsx)."
        )
    )


def _too_big() -> ImportRefused:
    return refuse(_("This workbook unpacks to an unreasonable size and was refused."))


def _damaged() -> ImportRefused:
    return refuse(_("The workbook is damaged and could not be read to the end."))


def _password() -> ImportRefused:
    return refuse(
        _(
            "This workbook is protected by a password: open it, remove the password "
            "(File, Info, Protect Workbook) and save it again."
        )
    )


def check_xlsx_archive(file) -> list[zipfile.ZipInfo]:
    """Refuse anything but a workbook zip (.xlsx, .xlsm, .xlsb or .ods) of a reasonable
    unpacked size, before opening it."""
    try:
        members = check_zip_archive(file, (), max_unpacked=max_unpacked_bytes())
    except ArchiveRefused as refused:
        raise (_too_big() if refused.too_big else _not_a_spreadsheet()) from None
    names = {member.filename for member in members}
    is_ooxml = "[Content_Types].xml" in names and (
        "xl/workbook.xml" in names or "xl/workbook.bin" in names
    )
    if not is_ooxml and "content.xml" not in names:
        raise _not_a_spreadsheet()
    return members


@dataclass
class _ErrorScan:
    """Where the cells holding an error are written, for the formats that keep them: calamine
    reads an error cell as an empty one."""

    part: str
    marker: bytes
    locate: object  # (source) -> iterator of (row, column from 0, text)


INFLATE_CHUNK = 1024 * 1024


def _inflate_every_member(file, members, scan: _ErrorScan | None) -> bool:
    """Inflate every member once, within its declared size (``zipfile`` stops there and checks
    the CRC, so a member lying about its size is found without unpacking the lie); whether the
    ``scan`` part holds its error marker."""
    found = False
    try:
        with zipfile.ZipFile(file) as archive:
            for member in members:
                if member.is_dir():
                    continue
                watched = scan is not None and member.filename == scan.part
                tail = b""
                with archive.open(member) as source:
                    while chunk := source.read(INFLATE_CHUNK):
                        if watched and not found:
                            found = scan.marker in tail + chunk
                            tail = chunk[-len(scan.marker) :]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    except NotImplementedError:  # a compression method zipfile does not know
        raise _not_a_spreadsheet() from None
    finally:
        file.seek(0)
    return found


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _small_part(archive: zipfile.ZipFile, name: str):
    """A small XML part of the package, parsed without entities or DTDs (``None`` if absent)."""
    try:
        return fromstring(archive.read(name))
    except KeyError:
        return None


def _ooxml_parts(file) -> tuple[list[str], list[str]]:
    """The sheet parts of an .xlsx in workbook order, and the names of its fonts."""
    with zipfile.ZipFile(file) as archive:
        workbook = _small_part(archive, "xl/workbook.xml")
        relations = _small_part(archive, "xl/_rels/workbook.xml.rels")
        styles = _small_part(archive, "xl/styles.xml")
    file.seek(0)
    targets = {}
    if relations is not None:
        for relation in relations.iter(f"{{{_PACKAGE_RELS}}}Relationship"):
            target = relation.get("Target", "")
            target = target[1:] if target.startswith("/") else "xl/" + target
            targets[relation.get("Id")] = target
    sheets = []
    if workbook is not None:
        for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
            sheets.append(targets.get(sheet.get(f"{{{_DOC_RELS}}}id"), ""))
    fonts = []
    if styles is not None:
        for name in styles.iter(f"{{{_MAIN_NS}}}name"):
            fonts.append(name.get("val"))
    return sheets, fonts


def _secure_rows(source, tag: str):
    """The ``tag`` elements of a sheet, each cleared once used: lxml resolves no entity, reads
    no DTD and fetches nothing, and a part that declares a DTD at all is refused as damaged."""
    checked = False
    for _event, element in etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    ):
        if not checked:
            if element.getroottree().docinfo.doctype:
                raise ValueError("a part with a DTD")
            checked = True
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


_CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _xlsx_error_cells(source):
    """(row, column from 0, text) of the ``t="e"`` cells of an .xlsx sheet."""
    main = f"{{{_MAIN_NS}}}"
    number = 0
    for row in _secure_rows(source, main + "row"):
        number = int(row.get("r") or number + 1)
        column = -1
        for cell in row.iterchildren(main + "c"):
            reference = _CELL_REFERENCE.fullmatch(cell.get("r") or "")
            column = _column_index(reference.group(1)) if reference else column + 1
            if cell.get("t") == "e":
                value = cell.find(main + "v")
                yield number, column, (value.text if value is not None else None) or "#N/A"


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_error_cells(source):
    """(row, column from 0, text) of the error cells of the first table of an .ods."""
    table, calcext = f"{{{_ODS_TABLE}}}", f"{{{_ODS_CALCEXT}}}"
    cells = (table + "table-cell", table + "covered-table-cell")
    number = 0
    for row in _secure_rows(source, (table + "table-row", table + "table")):
        if row.tag == table + "table":
            return  # the end of the first table
        repeated_rows = int(row.get(table + "number-rows-repeated") or 1)
        column = 0
        for cell in row.iterchildren(*cells):
            repeated = int(cell.get(table + "number-columns-repeated") or 1)
            if cell.get(calcext + "value-type") == "error":
                text = "".join(cell.itertext()).strip() or "#N/A"
                for offset in range(repeated):
                    yield number + 1, column + offset, text
            column += repeated
        number += repeated_rows


def _workbook_rows(sheet, errors_at: dict[int, dict[int, str]], *, unescape: bool):
    """``(row number, cleaned values)`` of a calamine sheet, with the error cells put back."""
    start = sheet.start
    if start is None:
        return
    first_row, first_column = start
    pad = [None] * first_column
    clean = _cleaner(unescape=unescape)
    for offset, raw in enumerate(sheet.iter_rows()):
        number = first_row + offset + 1
        values = _clean_row(pad + raw if first_column else raw, clean=clean)
        if errors_at and number in errors_at:
            values = list(values)
            for column, text in errors_at[number].items():
                values.extend([None] * (column + 1 - len(values)))
                values[column] = text
            values = tuple(values)
        yield number, values


def _read_workbook(file, row_limit: int, keys, mode: str) -> tuple[Table, str | None]:
    head = file.read(len(OLE2_MAGIC))
    file.seek(0)
    scan = None
    hint = None
    sheet_index = 0
    ooxml = False
    if head.startswith(ZIP_MAGIC):
        members = check_xlsx_archive(file)
        names = {member.filename for member in members}
        ooxml = "[Content_Types].xml" in names
        suffixes = (
            (".xlsx", ".xlsm")
            if "xl/workbook.xml" in names
            else (".xlsb",)
            if "xl/workbook.bin" in names
            else (".ods",)
        )
        if "xl/workbook.xml" in names:
            try:
                sheets, fonts = _ooxml_parts(file)
            except Exception:
                raise _not_a_spreadsheet() from None
            hint = legacy.font_encoding(fonts)
            if sheets:
                scan = _ErrorScan(sheets[0], b't="e"', _xlsx_error_cells)
        elif "content.xml" in names:
            scan = _ErrorScan("content.xml", b'calcext:value-type="error"', _ods_error_cells)
        has_errors = _inflate_every_member(file, members, scan)
    elif head.startswith(OLE2_MAGIC):
        if ENCRYPTED_PACKAGE in file.read():
            raise _password()
        file.seek(0)
        has_errors = False
        suffixes = (".xls",)
    else:
        raise _not_a_spreadsheet()

    path = _path_on_disk(file)
    try:
        if path is not None and path.endswith(suffixes):
            # python-calamine reads a file on disk where it needs to; from a file object it
            # first copies the whole file into its own memory (12 MiB for 250,000 people). By
            # path it goes by the name's suffix, so only when the content says the same.
            workbook = CalamineWorkbook.from_path(path)
        else:
            workbook = CalamineWorkbook.from_filelike(file)
    except PasswordError:
        raise _password() from None
    except (CalamineError, ValueError, OSError, EOFError):
        if head.startswith(OLE2_MAGIC):
            raise refuse(
                _(
                    "This file looks like an Excel 97-2003 workbook (.xls) but cannot be read: "
                    "it may be damaged or protected by a password. Open it in Excel, remove "
                    "any password and save it as an Excel Workbook (.xlsx)."
                )
            ) from None
        raise _not_a_spreadsheet() from None
    sheet = None
    try:
        worksheets = [
            index
            for index, meta in enumerate(workbook.sheets_metadata)
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
        if not worksheets:
            raise _not_a_spreadsheet()
        sheet_index = worksheets[0]
        if scan is not None and sheet_index != 0:
            # the scanned part is the first sheet of the workbook, which is not a worksheet
            has_errors = False
        errors_at: dict[int, dict[int, str]] = {}
        if has_errors:
            file.seek(0)
            with zipfile.ZipFile(file) as archive, archive.open(scan.part) as source:
                for number, column, text in scan.locate(source):
                    errors_at.setdefault(number, {})[column] = text
            file.seek(0)
        sheet = workbook.get_sheet_by_index(sheet_index)
        table = _collect(
            _workbook_rows(sheet, errors_at, unescape=ooxml),
            row_limit,
            keys,
            empty=_("The first sheet of the workbook is empty: put the data on the first sheet."),
            mode=mode,
        )
    except ImportRefused:
        raise
    except Exception:
        raise _damaged() from None
    finally:
        workbook.close()
        sheet = None
        _return_freed_memory()
    return table, hint


def _path_on_disk(file) -> str | None:
    """Where ``file`` is on disk, if it is a file there: an upload Django wrote to a temporary
    file, or a file opened by name that is still the file of that name."""
    if hasattr(file, "temporary_file_path"):
        return file.temporary_file_path()
    name = getattr(file, "name", None)
    if not isinstance(name, str):
        return None
    try:
        same = os.path.samestat(os.fstat(file.fileno()), os.stat(name))
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    return name if same else None


def _return_freed_memory() -> None:
    """Hand the memory python-calamine held for the sheet (about 200 MiB for 250,000 rows of 8
    columns) back to the system before the importer runs: freed memory otherwise stays with the
    process, and the importer's own structures would come on top of it. glibc only."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


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
    """Comma, unless the first lines (a title may stand above the headers) are clearly
    separated by semicolons or tabs."""
    first_lines = "\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    counts = {delimiter: first_lines.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _csv_rows(data: bytes):
    text = _decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    clean = _cleaner()
    try:
        for raw in reader:
            number += 1
            yield number, _clean_row(raw, clean=clean)
    except csv.Error:
        raise refuse(
            _("The CSV file is malformed after row %(row)s (check the quotation marks).")
            % {"row": number}
        ) from None
