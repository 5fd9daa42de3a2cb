"""Spreadsheets of nominations (openpyxl).

Every text written to a cell goes through ``safe_cell``: a cell that a spreadsheet would read
as a formula (CSV/formula injection, e.g. an achievement summary typed as ``=HYPERLINK(...)``)
is written as plain text instead.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaigns.models import Campaign

#: characters an XML 1.0 document cannot hold (xlsx and docx are XML): openpyxl's own pattern
#: misses the non-characters U+FFFE/U+FFFF and lone surrogates, which made the writer raise
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: a text starting with one of these may be run as a formula by a spreadsheet
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xml_text(value: str) -> str:
    """``value`` without the characters an XML file cannot hold (a pasted vertical tab, ...)."""
    return XML_ILLEGAL_RE.sub("", value)


def safe_cell(value):
    """``value`` as a spreadsheet cell may safely hold it.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    single quote, so it is shown as written and never evaluated; control characters that the
    file format cannot hold are dropped. Anything that is not text is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


#: the columns of the final list: title and width (in characters)
FINAL_LIST_COLUMNS = (
    (gettext_lazy("No."), 6),
    (gettext_lazy("Full name or collective"), 30),
    (gettext_lazy("Position"), 24),
    (gettext_lazy("Phone"), 14),
    (gettext_lazy("Filing unit"), 30),
    (gettext_lazy("Forwarded by"), 30),
    (gettext_lazy("Category"), 26),
    (gettext_lazy("Achievement summary"), 60),
    (gettext_lazy("Eligible"), 12),
    (gettext_lazy("Criteria not met"), 40),
    (gettext_lazy("Dossier complete (summary and criteria)"), 16),
    (gettext_lazy("State and decision"), 30),
)
WRAPPED_COLUMNS = {8, 10, 12}  # long texts, 1-based


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def final_list_row(number: int, nomination) -> list:
    """One row of the final list, from a nomination prepared by ``progress.final_list``."""
    person = nomination.person
    failed = "; ".join(f"{r.label}: {r.reason}" for r in nomination.eligibility if not r.passed)
    return [
        number,
        nomination.nominee_name,
        person.position if person else "",
        person.phone if person else "",
        nomination.filing_unit.name,
        nomination.came_through.name if nomination.came_through else "",
        nomination.category.name,
        nomination.achievement_summary,
        _yes_no(nomination.is_eligible),
        failed,
        _yes_no(nomination.dossier_complete),
        nomination.decision_text,
    ]


def final_list_workbook(campaign: Campaign, nominations) -> bytes:
    """The final list as an .xlsx file: a header row, then one row per nomination."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Final list")[:31]
    workbook.properties.title = safe_cell(campaign.title)
    sheet.append([safe_cell(str(title)) for title, _width in FINAL_LIST_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, (_title, width) in enumerate(FINAL_LIST_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, nomination in enumerate(nominations, start=1):
        sheet.append([safe_cell(value) for value in final_list_row(number, nomination)])
        for column in WRAPPED_COLUMNS:
            sheet.cell(row=number + 1, column=column).alignment = Alignment(
                vertical="top", wrap_text=True
            )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
