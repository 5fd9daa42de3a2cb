"""Importing units: the tree grows, moves and is renamed through the services, all or nothing."""

import datetime

import pytest
from django.utils import timezone

from committees.imports import ImportRefused, ImportResult, RowError
from committees.models import Unit, UnitChange, UnitChangeKind, UnitKind, UnitStatus
from committees.services import close_unit

from .spreadsheets import UNIT_HEADERS, run_import

pytestmark = pytest.mark.usefixtures("english")

PARENT = "Mã đơn vị cấp trên"


def refused(rows, **options) -> list[RowError]:
    with pytest.raises(ImportRefused) as refusal:
        run_import("units", rows, **options)
    return refusal.value.errors


def units(*rows) -> list[list]:
    return [UNIT_HEADERS, *map(list, rows)]


def parent_code(code: str) -> str | None:
    parent = Unit.objects.get_parent(Unit.objects.get(code=code))
    return parent.code if parent else None


def test_new_units_are_created_under_their_parents_with_a_creation_record(city_tree):
    result = run_import(
        "units",
        units(
            ["QA-P2", "Đảng ủy phường An Cư", "dang_uy_co_so", "QA"],
            ["QA-P2-C1", "Chi bộ khu vực 1", "chi_bo", "QA-P2"],
        ),
    )

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    assert parent_code("QA-P2") == "QA"
    assert parent_code("QA-P2-C1") == "QA-P2"
    created = Unit.objects.get(code="QA-P2-C1")
    assert (created.name, created.kind) == ("Chi bộ khu vực 1", UnitKind.CHI_BO)
    record = created.changes.get()
    assert record.kind == UnitChangeKind.CREATED
    assert record.effective_on == timezone.localdate()


def test_children_may_come_before_their_parents_in_the_file(city_tree):
    result = run_import(
        "units",
        units(
            ["X-C1", "Chi bộ 1", "chi_bo", "X-DU"],
            ["X-DU", "Đảng ủy cơ quan", "dang_uy_co_so", "X-KHOI"],
            ["X-C2", "Chi bộ 2", "chi_bo", "X-DU"],
            ["X-KHOI", "Đảng ủy Khối cơ quan", "dang_uy_khoi", "TU"],
        ),
    )

    assert result.created == 4
    assert [parent_code(code) for code in ("X-KHOI", "X-DU", "X-C1", "X-C2")] == [
        "TU",
        "X-KHOI",
        "X-DU",
        "X-DU",
    ]
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_kinds_may_be_written_as_their_vietnamese_names(city_tree):
    run_import(
        "units",
        units(
            ["K1", "Đảng ủy Khối Doanh nghiệp", "Đảng ủy Khối", "TU"],
            ["K2", "Đảng ủy phường Cái Khế", "Đảng ủy xã, phường, đặc khu", "QA"],
            ["K3", "Chi bộ Trường Tiểu học", "chi bộ cơ sở", "QA"],
            ["K4", "Hội Cựu chiến binh", "MTTQ", "QA"],
            ["K5", "Chi bộ khu vực 3", "CHI BỘ", "K2"],
        ),
    )

    kinds = dict(Unit.objects.filter(code__startswith="K").values_list("code", "kind"))
    assert kinds == {
        "K1": UnitKind.DANG_UY_KHOI,
        "K2": UnitKind.DANG_UY_XA,
        "K3": UnitKind.CHI_BO_CO_SO,
        "K4": UnitKind.DOAN_THE,
        "K5": UnitKind.CHI_BO,
    }


