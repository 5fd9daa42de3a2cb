"""The old hand-written .xlsx reader (kept in bench/ for the benchmark's "before") and the
python-calamine reader give the same values on the test workbooks: the change of reader changed
no value an importer sees."""

from __future__ import annotations

import datetime
import io
import random

import pytest

from bench.old_reader import read_xlsx
from committees.imports.reading import read_table
from tests.committees.rosters.roster import xlsx as roster_xlsx
from tests.committees.spreadsheets import (
    PERSON_HEADERS,
    UNIT_HEADERS,
    person_row,
    xlsx_bytes,
)
from tests.committees.test_import_reading import EXCEL_SHEET, EXCEL_STRINGS, excel_package


def same(new, old) -> bool:
    """Equal, where a date cell may come as a ``date`` (new) or a midnight ``datetime`` (old)."""
    if isinstance(old, datetime.datetime) and type(new) is datetime.date:
        return datetime.datetime.combine(new, datetime.time()) == old
    return new == old and type(new) is type(old)


def people_sheet(rows: int) -> bytes:
    rng = random.Random(3)
    return xlsx_bytes(
        [
            PERSON_HEADERS,
            *(
                person_row(
                    f"CN{i:05d}",
                    name=f"Nguyễn Văn Nhập {i}",
                    born=rng.choice([f"{rng.randint(1, 28)}/05/1980", datetime.date(1979, 1, 2)]),
                    phone=rng.choice(["0912345678", 912345678, None]),
                )
                for i in range(rows)
            ),
        ]
    )


WORKBOOKS = {
    "as Excel saves it": lambda: excel_package(
        EXCEL_SHEET[: EXCEL_SHEET.index('<row r="4">')], EXCEL_STRINGS
    ),
    "units": lambda: xlsx_bytes(
        [UNIT_HEADERS, ["QA", "Quận ủy A", "quan_uy", None], ["C1", "Chi bộ 1", "chi_bo", "QA"]]
    ),
    "values of every type": lambda: xlsx_bytes(
        [
            ["Mã", "Số", "Ngày", "Có", "Thực"],
            ["A1", 1001, datetime.datetime(1980, 5, 17), True, 2.5],
            [],
            ["A2", -7, datetime.date(2001, 12, 31), False, 1e-3],
        ]
    ),
    "roster": roster_xlsx,
    "2,000 people": lambda: people_sheet(2000),
}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_the_old_and_the_new_reader_give_the_same_values(name):
    content = WORKBOOKS[name]()

    headers, old_rows = read_xlsx(io.BytesIO(content))
    new = read_table(io.BytesIO(content), "data.xlsx", legacy_encoding="none")

    old = dict(old_rows)
    if new.header_row == 1:
        assert new.headers == headers
    else:  # the old reader took the title above the headers as the header row
        assert old[new.header_row] == tuple(new.headers)
    assert new.rows
    for number, values in new.rows:
        assert len(values) == len(old[number])
        assert all(map(same, values, old[number])), number
    assert {number for number, _ in new.rows} == {n for n in old if n > new.header_row}
