"""The conference's papers: the invitations (giấy mời, one page per honored person or
collective, all in one file) and the list the organisers use on the day (who receives what, in
which order, where each sits), as PDF, Word (the invitations) and Excel (the list).

The data comes from ``awards.conference_selectors.day_list``; the words are the documents'
own, in Vietnamese (``party_format``). The invitations carry no page number: each page is a
letter of its own.
"""

from __future__ import annotations

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx.oxml.ns import qn
from lxml import html as lxml_html
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from awards.conference_selectors import DayList
from core.spreadsheets import print_setup, put, xml_text
from nominations.exports import fit_row_height

from . import context, docx, pdf
from . import party_format as pf

INVITATIONS_TEMPLATE = "documents/print/giay_moi.html"
LIST_TEMPLATE = "documents/print/danh_sach_hoi_nghi.html"
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday_of(day: datetime.date) -> str:
    return WEEKDAYS[day.weekday()]


def time_line(moment: datetime.datetime) -> str:
    """ "08 giờ 00 phút, ngày 03 tháng 02 năm 2025 (thứ Hai)", in Vietnam's time."""
    local = timezone.localtime(moment)
    return f"{pf.time_in_words(local)} ({weekday_of(local.date())})"


def document(day_list: DayList, *, today: datetime.date | None = None) -> dict:
    """What both templates and the spreadsheet read."""
    conference = day_list.conference
    unit = conference.unit
    ancestors = context.ancestors_of(unit)
    letterhead = pf.letterhead(
        unit,
        context.parent_of(ancestors),
        number=conference.number,
        type_code="giay_moi",
        place=pf.place_of(unit, ancestors),
        day=conference.dated or today or context.today(),
        on_behalf=conference.on_behalf,
        signer_title=conference.signer_title,
        signer_name=conference.signer_name,
        recipients=("- Như trên,", context.archive_line(unit)),
    )
    return {
        "conference": conference,
        "title": pf.nfc(conference.title).strip(),
        "inviter": pf.standing_committee_of(unit),
        "time_line": time_line(conference.starts_at),
        "place": pf.nfc(conference.place).strip(),
        "dress": pf.nfc(conference.dress).strip(),
        "note_lines": [line.strip() for line in pf.nfc(conference.note).splitlines() if line],
        "letterhead": letterhead,
        # The list carries the unit's letterhead without a number or a signature.
        "list_letterhead": pf.Letterhead(
            superior=letterhead.superior,
            issuing=letterhead.issuing,
            number="",
            date_line=letterhead.date_line,
        ),
        "groups": day_list.groups,
        # "Quyết định số 15-QĐ/QU ngày 20/01/2025", each decision once, in the list's order
        "decisions": list(dict.fromkeys(i.decision for i in day_list.invitees if i.decision)),
        "invitees": day_list.invitees,
        "count": day_list.count,
        "seats_per_row": conference.seats_per_row,
    }


def to_html(template: str, data: dict) -> str:
    with translation.override("vi"):
        return pf.nfc(render_to_string(template, data))


def invitations_pdf(data: dict) -> bytes:
    return pdf.write_pdf(to_html(INVITATIONS_TEMPLATE, data))


def invitations_docx(data: dict) -> bytes:
    """The invitations as one Word file, a page each, without the page number the other
    documents carry from page 2."""
    root = lxml_html.document_fromstring(to_html(INVITATIONS_TEMPLATE, data))
    document = docx.new_document()
    for paragraph in document.sections[0].header.paragraphs:
        for child in paragraph._p.findall(qn("w:fldSimple")):
            paragraph._p.remove(child)
    docx.Writer(document).children(root.body, document, docx.Ctx())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def list_pdf(data: dict) -> bytes:
    return pdf.write_pdf(to_html(LIST_TEMPLATE, data))


# --- the list as a spreadsheet -------------------------------------------------------------------

LIST_COLUMNS = (
    ("STT", 6),
    ("Họ và tên", 26),
    ("Chức vụ, đơn vị", 44),
    ("Hình thức khen thưởng", 16),
    ("Hàng", 7),
    ("Ghế", 7),
    ("Ký nhận", 14),
)
SEAT_COLUMNS = (("STT", 6), ("Đơn vị", 44), ("Số lượng", 10), ("Hàng", 12), ("Số ghế mỗi hàng", 16))
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"


def _title_block(sheet, data: dict, columns: int, heading: str) -> int:
    last = get_column_letter(columns)
    rows = (
        (data["list_letterhead"].issuing, Font(name=FONT, bold=True, size=13)),
        (heading, Font(name=FONT, bold=True, size=14)),
        (data["title"], Font(name=FONT, bold=True, size=12)),
        (f"Thời gian: {data['time_line']}. Địa điểm: {data['place']}.", Font(name=FONT, size=12)),
    )
    for row, (text, font) in enumerate(rows, start=1):
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = put(sheet.cell(row=row, column=1), text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[3].height = 34
    sheet.row_dimensions[4].height = 34
    return len(rows) + 2


def widths_of(columns) -> dict[int, float]:
    return {column: width for column, (_title, width) in enumerate(columns, start=1)}


def _header(sheet, row: int, columns) -> None:
    for column, (title, width) in enumerate(columns, start=1):
        cell = put(sheet.cell(row=row, column=column), title)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    fit_row_height(sheet, row, widths_of(columns), size=12)


def _cell(sheet, row: int, column: int, value, *, bold=False, center=False):
    cell = put(sheet.cell(row=row, column=column), value)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.alignment = Alignment(
        vertical="top", wrap_text=True, horizontal="center" if center else None
    )
    cell.border = BOX
    return cell


def list_xlsx(data: dict) -> bytes:
    """Sheet "Danh sách": one row per honored in the order of handing over, a row for each
    group; sheet "Chỗ ngồi": each group's count and rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    workbook.properties.title = xml_text(f"Danh sách nhận khen thưởng - {data['title']}")
    header = _title_block(sheet, data, len(LIST_COLUMNS), "DANH SÁCH NHẬN KHEN THƯỞNG")
    _header(sheet, header, LIST_COLUMNS)
    row = header
    for group in data["groups"]:
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(LIST_COLUMNS))
        for column in range(1, len(LIST_COLUMNS) + 1):
            sheet.cell(row=row, column=column).border = BOX
        _cell(sheet, row, 1, f"{group.name} ({len(group.invitees)}; {group.rows_text})", bold=True)
        for invitee in group.invitees:
            row += 1
            values = (
                invitee.number,
                invitee.name,
                invitee.details,
                invitee.form,
                invitee.row,
                invitee.seat,
                "",
            )
            for column, value in enumerate(values, start=1):
                _cell(sheet, row, column, value, center=column in (1, 4, 5, 6))
            fit_row_height(sheet, row, widths_of(LIST_COLUMNS), size=12)
    print_setup(sheet, header)

    seats = workbook.create_sheet("Chỗ ngồi")
    header = _title_block(seats, data, len(SEAT_COLUMNS), "BỐ TRÍ CHỖ NGỒI")
    _header(seats, header, SEAT_COLUMNS)
    for number, group in enumerate(data["groups"], start=1):
        line = (number, group.name, len(group.invitees), group.rows_text, data["seats_per_row"])
        for column, value in enumerate(line, start=1):
            _cell(seats, header + number, column, value, center=column != 2)
        fit_row_height(seats, header + number, widths_of(SEAT_COLUMNS), size=12)
    print_setup(seats, header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