def test_reimporting_the_same_file_changes_nothing(city_tree):
    rows = units(
        ["QA-P2", "Đảng ủy phường An Cư", "Đảng ủy cơ sở", "QA"],
        ["QA-P2-C1", "Chi bộ khu vực 1", "chi_bo", "QA-P2"],
        ["QA", "Quận ủy Ninh Kiều", "quan_uy", "TU"],
        ["TU", "Thành ủy Cần Thơ", "thanh_uy", ""],
    )
    run_import("units", rows)
    before = dict(Unit.objects.values_list("code", "updated_at"))
    changes = UnitChange.objects.count()

    result = run_import("units", rows, fmt="csv")

    assert result == ImportResult(created=0, updated=0, unchanged=4)
    assert dict(Unit.objects.values_list("code", "updated_at")) == before
    assert UnitChange.objects.count() == changes


def test_a_new_name_is_recorded_as_a_renaming(city_tree):
    result = run_import(
        "units", units(["QA-P1", "Đảng ủy phường An Hòa mới", "dang_uy_co_so", "QA"])
    )

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    unit = Unit.objects.get(code="QA-P1")
    assert unit.name == "Đảng ủy phường An Hòa mới"
    record = unit.changes.get()
    assert (record.kind, record.old_value, record.new_value) == (
        UnitChangeKind.RENAMED,
        "Đảng ủy phường An Hòa",
        "Đảng ủy phường An Hòa mới",
    )


def test_a_new_parent_moves_the_unit_with_everything_below_it(city_tree):
    result = run_import("units", units(["QA-P1", "Đảng ủy phường An Hòa", "dang_uy_co_so", "HB"]))

    assert result.updated == 1
    assert parent_code("QA-P1") == "HB"
    assert parent_code("QA-P1-C1") == "QA-P1"
    assert Unit.objects.get(code="QA-P1-C1").path.startswith(Unit.objects.get(code="HB").path)
    record = Unit.objects.get(code="QA-P1").changes.get()
    assert (record.kind, record.old_value, record.new_value) == (UnitChangeKind.MOVED, "QA", "HB")


def test_a_unit_may_move_under_a_unit_created_by_the_same_file(city_tree):
    run_import(
        "units",
        units(
            ["QA-P1-C1", "Chi bộ khu vực 1", "chi_bo", "QA-P1-NEW"],
            ["QA-P1-NEW", "Đảng bộ bộ phận", "dang_uy_co_so", "QA-P1"],
        ),
    )

    assert parent_code("QA-P1-C1") == "QA-P1-NEW"
    assert parent_code("QA-P1-NEW") == "QA-P1"


def test_a_unit_and_its_former_child_may_change_places(city_tree):
    result = run_import(
        "units",
        units(
            ["QA-P1", "Đảng ủy phường An Hòa", "dang_uy_co_so", "QA-P1-C1"],
            ["QA-P1-C1", "Chi bộ khu vực 1", "chi_bo", "QA"],
        ),
    )

    assert result.updated == 2
    assert parent_code("QA-P1-C1") == "QA"
    assert parent_code("QA-P1") == "QA-P1-C1"
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_a_changed_kind_is_updated(city_tree):
    run_import("units", units(["QA-P1-C1", "Chi bộ khu vực 1", "chi_bo_co_so", "QA-P1"]))

    assert Unit.objects.get(code="QA-P1-C1").kind == UnitKind.CHI_BO_CO_SO


def test_units_in_a_loop_are_refused(city_tree):
    errors = refused(
        units(
            ["L1", "Chi bộ 1", "chi_bo", "L2"],
            ["L2", "Chi bộ 2", "chi_bo", "L3"],
            ["L3", "Chi bộ 3", "chi_bo", "L1"],
            ["L4", "Chi bộ 4", "chi_bo", "L1"],
        )
    )

    assert [(e.row, e.column) for e in errors] == [(2, PARENT), (3, PARENT), (4, PARENT)]
    assert "L1 → L2 → L3 → L1" in errors[0].message
    assert not Unit.objects.filter(code__startswith="L").exists()


