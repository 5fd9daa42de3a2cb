"""The tree: typed units of any depth, one-query subtrees, and changes that keep history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.models import Person, Unit, UnitChange, UnitChangeKind, UnitKind, UnitStatus
from committees.services import close_unit, merge_units, move_unit, rename_unit
from tests.factories import PersonFactory, UnitFactory

DAY = datetime.date(2025, 7, 1)


@pytest.mark.django_db
class TestSubtreeQueries:
    def _chain(self, depth):
        unit = UnitFactory(kind=UnitKind.TINH_UY)
        top = unit
        for _ in range(depth - 1):
            unit = UnitFactory(parent=unit)
        return top, Unit.objects.get(pk=unit.pk)

    @pytest.mark.parametrize("depth", [3, 8])
    def test_subtree_and_ancestors_cost_one_query_at_any_depth(self, depth, queries):
        top, leaf = self._chain(depth)
        with queries.exactly(1):
            assert len(list(top.subtree())) == depth
        with queries.exactly(1):
            assert len(list(Unit.objects.get_ancestors(leaf))) == depth - 1

    def test_both_shapes_of_tree(self, city_tree):
        # Before July 2025: city → district → grassroots → cell; a grassroots cell under a district.
        assert Unit.objects.get_ancestors(city_tree.cell_a1).count() == 3
        assert Unit.objects.get_parent(city_tree.grassroots_cell_a).kind == UnitKind.QUAN_UY
        # Since July 2025: province → commune committee → cell, no district tier.
        province = UnitFactory(kind=UnitKind.TINH_UY, code="HG")
        commune = UnitFactory(parent=province, kind=UnitKind.DANG_UY_XA, code="HG-X1")
        cell = UnitFactory(parent=commune, kind=UnitKind.CHI_BO, code="HG-X1-C1")
        assert [u.code for u in Unit.objects.get_ancestors(cell)] == ["HG", "HG-X1"]

    def test_within_a_unit_means_the_unit_and_below(self, city_tree):
        codes = set(Unit.objects.within(city_tree.district_a).values_list("code", flat=True))
        assert codes == {"QA", "QA-P1", "QA-P1-C1", "QA-P1-C2", "QA-CBCS", "QA-MTTQ"}


@pytest.mark.django_db
class TestUnitChanges:
    def test_rename_keeps_the_old_name_in_history(self, city_tree):
        rename_unit(city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=DAY)
        change = UnitChange.objects.get(unit=city_tree.cell_a1, kind=UnitChangeKind.RENAMED)
        assert (change.old_value, change.new_value) == ("Chi bộ khu vực 1", "Chi bộ khu vực Một")
        assert Unit.objects.get(pk=city_tree.cell_a1.pk).name == "Chi bộ khu vực Một"

    def test_merge_moves_units_and_people_and_keeps_the_source(self, city_tree):
        person = PersonFactory(unit=city_tree.grassroots_b)
        merge_units(city_tree.grassroots_b, city_tree.grassroots_a, effective_on=DAY)
        source = Unit.objects.get(pk=city_tree.grassroots_b.pk)
        assert source.status == UnitStatus.MERGED
        assert source.merged_into_id == city_tree.grassroots_a.pk
        assert source.closed_on == DAY
        assert Person.objects.get(pk=person.pk).unit_id == city_tree.grassroots_a.pk
        moved = Unit.objects.get(pk=city_tree.cell_b1.pk)
        assert Unit.objects.get_parent(moved).pk == city_tree.grassroots_a.pk
        assert UnitChange.objects.filter(unit=source, kind=UnitChangeKind.MERGED).exists()
        assert UnitChange.objects.filter(
            unit=city_tree.grassroots_a, kind=UnitChangeKind.ABSORBED, related_unit=source
        ).exists()

    def test_a_unit_cannot_merge_into_its_own_branch(self, city_tree):
        with pytest.raises(ValidationError, match="vào đơn vị không thuộc nhánh của nó"):
            merge_units(city_tree.district_a, city_tree.cell_a1, effective_on=DAY)
        assert Unit.objects.get(pk=city_tree.district_a.pk).is_active

    def test_a_merged_unit_cannot_be_renamed(self, city_tree):
        merge_units(city_tree.cell_a2, city_tree.cell_a1, effective_on=DAY)
        with pytest.raises(ValidationError, match="không còn hoạt động"):
            rename_unit(city_tree.cell_a2, "Tên mới", effective_on=DAY)

    def test_close_refuses_a_unit_that_still_has_people(self, city_tree):
        PersonFactory(unit=city_tree.cell_b2)
        with pytest.raises(
            ValidationError, match="Cần chuyển các cá nhân của Chi bộ ấp Nhơn Thọ sang đơn vị khác"
        ):
            close_unit(city_tree.cell_b2, effective_on=DAY)
        assert Unit.objects.get(pk=city_tree.cell_b2.pk).is_active

    def test_close_an_empty_unit(self, city_tree):
        close_unit(city_tree.cell_b2, effective_on=DAY)
        unit = Unit.objects.get(pk=city_tree.cell_b2.pk)
        assert (unit.status, unit.closed_on) == (UnitStatus.CLOSED, DAY)

    def test_move_under_own_descendant_is_refused(self, city_tree):
        with pytest.raises(ValidationError, match="vào chính nó hoặc vào đơn vị trực thuộc của nó"):
            move_unit(city_tree.district_a, city_tree.grassroots_a, effective_on=DAY)

    def test_move_records_old_and_new_parent(self, city_tree):
        move_unit(city_tree.cell_b1, city_tree.grassroots_a, effective_on=DAY)
        change = UnitChange.objects.get(unit=city_tree.cell_b1, kind=UnitChangeKind.MOVED)
        assert (change.old_value, change.new_value) == ("HB-X1", "QA-P1")
        assert Unit.objects.get(pk=city_tree.cell_b1.pk).path.startswith(
            city_tree.grassroots_a.path
        )

    def test_names_are_stored_in_nfc(self):
        import unicodedata

        decomposed = unicodedata.normalize("NFD", "Chi bộ Đồng Khởi")
        unit = UnitFactory(name=decomposed)
        assert unit.name == unicodedata.normalize("NFC", "Chi bộ Đồng Khởi")
