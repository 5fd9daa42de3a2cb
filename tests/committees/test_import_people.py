"""Importing people: every row checked first, then all written in batches, or none at all."""

import datetime
import io
import unicodedata

import pytest
from django.db import connection

from committees.imports import ImportRefused, ImportResult, RowError, importers
from committees.imports.importers import PERSON_FIELDS, PersonImporter, insert_rows
from committees.models import Gender, Person
from committees.services import close_unit
from tests.factories import PersonFactory

from .spreadsheets import PERSON_HEADERS, person_row, run_import

pytestmark = pytest.mark.usefixtures("english")


def people(*rows) -> list[list]:
    return [PERSON_HEADERS, *map(list, rows)]


def refused(rows, **options) -> list[RowError]:
    with pytest.raises(ImportRefused) as refusal:
        run_import("people", rows, **options)
    return refusal.value.errors


def hundred_people() -> list[list]:
    """A header and 100 good rows: row N of the sheet holds person CN{N:04d}."""
    return people(*(person_row(f"CN{row:04d}", f"Người thứ {row}") for row in range(2, 102)))


def test_people_are_created_with_every_column(city_tree):
    result = run_import(
        "people",
        people(
            [
                "CN1",
                "Nguyễn Thị Bích",
                "03/02/1975",
                "Nữ",
                "QA-P1-C1",
                "Có",
                "Bí thư chi bộ",
                "0912345678",
            ],
            ["CN2", "Trần Văn Cường", "", "", "QA-MTTQ", "Không", "", ""],
        ),
    )

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    first, second = Person.objects.get(code="CN1"), Person.objects.get(code="CN2")
    assert (
        first.full_name,
        first.date_of_birth,
        first.gender,
        first.unit,
        first.is_party_member,
        first.position,
        first.phone,
    ) == (
        "Nguyễn Thị Bích",
        datetime.date(1975, 2, 3),
        Gender.FEMALE,
        city_tree.cell_a1,
        True,
        "Bí thư chi bộ",
        "0912345678",
    )
    assert (
        second.date_of_birth,
        second.gender,
        second.is_party_member,
        second.position,
        second.phone,
    ) == (None, "", False, "", "")
    assert first.created_at is not None and first.updated_at is not None


def test_one_bad_row_at_row_57_writes_nothing_and_names_the_row_and_column(city_tree):
    rows = hundred_people()
    rows[56][2] = "30/02/1980"  # index 56 is spreadsheet row 57

    errors = refused(rows)

    assert errors == [RowError(57, "Ngày sinh", "30/02/1980 is not a date in the calendar.")]
    assert not Person.objects.exists()


def test_every_error_is_listed_not_just_the_first(city_tree):
    rows = hundred_people()
    rows[4][4] = "KHONG-CO"  # row 5: unknown unit
    rows[19][1] = ""  # row 20: no name
    rows[19][5] = "Chưa rõ"  # row 20: not Có/Không
    rows[56][2] = "1980/05/17"  # row 57: not dd/mm/yyyy
    rows[80][3] = "Khác"  # row 81: not Nam/Nữ
    rows[99][0] = "CN0003"  # row 100: code already on row 3

    errors = refused(rows)

    assert [(e.row, e.column) for e in errors] == [
        (5, "Mã đơn vị"),
        (20, "Họ và tên"),
        (20, "Đảng viên"),
        (57, "Ngày sinh"),
        (81, "Giới tính"),
        (100, "Mã cá nhân"),
    ]
    assert errors[0].message == "The unit code KHONG-CO does not exist."
    assert errors[1].message == "This cell is empty, but it is required."
    assert errors[-1].message == "The code CN0003 is already on row 3."
    assert not Person.objects.exists()


def test_reimporting_the_same_file_changes_nothing(city_tree):
    rows = hundred_people()
    assert run_import("people", rows).created == 100
    before = dict(Person.objects.values_list("code", "updated_at"))

    result = run_import("people", rows)

    assert result == ImportResult(created=0, updated=0, unchanged=100)
    assert dict(Person.objects.values_list("code", "updated_at")) == before