def test_moving_a_unit_under_its_own_descendant_is_refused(city_tree):
    errors = refused(units(["QA", "Quận ủy Ninh Kiều", "quan_uy", "QA-P1-C1"]))

    assert [(e.row, e.column) for e in errors] == [(2, PARENT)]
    assert "under itself" in errors[0].message
    assert parent_code("QA") == "TU"


def test_a_unit_cannot_be_its_own_parent(city_tree):
    errors = refused(units(["S1", "Chi bộ", "chi_bo", "S1"]))

    assert errors == [RowError(2, PARENT, "A unit cannot be its own parent unit.")]


def test_a_parent_neither_in_the_system_nor_in_the_file_is_refused(city_tree):
    errors = refused(units(["N1", "Chi bộ", "chi_bo", "KHONG-CO"]))

    assert errors == [
        RowError(2, PARENT, "The parent unit KHONG-CO is neither in the system nor in this file.")
    ]


def test_a_closed_unit_cannot_receive_new_units(city_tree):
    close_unit(city_tree.cell_a2, effective_on=datetime.date(2025, 1, 1))

    errors = refused(units(["N1", "Tổ đảng", "chi_bo", "QA-P1-C2"]))

    assert errors == [RowError(2, PARENT, "The unit QA-P1-C2 is merged or closed.")]


def test_a_closed_unit_cannot_be_changed_but_may_be_listed_unchanged(city_tree):
    close_unit(city_tree.cell_a2, effective_on=datetime.date(2025, 1, 1))
    same = ["QA-P1-C2", "Chi bộ khu vực 2", "chi_bo", "QA-P1"]

    assert run_import("units", units(same)).unchanged == 1
    errors = refused(units([*same[:1], "Tên mới", *same[2:]]))
    assert [(e.row, e.column) for e in errors] == [(2, "Mã đơn vị")]
    assert Unit.objects.get(code="QA-P1-C2").status == UnitStatus.CLOSED


def test_closed_units_under_a_closed_unit_may_be_listed_unchanged(city_tree):
    close_unit(city_tree.cell_b1, effective_on=datetime.date(2025, 1, 1))
    close_unit(city_tree.cell_b2, effective_on=datetime.date(2025, 1, 1))
    close_unit(city_tree.grassroots_b, effective_on=datetime.date(2025, 1, 1))

    result = run_import(
        "units",
        units(
            ["HB-X1", "Đảng ủy xã Nhơn Ái", "dang_uy_co_so", "HB"],
            ["HB-X1-C1", "Chi bộ ấp Nhơn Lộc", "chi_bo", "HB-X1"],
        ),
    )

    assert result.unchanged == 2


def test_an_existing_unit_is_not_made_top_level_by_an_import(city_tree):
    errors = refused(units(["QA", "Quận ủy Ninh Kiều", "quan_uy", ""]))

    assert [(e.row, e.column) for e in errors] == [(2, PARENT)]
    assert parent_code("QA") == "TU"


def test_every_error_is_reported_with_its_row_and_column_and_nothing_is_written(city_tree):
    errors = refused(
        units(
            ["OK1", "Chi bộ đúng", "chi_bo", "QA"],
            ["", "Chi bộ không mã", "chi_bo", "QA"],
            ["E2", "", "chi_bo", "QA"],
            ["E3", "Chi bộ", "ban_chap_hanh", "QA"],
            ["OK1", "Chi bộ trùng mã", "chi_bo", "QA"],
            ["E4", "Chi bộ", "chi_bo", "KHONG-CO"],
        )
    )

    assert [(e.row, e.column) for e in errors] == [
        (3, "Mã đơn vị"),
        (4, "Tên đơn vị"),
        (5, "Loại đơn vị"),
        (6, "Mã đơn vị"),
        (7, PARENT),
    ]
    assert errors[3].message == "The code OK1 is already on row 2."
    assert not Unit.objects.filter(code="OK1").exists()


