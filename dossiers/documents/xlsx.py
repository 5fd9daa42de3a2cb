"""The lists as spreadsheets (openpyxl). Every value goes through ``nominations.exports.put``, so
a summary typed as ``=HYPERLINK(...)`` stays text, and "- Chủ nhiệm…" is written as typed."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from nominations.exports import XLSX_CONTENT_TYPE, fit_row_height, print_setup, put, xml_text

__all__ = ["XLSX_CONTENT_TYPE", "nominee_list_workbook"]

#: the columns of the danh sách trích ngang: title and width (characters)
LIST_COLUMNS = (
    ("STT", 6),
    ("Họ và tên", 28),
    ("Chức danh", 24),
    ("Đơn vị", 30),
    ("Tóm tắt thành tích", 70),
    ("Số điện thoại", 16),
)
WIDTHS = {column: width for column, (_title, width) in enumerate(LIST_COLUMNS, start=1)}
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"


def nominee_list_workbook(document: dict) -> bytes:
    """Danh sách trích ngang: a title block, a header row, one row per nominee."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách trích ngang"
    letterhead = document["letterhead"]
    workbook.properties.title = xml_text(f"Danh sách trích ngang - {document['campaign_title']}")
    last = get_column_letter(len(LIST_COLUMNS))
    title_rows = (
        (letterhead.issuing, Font(name=FONT, bold=True, size=13)),
        ("DANH SÁCH TRÍCH NGANG", Font(name=FONT, bold=True, size=14)),
        (document["subject"], Font(name=FONT, bold=True, size=12)),
        (letterhead.date_line, Font(name=FONT, italic=True, size=12)),
    )
    for row, (text, font) in enumerate(title_rows, start=1):
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = put(sheet.cell(row=row, column=1), text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_row = len(title_rows) + 2
    for column, (title, width) in enumerate(LIST_COLUMNS, start=1):
        cell = put(sheet.cell(row=header_row, column=column), title)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, item in enumerate(document["rows"], start=1):
        values = (item.number, item.name, item.position, item.unit, item.summary, item.phone)
        for column, value in enumerate(values, start=1):
            cell = put(sheet.cell(row=header_row + offset, column=column), value)
            cell.font = Font(name=FONT, size=12)
            cell.alignment = Alignment(
                vertical="top", wrap_text=True, horizontal="center" if column == 1 else None
            )
            cell.border = BOX
        fit_row_height(sheet, header_row + offset, WIDTHS, size=12)
    print_setup(sheet, header_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