def test_changed_rows_update_and_only_they_do(city_tree):
    rows = hundred_people()
    run_import("people", rows)
    before = dict(Person.objects.values_list("code", "updated_at"))
    rows[2][1] = "Tên đã đổi"
    rows[3][4] = "HB-X1-C1"
    rows[4][5] = "Không"
    rows[5][7] = ""

    result = run_import("people", rows)

    assert result == ImportResult(created=0, updated=4, unchanged=96)
    changed = {
        p.code: p for p in Person.objects.filter(code__in=["CN0003", "CN0004", "CN0005", "CN0006"])
    }
    assert changed["CN0003"].full_name == "Tên đã đổi"
    assert changed["CN0004"].unit == city_tree.cell_b1
    assert changed["CN0005"].is_party_member is False
    assert changed["CN0006"].phone == ""
    assert all(p.updated_at > before[code] for code, p in changed.items())
    assert Person.objects.get(code="CN0007").updated_at == before["CN0007"]


def test_an_existing_person_made_elsewhere_is_updated_by_code(city_tree):
    person = PersonFactory(code="CN9", full_name="Lê Văn Dũng", unit=city_tree.cell_a1)

    result = run_import("people", people(person_row("CN9", "Lê Văn Dũng", unit="QA-P1-C2")))

    assert result.updated == 1
    person.refresh_from_db()
    assert person.unit == city_tree.cell_a2


@pytest.mark.parametrize("bom", [False, True], ids=["without BOM", "with BOM"])
def test_a_utf8_csv_imports_with_or_without_a_byte_order_mark(city_tree, bom):
    result = run_import("people", hundred_people(), fmt="csv", bom=bom)

    assert result.created == 100
    assert Person.objects.get(code="CN0002").full_name == "Người thứ 2"


def test_a_csv_and_a_workbook_of_the_same_rows_are_the_same_import(city_tree):
    run_import("people", hundred_people(), fmt="csv")

    assert run_import("people", hundred_people()).unchanged == 100


def test_workbook_cells_may_hold_real_dates_and_numeric_phone_numbers(city_tree):
    run_import(
        "people", people(person_row("CN1", born=datetime.datetime(1975, 2, 3), phone=912345678))
    )

    person = Person.objects.get(code="CN1")
    assert person.date_of_birth == datetime.date(1975, 2, 3)
    assert person.phone == "0912345678"


def test_names_are_stored_nfc_with_folded_white_space(city_tree):
    run_import(
        "people", people(person_row("CN1", unicodedata.normalize("NFD", "  Phạm   Thị Hồng ")))
    )

    assert Person.objects.get(code="CN1").full_name == "Phạm Thị Hồng"


def test_people_cannot_join_a_closed_unit(city_tree):
    close_unit(city_tree.cell_a2, effective_on=datetime.date(2025, 1, 1))

    errors = refused(people(person_row("CN1", unit="QA-P1-C2")))

    assert errors == [RowError(2, "Mã đơn vị", "The unit QA-P1-C2 is merged or closed.")]


def test_missing_headers_are_reported_and_no_row_is_read(city_tree):
    headers = [h for h in PERSON_HEADERS if h not in ("Đảng viên", "Số điện thoại")]

    errors = refused([headers, ["CN1", "Tên", "", "", "KHONG-CO", ""]])

    assert errors == [
        RowError(1, "Đảng viên", "This column is missing."),
        RowError(1, "Số điện thoại", "This column is missing."),
    ]


def test_a_dry_run_checks_and_counts_without_writing(city_tree):
    assert run_import("people", hundred_people(), dry_run=True).created == 100
    assert not Person.objects.exists()


# --- who may import whom -----------------------------------------------------------------------


