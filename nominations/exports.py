"""Spreadsheets of nominations (openpyxl).

Every value written to a spreadsheet cell goes through ``put``: text is a text cell, never a
formula, and text that a spreadsheet would run if typed in again (CSV/formula injection, e.g.
an achievement summary typed as ``=HYPERLINK(...)``) carries the quote-prefix style; the text
itself is never changed. CSV fields, which have no types, go through ``safe_cell``. Long texts
wrap, each row is as high as its longest cell (``fit_row_height``), and ``print_setup`` prints a
sheet on A4 landscape, one page wide, its header row on every page.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaigns.models import Campaign
from core.downloads import XLSX_CONTENT_TYPE, content_disposition
from core.spreadsheets import (  # noqa: F401  (the exports' names, used by other apps)
    FORMULA_TRIGGERS,
    looks_like_formula,
    print_setup,
    put,
    xml_text,
)


def safe_cell(value):
    """``value`` as a CSV field (which has no cell types) may safely hold it.

    Text a spreadsheet would run as a formula (``looks_like_formula``) gets a leading single
    quote; control characters that the file format cannot hold are dropped. Anything that is
    not text is returned unchanged. Spreadsheets (xlsx) never change the text: see ``put``.
    """
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    if looks_like_formula(value):
        return "'" + value
    return value


#: points per line of text at a given font size (the line height spreadsheets use)
LINE_HEIGHT = 1.3
#: how many characters of a wrapped cell fit in one unit of column width (a generous guess:
#: a row too high is better than a line hidden)
CHARS_PER_WIDTH = 1.0


def lines_in(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    per_line = max(int(width * CHARS_PER_WIDTH) - 1, 1)
    return sum(max(1, -(-len(line) // per_line)) for line in str(text).splitlines() or [""])


def fit_row_height(sheet, row: int, widths: dict[int, float], size: float = 11) -> None:
    """Make ``row`` as high as its tallest wrapped cell (``widths``: column → width); neither
    Excel nor LibreOffice grows a row for wrapped text in a file they open."""
    tallest = max(
        (
            lines_in(cell.value, widths.get(cell.column, 10))
            for cell in sheet[row]
            if isinstance(cell.value, str)
        ),
        default=1,
    )
    if tallest > 1:
        sheet.row_dimensions[row].height = round(tallest * size * LINE_HEIGHT + 4, 1)


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
WRAPPED_WIDTHS = {column: FINAL_LIST_COLUMNS[column - 1][1] for column in WRAPPED_COLUMNS}


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
    workbook.properties.title = xml_text(campaign.title)
    for column, (title, _width) in enumerate(FINAL_LIST_COLUMNS, start=1):
        put(sheet.cell(row=1, column=column), str(title))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, (_title, width) in enumerate(FINAL_LIST_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, nomination in enumerate(nominations, start=1):
        for column, value in enumerate(final_list_row(number, nomination), start=1):
            put(sheet.cell(row=number + 1, column=column), value)
        for column in WRAPPED_COLUMNS:
            sheet.cell(row=number + 1, column=column).alignment = Alignment(
                vertical="top", wrap_text=True
            )
        fit_row_height(
            sheet, number + 1, {c: FINAL_LIST_COLUMNS[c - 1][1] for c in WRAPPED_COLUMNS}
        )
    print_setup(sheet)
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the level's lists and the progress table --------------------------------------------------


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    return response


def table_workbook(title: str, heading: str, columns, rows) -> bytes:
    """One sheet: a line saying what the table is, a bold header frozen above the rows, one
    row per item of ``rows`` (lists of values), the column widths of ``columns``
    (``(title, width)``) and an auto-filter."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xml_text(title)[:31]
    put(sheet.cell(row=1, column=1), str(heading))
    sheet.cell(row=1, column=1).font = Font(bold=True)
    for index, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=index)
        put(cell, str(name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=3):
        for index, value in enumerate(values, start=1):
            put(
                sheet.cell(row=number, column=index),
                str(value) if isinstance(value, Promise) else value,
            )
    print_setup(sheet, header_row=2)
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
