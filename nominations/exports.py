"""Spreadsheets of nominations (openpyxl).

Every text written to a cell goes through ``safe_cell``: a cell that a spreadsheet would read
as a formula (CSV/formula injection, e.g. an achievement summary typed as ``=HYPERLINK(...)``)
is written as plain text instead.
"""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaigns.models import Campaign
from core.downloads import content_disposition

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


# --- the level's lists and the progress table --------------------------------------------------


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    return response


def text_cell(cell, value) -> None:
    """Put ``value`` in ``cell``; text stays text, exactly as typed: a text a spreadsheet would
    read as a formula is marked as a string (and shown with a quote prefix), never changed."""
    if isinstance(value, str | Promise):
        cell.value = xml_text(str(value))
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value


def table_workbook(title: str, heading: str, columns, rows) -> bytes:
    """One sheet: a line saying what the table is, a bold header frozen above the rows, one
    row per item of ``rows`` (lists of values), the column widths of ``columns``
    (``(title, width)``) and an auto-filter."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xml_text(title)[:31]
    text_cell(sheet.cell(row=1, column=1), heading)
    sheet.cell(row=1, column=1).font = Font(bold=True)
    for index, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=index)
        text_cell(cell, str(name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=3):
        for index, value in enumerate(values, start=1):
            text_cell(sheet.cell(row=number, column=index), value)
    sheet.freeze_panes = "A3"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A2:{last}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


QUEUE_COLUMNS = (
    (gettext_lazy("No."), 6),
    (gettext_lazy("Nominee"), 30),
    (gettext_lazy("Category"), 26),
    (gettext_lazy("Filing unit"), 30),
    (gettext_lazy("State"), 18),
    (gettext_lazy("Eligible"), 10),
    (gettext_lazy("Missing documents"), 40),
    (gettext_lazy("Submitted"), 18),
)


def queue_workbook(campaign: Campaign, unit, nominations) -> bytes:
    """The rows of the appraisal queue ("waiting for us"), as prepared by the queue's view."""
    rows = [
        [
            number,
            n.nominee_name,
            n.category.name,
            n.filing_unit.name,
            str(n.get_state_display()),
            _yes_no(n.is_eligible),
            "; ".join(n.missing_documents),
            _when(n.submitted_at),
        ]
        for number, n in enumerate(nominations, start=1)
    ]
    heading = _("Waiting at %(unit)s · %(campaign)s") % {
        "unit": unit.name,
        "campaign": campaign.title,
    }
    return table_workbook(_("Waiting for us"), heading, QUEUE_COLUMNS, rows)


HANDLED_COLUMNS = (
    (gettext_lazy("No."), 6),
    (gettext_lazy("Nominee"), 30),
    (gettext_lazy("Category"), 26),
    (gettext_lazy("Filing unit"), 30),
    (gettext_lazy("Our decision"), 22),
    (gettext_lazy("Decided"), 18),
    (gettext_lazy("Now at"), 30),
    (gettext_lazy("State"), 18),
    (gettext_lazy("Outcome"), 22),
)


def handled_workbook(campaign: Campaign, unit, nominations) -> bytes:
    """The rows of "passed on / decided by us", as prepared by its view."""
    rows = [
        [
            number,
            n.nominee_name,
            n.category.name,
            n.filing_unit.name,
            n.our_outcome_label,
            _when(n.our_decided_at),
            n.now_at,
            str(n.get_state_display()),
            n.final_outcome,
        ]
        for number, n in enumerate(nominations, start=1)
    ]
    heading = _("Passed on or decided by %(unit)s · %(campaign)s") % {
        "unit": unit.name,
        "campaign": campaign.title,
    }
    return table_workbook(_("Decided by us"), heading, HANDLED_COLUMNS, rows)


SUBTREE_COLUMNS = (
    (gettext_lazy("No."), 6),
    (gettext_lazy("Nominee"), 30),
    (gettext_lazy("Category"), 26),
    (gettext_lazy("Filing unit"), 30),
    (gettext_lazy("Submitted"), 18),
    (gettext_lazy("Now at"), 30),
    (gettext_lazy("State"), 18),
    (gettext_lazy("Outcome"), 22),
)


def subtree_workbook(campaign: Campaign, unit, nominations) -> bytes:
    """Every nomination submitted from the unit's subtree, as its view prepared them."""
    rows = [
        [
            number,
            n.nominee_name,
            n.category.name,
            n.filing_unit.name,
            _when(n.submitted_at),
            n.now_at,
            str(n.get_state_display()),
            n.final_outcome,
        ]
        for number, n in enumerate(nominations, start=1)
    ]
    heading = _("Nominations from %(unit)s and the units under it · %(campaign)s") % {
        "unit": unit.name,
        "campaign": campaign.title,
    }
    return table_workbook(_("Nominations"), heading, SUBTREE_COLUMNS, rows)


PROGRESS_FIXED_COLUMNS = (
    (gettext_lazy("Unit"), 34),
    (gettext_lazy("Filed"), 10),
)


def progress_workbook(campaign: Campaign, unit, rows, state_labels, deadline_note: str) -> bytes:
    """The progress table: each unit under ``unit``, what its branch filed, how many are in
    each state, and how many of its filing units filed nothing."""
    columns = (
        *PROGRESS_FIXED_COLUMNS,
        *((label, 14) for label in state_labels),
        (gettext_lazy("Filed nothing"), 12),
        (gettext_lazy("Filing units below that filed nothing"), 18),
    )
    table = [
        [
            row.unit.name,
            row.alive,
            *row.state_counts,
            _yes_no(row.filed_nothing),
            row.silent_below,
        ]
        for row in rows
    ]
    heading = _("Progress of the units under %(unit)s · %(campaign)s · %(note)s") % {
        "unit": unit.name,
        "campaign": campaign.title,
        "note": deadline_note,
    }
    return table_workbook(_("Progress"), heading, columns, table)
