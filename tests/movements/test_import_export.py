"""The judgements import (all or nothing, row numbers, idempotent, scope) and the export
command (columns, values, formula injection)."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Movement
from committees.imports import ImportRefused
from committees.models import Rating, Role
from movements.exports import COLUMNS
from movements.imports import import_judgements
from movements.models import Judgement, JudgementChange
from tests.factories import CampaignFactory, UserFactory

from .conftest import add_members

HEADER = 'Mã đơn vị,Năm,T1,T2,T3,"Vi phạm do báo chí, nhân dân phát hiện"\n'


def csv_file(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(row + "\n" for row in rows)).encode())


def run(movement, *rows, user=None):
    return import_judgements(movement, csv_file(*rows), "danh-gia.csv", user=user)


def test_imports_and_is_idempotent(city_tree, movement):
    rows = ("QA-P1-C1,2024,Đạt,Đạt,Đạt,Không", "QA-P1-C2,2024,Đạt,Không đạt,Đạt,Có")
    result = run(movement, *rows)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    second = run(movement, *rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert JudgementChange.objects.count() == 2
    flagged = Judgement.objects.get(unit=city_tree.cell_a2)
    assert flagged.press_exposed_violation and flagged.meeting_quality is False

    changed = run(movement, "QA-P1-C1,2024,Đạt,Đạt,Không đạt,Không")
    assert changed.updated == 1
    assert JudgementChange.objects.count() == 3


def test_all_or_nothing_with_row_numbers(city_tree, movement):
    with pytest.raises(ImportRefused) as refused:
        run(
            movement,
            "QA-P1-C1,2024,Đạt,Đạt,Đạt,",
            "NOPE,2024,Đạt,Đạt,Đạt,",
            "QA-P1-C2,2024,Tốt,Đạt,Đạt,",
            "QA-P1-C1,2024,Đạt,Đạt,Đạt,",
            "QA-MTTQ,2024,Đạt,Đạt,Đạt,",
            "QA-P1-C2,2030,Đạt,Đạt,Đạt,",
        )
    errors = [(e.row, e.column) for e in refused.value.errors]
    assert errors == [(3, "Mã đơn vị"), (4, "T1"), (5, "Mã đơn vị"), (6, "Mã đơn vị"), (7, "Năm")]
    assert not Judgement.objects.exists()


def test_an_import_outside_the_subtree_or_of_the_own_unit_is_refused(city_tree, movement):
    staff = UserFactory(unit=city_tree.grassroots_a, role=Role.STAFF)
    with pytest.raises(ImportRefused) as refused:
        run(
            movement,
            "QA-P1-C1,2024,Đạt,Đạt,Đạt,",
            "HB-X1-C1,2024,Đạt,Đạt,Đạt,",
            "QA-P1,2024,Đạt,Đạt,Đạt,",
            user=staff,
        )
    assert [e.row for e in refused.value.errors] == [3, 4]
    assert "outside" in refused.value.errors[0].message
    assert not Judgement.objects.exists()


def test_import_command(city_tree, movement, tmp_path):
    path = tmp_path / "danh-gia.csv"
    path.write_bytes(csv_file("QA-P1-C1,2024,Đạt,Đạt,Đạt,").getvalue())
    call_command("import_four_good_judgements", str(path), stdout=io.StringIO())
    assert Judgement.objects.get().political_task is True
    path.write_bytes(csv_file("QA-P1-C1,2024,Đạt,Đạt,Xấu,").getvalue())
    with pytest.raises(CommandError, match="2"):
        call_command("import_four_good_judgements", str(path), stdout=io.StringIO())


def test_export_command_xlsx_columns_and_values(city_tree, movement, tmp_path):
    add_members(city_tree.cell_a1, {Rating.HTTNV: 27, Rating.HTNV: 1})
    run(movement, "QA-P1-C1,2024,Đạt,Đạt,Đạt,")
    city_tree.cell_a2.name = '=HYPERLINK("http://x")'
    city_tree.cell_a2.save()
    output = tmp_path / "bon-tot.xlsx"
    call_command(
        "evaluate_four_good",
        "--year",
        "2024",
        "--unit",
        "QA-P1",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[0] == (
        "Mã đơn vị",
        "Tên đơn vị",
        "Năm",
        "T1",
        "T2",
        "T3",
        "T4",
        "Số tiêu chí đạt",
        "Xếp loại",
        "Tỷ lệ đảng viên HTTNV trở lên",
        "Số năm liên tục đạt bốn tốt",
    )
    cell_row = next(r for r in rows if r[0] == "QA-P1-C1")
    assert cell_row == (
        "QA-P1-C1",
        "Chi bộ khu vực 1",
        2024,
        "Đạt",
        "Đạt",
        "Đạt",
        "Không đạt",
        3,
        "HTTNV",
        "27/28 = 96,4%",
        0,
    )
    injected = next(r for r in rows if r[0] == "QA-P1-C2")
    assert injected[1].startswith("=")  # the name as typed, in a quote-prefixed text cell
    cell = next(c for c in sheet.iter_rows() if c[0].value == "QA-P1-C2")[1]
    assert cell.data_type == "s" and cell.quotePrefix
    assert [r[0] for r in rows[1:]] == ["QA-P1", "QA-P1-C1", "QA-P1-C2"]


def test_export_command_csv_and_bad_arguments(city_tree, movement, tmp_path):
    output = tmp_path / "bon-tot.csv"
    call_command(
        "evaluate_four_good", "--year", "2024", "--output", str(output), stdout=io.StringIO()
    )
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 8
    assert {row[8] for row in rows[1:]} == {"Không đạt"}
    with pytest.raises(CommandError):
        call_command("evaluate_four_good", "--year", "2024", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("evaluate_four_good", "--year", "2019", "--output", str(output))
    with pytest.raises(CommandError):
        call_command(
            "evaluate_four_good", "--year", "2024", "--unit", "NOPE", "--output", str(output)
        )


def test_an_import_of_a_unit_outside_the_movement_is_refused(city_tree):
    campaign = CampaignFactory(code="bon-tot-quan-a", organiser=city_tree.district_a)
    movement = Movement.objects.create(campaign=campaign, first_year=2022, last_year=2027)
    with pytest.raises(ImportRefused) as refused:
        run(movement, "QA-P1-C1,2024,Đạt,Đạt,Đạt,", "HB-X1-C1,2024,Đạt,Đạt,Đạt,")
    assert [e.row for e in refused.value.errors] == [3]
    assert "not part of this movement" in refused.value.errors[0].message
    assert not Judgement.objects.exists()
