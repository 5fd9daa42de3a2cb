"""Empty .xlsx templates to fill in: the headers of one kind of file, ready for Excel."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import (
    PERSON_COLUMNS,
    PERSON_RATING_COLUMNS,
    UNIT_COLUMNS,
    UNIT_RATING_COLUMNS,
    Column,
)

#: rows formatted in advance (as Text or as dates) below the header
PREPARED_ROWS = 1000


@dataclass(frozen=True)
class Template:
    slug: str
    kind: str  # the import kind the file is for
    title: Promise
    filename: str
    columns: tuple[Column, ...]


TEMPLATES = {
    template.slug: template
    for template in (
        Template("units", "units", _("Units"), "mau-nhap-don-vi.xlsx", UNIT_COLUMNS),
        Template("people", "people", _("People"), "mau-nhap-ca-nhan.xlsx", PERSON_COLUMNS),
        Template(
            "person-ratings",
            "ratings",
            _("Ratings of people"),
            "mau-nhap-xep-loai-ca-nhan.xlsx",
            PERSON_RATING_COLUMNS,
        ),
        Template(
            "unit-ratings",
            "ratings",
            _("Ratings of units"),
            "mau-nhap-xep-loai-don-vi.xlsx",
            UNIT_RATING_COLUMNS,
        ),
    )
}


def build_template(template: Template) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet.append([column.header for column in template.columns])
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="B71C1C")
    last_row = PREPARED_ROWS + 1
    for index, column in enumerate(template.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = header_font, header_fill
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 6)
        number_format = "@" if column.text else "DD/MM/YYYY" if column.date else None
        if number_format:
            for row in range(2, last_row + 1):
                sheet.cell(row=row, column=index).number_format = number_format
        if column.choices:
            # A suggestion, not a rule: the importer accepts other spellings too.
            validation = DataValidation(
                type="list",
                formula1=f'"{",".join(column.choices)}"',
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
