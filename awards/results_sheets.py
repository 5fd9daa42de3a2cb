"""The level above's consolidated table of the reports of results, as an Excel file: a title,
two header rows (the group, then the column), one row per reporting unit (its state when it
has not sent figures), and the total row. Every cell goes through ``core.spreadsheets.put``."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import print_setup, put

#: the row of the column headers (the group is in the row above it)
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1


def state_text(report) -> str:
    if report is None:
        return _("Not written")
    if report.sent_at is None:
        return _("Draft")
    moment = timezone.localtime(report.sent_at).strftime("%H:%M %d/%m/%Y")
    return _("Sent at %(moment)s") % {"moment": moment}


def overview_workbook(campaign, unit, table: dict) -> bytes:
    """``table`` is ``results_services.overview(campaign, unit)``."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    bold = Font(bold=True)
    put(
        sheet.cell(row=1, column=1),
        _("Results of the honoring: %(campaign)s") % {"campaign": campaign.title},
    ).font = Font(bold=True, size=13)
    put(sheet.cell(row=2, column=1), _("Reports received by %(unit)s") % {"unit": unit.name})
    headers = table["headers"]
    fixed = [_("No."), _("Unit"), _("Report")]
    for column, title in enumerate(fixed, start=1):
        put(sheet.cell(row=HEADER_ROW, column=column), title).font = bold
    previous = None
    for offset, (group, title) in enumerate(headers):
        column = len(fixed) + 1 + offset
        if group and group != previous:
            put(sheet.cell(row=HEADER_ROW - 1, column=column), group).font = bold
        previous = group
        cell = put(sheet.cell(row=HEADER_ROW, column=column), title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = FIRST_DATA_ROW
    for number, entry in enumerate(table["rows"], start=1):
        put(sheet.cell(row=row, column=1), number)
        put(sheet.cell(row=row, column=2), entry["unit"].name)
        put(sheet.cell(row=row, column=3), state_text(entry["report"]))
        for offset, value in enumerate(entry["cells"]):
            if value is not None:
                put(sheet.cell(row=row, column=len(fixed) + 1 + offset), value)
        row += 1
    put(sheet.cell(row=row, column=2), _("Total")).font = bold
    put(sheet.cell(row=row, column=3), _("%(n)s sent") % {"n": table["sent"]}).font = bold
    for offset, value in enumerate(table["totals"]):
        if value is not None:
            put(sheet.cell(row=row, column=len(fixed) + 1 + offset), value).font = bold
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 22
    for offset in range(len(headers)):
        sheet.column_dimensions[get_column_letter(len(fixed) + 1 + offset)].width = 12
    print_setup(sheet, header_row=HEADER_ROW)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
