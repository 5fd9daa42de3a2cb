"""The printed sheet of new credentials, one part per unit, as PDF (WeasyPrint) and Excel
(openpyxl): what a district hands out at a meeting.

It is rendered here rather than by ``dossiers`` (which sits above ``accounts``): one small
template, fonts from the system through fontconfig, and a URL fetcher that refuses everything,
since the sheet references nothing. Text cells of the workbook are written as text
(``data_type = "s"`` and ``quotePrefix``), so a name typed as ``=...`` is never a formula.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from core.spreadsheets import put

from .services import Credential

PDF_CONTENT_TYPE = "application/pdf"
STYLESHEET = Path(__file__).with_name("sheet.css")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = (6, 28, 22, 26, 60)


class NothingFetcher(URLFetcher):
    """The sheet references no file, image or address: any request is a bug, refused."""

    def fetch(self, url, headers=None):
        raise ValueError(f"The account sheet refuses to fetch {url[:200]}")


@dataclass(frozen=True)
class Row:
    full_name: str
    username: str
    role: str
    secret: str


@dataclass(frozen=True)
class Group:
    unit_code: str
    unit_name: str
    rows: list[Row]


def groups(credentials: list[Credential], base_url: str) -> list[Group]:
    """The credentials by unit (in unit code order), each with its password or its full link."""
    base = base_url.rstrip("/")
    ordered = sorted(credentials, key=lambda c: (c.unit_code, c.full_name, c.username))
    return [
        Group(
            code,
            items[0].unit_name,
            [
                Row(
                    c.full_name,
                    c.username,
                    c.role,
                    c.password or (base + c.link_path),
                )
                for c in items
            ],
        )
        for code, grouped in itertools.groupby(ordered, key=lambda c: c.unit_code)
        for items in [list(grouped)]
    ]


def _texts(credentials: list[Credential]) -> dict:
    with_password = any(c.password for c in credentials)
    with_link = any(not c.password for c in credentials)
    if with_password and with_link:
        secret = _("Initial password or link to choose a password")
    elif with_password:
        secret = _("Initial password")
    else:
        secret = _("Link to choose a password (works once)")
    return {
        "title": _("Accounts handed out"),
        "note": _(
            "Each comrade logs in with the user name and the initial password, or opens the "
            "link to choose a password, and must choose their own password at once. Keep this "
            "sheet safe and destroy it once the accounts are handed out."
        ),
        "headers": [_("No."), _("Full name"), _("User name"), _("Role"), secret],
    }


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sheet_pdf(credentials: list[Credential], base_url: str) -> bytes:
    html = render_to_string(
        "accounts/sheet_pdf.html",
        {"groups": groups(credentials, base_url), **_texts(credentials)},
    )
    fonts = FontConfiguration()
    fetcher = NothingFetcher()
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"), font_config=fonts, url_fetcher=fetcher
    )
    document = HTML(string=_nfc(html), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def _text_cell(sheet, row: int, column: int, value, *, font: Font):
    cell = put(sheet.cell(row=row, column=column), _nfc(value) if isinstance(value, str) else value)
    cell.font = font
    cell.border = BOX
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def _sheet_title(code: str, used: set[str]) -> str:
    title = re.sub(r"[\\/*?:\[\]]", "-", code)[:28] or "-"
    candidate, n = title, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{title[:25]}~{n}"
    used.add(candidate.lower())
    return candidate


def sheet_xlsx(credentials: list[Credential], base_url: str) -> bytes:
    """One worksheet per unit: title, unit, header row, one row per account."""
    texts = _texts(credentials)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold, plain = Font(name="Times New Roman", bold=True, size=12), Font(name="Times New Roman")
    for group in groups(credentials, base_url):
        sheet = workbook.create_sheet(_sheet_title(group.unit_code, used))
        last = get_column_letter(len(WIDTHS))
        for number, text in enumerate(
            (texts["title"], f"{group.unit_name} ({group.unit_code})", texts["note"]), start=1
        ):
            sheet.merge_cells(f"A{number}:{last}{number}")
            cell = _text_cell(sheet, number, 1, text, font=bold if number < 3 else plain)
            cell.border = Border()
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.row_dimensions[3].height = 45
        header_row = 5
        for column, (header, width) in enumerate(zip(texts["headers"], WIDTHS, strict=True), 1):
            _text_cell(sheet, header_row, column, header, font=bold)
            sheet.column_dimensions[get_column_letter(column)].width = width
        for offset, row in enumerate(group.rows, start=1):
            values = (offset, row.full_name, row.username, row.role, row.secret)
            for column, value in enumerate(values, start=1):
                _text_cell(sheet, header_row + offset, column, value, font=plain)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
