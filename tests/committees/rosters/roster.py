"""One roster of people, as offices keep it: a merged title above the headers, an empty row,
dates as date cells and as text, phone numbers as text and as numbers.

``roster_workbook()`` builds it with openpyxl, in Unicode or typed in TCVN3 or VNI (the text
cells in the fonts of that encoding). The .xls and .ods files beside this module were made from
those workbooks by LibreOffice's ``soffice`` and are committed (converting at test time would
take seconds per file); to make them again::

    DJANGO_SETTINGS_MODULE=config.settings .venv/bin/python -c "import django; django.setup();
    from tests.committees.rosters.roster import make_fixtures; make_fixtures()"

``errors.xlsx`` and ``errors.ods`` are a people sheet whose row 4 holds the formulas ``=NA()``
(in Họ và tên) and ``=1/0`` (in Số điện thoại), written by openpyxl and saved by LibreOffice,
which computed the errors and stored them as spreadsheet programs do.
"""

from __future__ import annotations

import datetime
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from committees.imports import legacy

HERE = Path(__file__).resolve().parent
UNIT = "QA-P1-C1"
TITLE = "DANH SÁCH ĐẢNG VIÊN CHI BỘ 1"
HEADERS = [
    "Mã cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Đảng viên",
    "Chức vụ",
    "Số điện thoại",
]
# The people as they must come out, whatever the file: code, name, birth date, gender,
# member, position, phone.
PEOPLE = [
    (
        "CN01",
        "Nguyễn Văn An",
        datetime.date(1980, 5, 17),
        "male",
        True,
        "Bí thư chi bộ",
        "0912345678",
    ),
    (
        "CN02",
        "Trần Thị Bình",
        datetime.date(1975, 11, 5),
        "female",
        True,
        "Phó bí thư",
        "0987654321",
    ),
    ("CN03", "Lê Hoàng Đức", datetime.date(1990, 1, 2), "male", True, "Đảng viên", "0901000111"),
    ("CN04", "Phạm Thị Hương", datetime.date(1988, 7, 30), "female", False, "Quần chúng", ""),
    ("CN05", "Đỗ Quốc Việt", datetime.date(1969, 2, 28), "male", True, "Đảng viên", "0243123456"),
    ("CN06", "Hồ Thị Ước", datetime.date(1999, 12, 31), "female", True, "Đảng viên", "0977000222"),
    ("CN07", "Bùi Xuân Trường", None, "male", True, "Chi ủy viên", "0355111222"),
    ("CN08", "Dương Thị Yến", datetime.date(1985, 3, 8), "female", True, "Đảng viên", "0868333444"),
    ("CN09", "Ngô Minh Khuê", datetime.date(1992, 6, 15), "female", True, "Đảng viên", ""),
    (
        "CN10",
        "Đặng Quỳnh Anh",
        datetime.date(2001, 9, 2),
        "female",
        False,
        "Quần chúng",
        "0396555666",
    ),
]
GENDERS = {"male": "Nam", "female": "Nữ"}
FONTS = {None: "Times New Roman", legacy.TCVN3: ".VnTime", legacy.VNI: "VNI-Times"}


def cells(index: int, person: tuple) -> list:
    """One row of the sheet: the dates and phones written in the ways offices write them."""
    code, name, born, gender, member, position, phone = person
    if born is not None and index % 3 == 1:
        born = f"{born.day}/{born.month}/{born.year}"  # d/m/yyyy text
    elif born is not None and index % 3 == 2:
        born = born.strftime("%d-%m-%Y")  # dd-mm-yyyy text
    if phone and index % 2:
        phone = int(phone)  # a number: the leading zero is lost in the file
    member = "Có" if member else "Không"
    return [code, name, born, GENDERS[gender], UNIT, member, position, phone or None]


def roster_workbook(encoding: str | None = None) -> Workbook:
    encode = legacy.ENCODERS[encoding] if encoding else str
    font = Font(name=FONTS[encoding])
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([encode(TITLE)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append([encode(header) for header in HEADERS])
    for index, person in enumerate(PEOPLE):
        sheet.append([encode(v) if isinstance(v, str) else v for v in cells(index, person)])
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = font
            if isinstance(cell.value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    return book


def xlsx(encoding: str | None = None) -> bytes:
    path = Path(tempfile.mkdtemp()) / "roster.xlsx"
    roster_workbook(encoding).save(path)
    return path.read_bytes()


def make_fixtures() -> None:  # pragma: no cover - run by hand, with LibreOffice
    with tempfile.TemporaryDirectory() as folder:
        for encoding, name in ((None, "roster"), (legacy.TCVN3, "roster-tcvn3")):
            source = Path(folder) / f"{name}.xlsx"
            roster_workbook(encoding).save(source)
            for fmt in ("xls", "ods") if encoding is None else ("xls",):
                subprocess.run(  # noqa: S603
                    ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(HERE), source],  # noqa: S607
                    check=True,
                    capture_output=True,
                )
        source = Path(folder) / "roster-vni.xlsx"
        roster_workbook(legacy.VNI).save(source)
        subprocess.run(  # noqa: S603
            ["soffice", "--headless", "--convert-to", "ods", "--outdir", str(HERE), source],  # noqa: S607
            check=True,
            capture_output=True,
        )