def test_missing_and_unknown_headers_are_reported_on_row_1(city_tree):
    errors = refused([["Mã đơn vị", "Tên", "Loại đơn vị", "Ghi chú"], ["A", "B", "chi_bo", ""]])

    assert [(e.row, e.column, e.message.split(".")[0]) for e in errors] == [
        (1, "Tên", "Unknown column"),
        (1, "Ghi chú", "Unknown column"),
        (1, "Tên đơn vị", "This column is missing"),
        (1, PARENT, "This column is missing"),
    ]
    assert errors[0].message == (
        "Unknown column. The columns of this file are: Mã đơn vị, "
        "Tên đơn vị, Loại đơn vị, Mã đơn vị cấp trên."
    )


def test_headers_may_come_in_any_order_and_any_letter_case(city_tree):
    rows = [
        ["mã đơn vị cấp trên", "LOẠI ĐƠN VỊ", "Tên  đơn vị", "Mã đơn vị"],
        ["QA", "chi_bo", "Chi bộ mới", "NEW"],
    ]

    assert run_import("units", rows).created == 1
    assert parent_code("NEW") == "QA"


def test_a_dry_run_counts_without_writing(city_tree):
    result = run_import(
        "units",
        units(["N1", "Chi bộ", "chi_bo", "QA"], ["QA-P1", "Tên mới", "dang_uy_co_so", "QA"]),
        dry_run=True,
    )

    assert result == ImportResult(created=1, updated=1, unchanged=0)
    assert not Unit.objects.filter(code="N1").exists()
    assert Unit.objects.get(code="QA-P1").name == "Đảng ủy phường An Hòa"


# --- who may import what -----------------------------------------------------------------------


def test_an_admin_may_add_and_change_units_inside_their_own_unit(city_tree, admin_a):
    result = run_import(
        "units",
        units(
            ["QA-P9", "Đảng ủy phường mới", "dang_uy_co_so", "QA"],
            ["QA-P1", "Đảng ủy phường An Hòa", "dang_uy_co_so", "QA-P9"],
            ["QA", "Quận ủy Ninh Kiều (mới)", "quan_uy", "TU"],
        ),
        user=admin_a,
    )

    assert result == ImportResult(created=1, updated=2, unchanged=0)
    assert parent_code("QA-P1") == "QA-P9"
    created = Unit.objects.get(code="QA-P9").changes.get()
    assert created.recorded_by == admin_a


def test_an_admin_cannot_touch_units_outside_their_own_unit(city_tree, admin_a):
    errors = refused(
        units(
            ["HB-X9", "Đảng ủy xã mới", "dang_uy_co_so", "HB"],
            ["HB-X1", "Đảng ủy xã Nhơn Ái (mới)", "dang_uy_co_so", "HB"],
            ["QA-P1", "Đảng ủy phường An Hòa", "dang_uy_co_so", "HB"],
        ),
        user=admin_a,
    )

    assert [(e.row, e.column) for e in errors] == [(2, PARENT), (3, "Mã đơn vị"), (4, PARENT)]
    assert all("outside your organisation" in e.message for e in errors)
    assert not Unit.objects.filter(code="HB-X9").exists()
    assert parent_code("QA-P1") == "QA"


def test_only_a_superuser_creates_a_top_level_unit(city_tree, admin_a, superuser):
    rows = units(["TINH", "Tỉnh ủy Hậu Giang", "Tỉnh ủy", ""])

    errors = refused(rows, user=admin_a)
    assert errors == [RowError(2, PARENT, "Only a superuser can create a top-level unit.")]

    assert run_import("units", rows, user=superuser).created == 1
    assert Unit.objects.get(code="TINH").is_root()


def test_an_unknown_parent_is_one_error_for_an_admin_too(city_tree, admin_a):
    errors = refused(units(["N1", "Chi bộ", "chi_bo", "KHONG-CO"]), user=admin_a)

    assert errors == [
        RowError(2, PARENT, "The parent unit KHONG-CO is neither in the system nor in this file.")
    ]
