"""Spreadsheets built in memory for the import tests: a header row, then data rows."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from committees.imports import import_file

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
PERSON_HEADERS = [
    "Mã cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Đảng viên",
    "Chức vụ",
    "Số điện thoại",
]
PERSON_RATING_HEADERS = ["Mã cá nhân", "Năm", "Xếp loại"]
UNIT_RATING_HEADERS = ["Mã đơn vị", "Năm", "Xếp loại"]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, bom: bool = False, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def spreadsheet(rows: list[list], fmt: str = "xlsx", **options) -> tuple[bytes, str]:
    """The file content and a file name for ``fmt`` ("xlsx" or "csv")."""
    if fmt == "xlsx":
        return xlsx_bytes(rows), "data.xlsx"
    return csv_bytes(rows, **options), "data.csv"


def run_import(
    kind: str, rows: list[list], *, fmt: str = "xlsx", user=None, dry_run=False, **options
):
    content, name = spreadsheet(rows, fmt, **options)
    return import_file(kind, io.BytesIO(content), name, user=user, dry_run=dry_run)


def upload(rows: list[list], fmt: str = "xlsx", name: str | None = None) -> SimpleUploadedFile:
    content, default_name = spreadsheet(rows, fmt)
    return SimpleUploadedFile(name or default_name, content)


def person_row(
    code,
    name="Nguyễn Văn An",
    born="17/05/1980",
    gender="Nam",
    unit="QA-P1-C1",
    member="Có",
    position="Đảng viên",
    phone="0912345678",
) -> list:
    return [code, name, born, gender, unit, member, position, phone]