def test_an_admin_imports_people_into_units_of_their_own_district(city_tree, admin_a):
    result = run_import(
        "people",
        people(person_row("CN1", unit="QA-P1-C1"), person_row("CN2", unit="QA-MTTQ")),
        user=admin_a,
    )

    assert result.created == 2


def test_an_admin_of_district_a_cannot_import_people_into_district_b(city_tree, admin_a):
    errors = refused(
        people(person_row("CN1", unit="QA-P1-C1"), person_row("CN2", unit="HB-X1-C1")), user=admin_a
    )

    assert errors == [RowError(3, "Mã đơn vị", "The unit HB-X1-C1 is outside your organisation.")]
    assert not Person.objects.exists()


def test_an_admin_cannot_take_over_a_person_of_another_district_by_code(city_tree, admin_a):
    PersonFactory(code="CN-B", full_name="Người huyện B", unit=city_tree.cell_b1)

    errors = refused(people(person_row("CN-B", "Người huyện B", unit="QA-P1-C1")), user=admin_a)

    assert errors == [
        RowError(2, "Mã cá nhân", "The person CN-B belongs to a unit outside your organisation.")
    ]
    assert Person.objects.get(code="CN-B").unit == city_tree.cell_b1


def test_a_superuser_imports_anywhere(city_tree, superuser):
    result = run_import(
        "people",
        people(person_row("CN1", unit="QA-P1-C1"), person_row("CN2", unit="HB-X1-C1")),
        user=superuser,
    )

    assert result.created == 2


# --- writing -----------------------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite bulk-creates"
)


@postgresql_only
def test_people_copied_in_on_postgresql_are_the_rows_bulk_create_would_write(city_tree):
    unit = city_tree.cell_a1.pk
    people_values = [
        (
            "Nguyễn Thị Bích",
            datetime.date(1975, 2, 3),
            Gender.FEMALE,
            unit,
            True,
            "Bí thư chi bộ",
            "0912345678",
        ),
        ("Trần \\N \\ \"Cường\", 'Út'; a,b", None, "", unit, False, "", ""),
        ("Lê 😀 Văn\u00a0Dũng", datetime.date(1900, 1, 1), Gender.MALE, unit, True, "\\t", "+84 9"),
    ]

    insert_rows(
        Person,
        ("code", *PERSON_FIELDS),
        [(f"COPY{n}", *values) for n, values in enumerate(people_values)],
    )
    Person.objects.bulk_create(
        [
            Person(code=f"BULK{n}", **dict(zip(PERSON_FIELDS, values, strict=True)))
            for n, values in enumerate(people_values)
        ]
    )

    def written(prefix):
        return list(
            Person.objects.filter(code__startswith=prefix)
            .order_by("code")
            .values_list(*PERSON_FIELDS)
        )

    assert written("COPY") == written("BULK") == people_values
    stamps = Person.objects.filter(code__startswith="COPY").values_list("created_at", "updated_at")
    assert all(created is not None and created == updated for created, updated in stamps)


def test_text_that_copy_has_to_escape_is_imported_as_written(city_tree):
    names = ["Trần \\N Cường", "Back\\slash \\\\ đôi", "\"Út\" 'Hai', ba; bốn", "Lê 😀 Dũng"]
    rows = people(*(person_row(f"CN{n}", name, position=name) for n, name in enumerate(names)))

    assert run_import("people", rows).created == 4

    assert [(p.full_name, p.position) for p in Person.objects.order_by("code")] == [
        (name, name) for name in names
    ]
    assert run_import("people", rows).unchanged == 4


def test_inserting_rows_without_a_value_for_every_column_is_a_programming_error(city_tree):
    with pytest.raises(ValueError, match="every column"):
        insert_rows(Person, ("code", "full_name"), [("CN1", "Tên")])
    with pytest.raises(ValueError, match="every column"):
        insert_rows(
            Person,
            ("code", *PERSON_FIELDS, "created_at"),
            [("CN1", "Tên", None, "", city_tree.cell_a1.pk, True, "", "", None)],
        )
    assert not Person.objects.exists()


