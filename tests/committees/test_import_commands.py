"""The import_units, import_people and import_ratings commands: unrestricted, all or nothing."""

import io

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from committees.imports import legacy
from committees.models import Person, PersonRating, Unit

from .spreadsheets import (
    PERSON_HEADERS,
    PERSON_RATING_HEADERS,
    UNIT_HEADERS,
    csv_bytes,
    person_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("english")


def write(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def run(command: str, path: str, *args) -> str:
    out = io.StringIO()
    call_command(command, path, *args, stdout=out)
    return out.getvalue()


def test_each_command_imports_its_kind_of_file_and_reports_the_counts(city_tree, tmp_path):
    units = write(
        tmp_path,
        "units.xlsx",
        xlsx_bytes(
            [
                UNIT_HEADERS,
                ["QA-P2-C1", "Chi bộ 1", "chi_bo", "QA-P2"],
                ["QA-P2", "Đảng ủy phường An Cư", "Đảng ủy cơ sở", "QA"],
            ]
        ),
    )
    people = write(
        tmp_path,
        "people.csv",
        csv_bytes(
            [
                PERSON_HEADERS,
                person_row("CN1", unit="QA-P2-C1"),
                person_row("CN2", unit="HB-X1-C1"),
            ],
            bom=True,
        ),
    )
    ratings = write(
        tmp_path, "ratings.csv", csv_bytes([PERSON_RATING_HEADERS, ["CN1", "2024", "HTTNV"]])
    )

    assert run("import_units", units).strip() == "2 created, 0 updated, 0 unchanged."
    assert run("import_people", people).strip() == "2 created, 0 updated, 0 unchanged."
    assert run("import_ratings", ratings).strip() == "1 created, 0 updated, 0 unchanged."
    assert run("import_people", people).strip() == "0 created, 0 updated, 2 unchanged."
    assert Unit.objects.filter(code__startswith="QA-P2").count() == 2
    assert PersonRating.objects.get().person.code == "CN1"


def test_a_refused_file_fails_the_command_listing_every_error_by_row_and_column(
    city_tree, tmp_path
):
    rows = [PERSON_HEADERS, *(person_row(f"CN{n}") for n in range(2, 60))]
    rows[56][2] = "31/02/1980"
    rows[10][4] = "KHONG-CO"
    path = write(tmp_path, "people.xlsx", xlsx_bytes(rows))

    with pytest.raises(CommandError) as failure:
        run("import_people", path)

    assert failure.value.returncode != 0
    assert str(failure.value).splitlines() == [
        "Row 11, column Mã đơn vị: The unit code KHONG-CO does not exist.",
        "Row 57, column Ngày sinh: 31/02/1980 is not a date in the calendar.",
    ]
    assert not Person.objects.exists()


def test_the_command_line_exits_non_zero_on_a_refused_file(city_tree, tmp_path, capsys):
    path = write(tmp_path, "units.xlsx", b"Ma don vi,Ten don vi\n")  # text disguised as .xlsx
    command = load_command_class("committees", "import_units")

    with pytest.raises(SystemExit) as exit_status:
        command.run_from_argv(["manage.py", "import_units", path])

    assert exit_status.value.code != 0
    assert "This file is not a spreadsheet that can be read" in capsys.readouterr().err


def test_a_missing_file_is_a_clear_failure(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot open"):
        run("import_units", str(tmp_path / "khong-co.xlsx"))


def test_a_dry_run_writes_nothing(city_tree, tmp_path):
    path = write(tmp_path, "people.csv", csv_bytes([PERSON_HEADERS, person_row("CN1")]))

    output = run("import_people", path, "--dry-run")

    assert "nothing was written" in output
    assert "1 created" in output
    assert not Person.objects.exists()


def test_commands_are_not_limited_to_a_subtree(city_tree, tmp_path):
    path = write(
        tmp_path, "units.csv", csv_bytes([UNIT_HEADERS, ["TINH", "Tỉnh ủy", "tinh_uy", ""]])
    )

    run("import_units", path)

    assert Unit.objects.get(code="TINH").is_root()


def test_a_command_converts_legacy_text_and_says_so(city_tree, tmp_path):
    rows = [PERSON_HEADERS, person_row("CN1", name=legacy.to_vni("Nguyễn Văn An"))]
    path = write(tmp_path, "people.xlsx", xlsx_bytes(rows))

    output = run("import_people", path)

    assert "Column Họ và tên is typed in the old VNI encoding" in output
    assert Person.objects.get(code="CN1").full_name == "Nguyễn Văn An"


def test_a_command_leaves_legacy_text_alone_when_asked(city_tree, tmp_path):
    rows = [PERSON_HEADERS, person_row("CN1", name=legacy.to_vni("Nguyễn Văn An"))]
    path = write(tmp_path, "people.xlsx", xlsx_bytes(rows))

    run("import_people", path, "--legacy-encoding", "none")

    assert Person.objects.get(code="CN1").full_name == "Nguyeãn Vaên An"


def test_a_command_refuses_an_ambiguous_file_clearly(city_tree, tmp_path):
    path = write(tmp_path, "people.csv", csv_bytes([PERSON_HEADERS, person_row("CN1", name="Leâ")]))

    with pytest.raises(CommandError, match="both in TCVN3 and in VNI"):
        run("import_people", path)
    run("import_people", path, "--legacy-encoding", "vni")
    assert Person.objects.get(code="CN1").full_name == "Lê"