def test_a_person_created_by_someone_else_meanwhile_refuses_the_whole_file(city_tree, monkeypatch):
    checked = PersonImporter.validate

    def validate_then_someone_else_writes(self, rows):
        plan = checked(self, rows)
        PersonFactory(code="CN0050", unit=city_tree.cell_a1)
        return plan

    monkeypatch.setattr(PersonImporter, "validate", validate_then_someone_else_writes)

    errors = refused(hundred_people())

    assert [error.message for error in errors] == [
        "The data changed while the file was being imported, so nothing was written. Please "
        "import the file again."
    ]
    assert list(Person.objects.values_list("code", flat=True)) == ["CN0050"]


def test_existing_people_are_found_across_many_lookup_queries(city_tree, monkeypatch):
    monkeypatch.setattr(importers, "LOOKUP_CHUNK", 3)
    monkeypatch.setattr(importers, "ARRAY_CHUNK", 3)
    rows = people(*(person_row(f"CN{n:02d}", f"Người thứ {n}") for n in range(10)))
    run_import("people", rows)
    rows[1][1] = "Tên đã đổi"
    rows[10][6] = "Bí thư"

    assert run_import("people", rows) == ImportResult(created=0, updated=2, unchanged=8)


def test_a_wrong_value_repeated_on_many_rows_is_refused_on_each_of_them(city_tree):
    # Repeating columns parse each distinct text once: the refusal is still every cell's.
    rows = hundred_people()
    for index in (9, 29, 69):
        rows[index][3] = "Khác"
        rows[index][4] = "KHONG-CO"

    errors = refused(rows)

    assert [(e.row, e.column) for e in errors] == [
        (row, column) for row in (10, 30, 70) for column in ("Giới tính", "Mã đơn vị")
    ]
    assert {e.message for e in errors if e.column == "Giới tính"} == {"Write Nam or Nữ, not Khác."}


def test_the_rows_of_the_table_are_let_go_of_as_they_are_checked(city_tree):
    from committees.imports.reading import read_table

    from .spreadsheets import xlsx_bytes

    table = read_table(io.BytesIO(xlsx_bytes(hundred_people())), "people.xlsx")
    assert len(table.rows) == 100

    result = importers.importer_for("people", table).run(table)

    assert result.created == 100
    assert len(table.rows) == 0  # consumed: not held beside the importer's own copy


def test_people_imported_from_a_file_on_disk_are_those_of_the_same_bytes_in_memory(
    city_tree, tmp_path, monkeypatch
):
    # A file on disk is read by python-calamine by its path; the same bytes from memory are
    # the reference. A workbook whose name says .xls is still read by its content.
    from python_calamine import CalamineWorkbook

    from committees.imports import import_file, reading

    from .spreadsheets import xlsx_bytes

    opened = []

    class Spy:
        @staticmethod
        def from_path(path):
            opened.append("path")
            return CalamineWorkbook.from_path(path)

        @staticmethod
        def from_filelike(file):
            opened.append("file")
            return CalamineWorkbook.from_filelike(file)

    monkeypatch.setattr(reading, "CalamineWorkbook", Spy)
    content = xlsx_bytes(hundred_people())
    assert run_import("people", hundred_people(), dry_run=True).created == 100
    for name in ("people.xlsx", "people.xls"):
        path = tmp_path / name
        path.write_bytes(content)
        with path.open("rb") as file:
            assert import_file("people", file, name, dry_run=True).created == 100
    assert opened == ["file", "path", "file"]
    with (tmp_path / "people.xlsx").open("rb") as file:
        result = import_file("people", file, "people.xlsx")
    assert result.created == 100
    assert set(Person.objects.values_list("code", flat=True)) == {
        f"CN{row:04d}" for row in range(2, 102)
    }
