"""Every way a person or a unit is written keeps its search key and sort key current."""

import datetime

import pytest

from committees.imports.importers import PERSON_FIELDS, insert_rows
from committees.models import Person, Unit, UnitKind
from committees.services import create_unit, rename_unit
from core.text import name_sort_key, search_key, title_sort_key
from tests.factories import PersonFactory, UnitFactory

from .spreadsheets import PERSON_HEADERS, person_row, run_import

TODAY = datetime.date(2025, 1, 2)


def keys_of(person: Person) -> tuple[str, str]:
    person.refresh_from_db()
    return person.search_key, person.sort_key


def test_saving_a_person_computes_both_keys(db):
    person = PersonFactory(full_name="Phạm  Thị Dung", code="NC0001")

    assert keys_of(person) == (" pham thi dung nc0001", name_sort_key("Phạm Thị Dung"))


def test_editing_a_name_refreshes_the_keys_even_with_update_fields(db):
    person = PersonFactory(full_name="Lê Văn Tám")
    person.full_name = "Lê Văn Chín"
    person.save(update_fields=["full_name"])

    assert keys_of(person) == (search_key("Lê Văn Chín", person.code), name_sort_key("Lê Văn Chín"))


def test_bulk_create_computes_the_keys(db):
    unit = UnitFactory()
    Person.objects.bulk_create([Person(code="B1", full_name="Đỗ Thị Huệ", unit=unit)])

    person = Person.objects.unscoped("test").get(code="B1")
    assert (person.search_key, person.sort_key) == (" do thi hue b1", name_sort_key("Đỗ Thị Huệ"))


def test_inserted_rows_get_their_keys_on_either_database(db):
    unit = UnitFactory()
    insert_rows(
        Person,
        ("code", *PERSON_FIELDS),
        [("COPY1", "Vũ Đức Thắng", None, "", unit.pk, True, "", "")],
    )

    person = Person.objects.unscoped("test").get(code="COPY1")
    assert person.search_key == " vu duc thang copy1"
    assert person.sort_key == name_sort_key("Vũ Đức Thắng")


def test_an_import_writes_the_keys_of_new_and_changed_people(city_tree):
    run_import(
        "people",
        [PERSON_HEADERS, person_row("CN1", "Nguyễn Thị Thuỷ"), person_row("CN2", "Trần Ân")],
    )
    run_import(
        "people",
        [PERSON_HEADERS, person_row("CN1", "Nguyễn Thị Thủy"), person_row("CN2", "Trần Văn Ân")],
    )

    keys = dict(Person.objects.unscoped("test").values_list("code", "search_key"))
    assert keys == {"CN1": " nguyen thi thuy cn1", "CN2": " tran van an cn2"}
    second = Person.objects.unscoped("test").get(code="CN2")
    assert second.sort_key == name_sort_key("Trần Văn Ân")


def test_units_keep_their_keys_when_created_and_renamed(city_tree):
    unit = create_unit(
        parent=city_tree.grassroots_a,
        code="CB-DONG",
        name="Chi bộ Đông Hải",
        kind=UnitKind.CHI_BO,
        effective_on=TODAY,
    )
    assert (unit.search_key, unit.sort_key) == (
        " chi bo dong hai cb-dong",
        title_sort_key("Chi bộ Đông Hải"),
    )

    rename_unit(unit, "Chi bộ Tây Hải", effective_on=TODAY)

    unit.refresh_from_db()
    assert unit.search_key == " chi bo tay hai cb-dong"
    assert unit.sort_key == title_sort_key("Chi bộ Tây Hải")


def test_people_are_listed_in_office_order_by_the_database(db):
    unit = UnitFactory()
    for name in ["Đặng Văn Bình", "Lê Thị Ân", "Trần Văn An", "Phạm Đức", "Hoàng Dung"]:
        PersonFactory(full_name=name, unit=unit)

    assert [p.full_name for p in unit.people.all()] == [
        "Trần Văn An",
        "Lê Thị Ân",
        "Đặng Văn Bình",
        "Hoàng Dung",
        "Phạm Đức",
    ]


@pytest.mark.parametrize("name", ["Chi bộ A", "Đảng bộ Z"])
def test_treebeard_roots_and_children_get_keys(db, name):
    root = UnitFactory(name=name, code="R1")
    child = UnitFactory(parent=root, name=f"{name} con", code="C1")

    assert Unit.objects.get(pk=root.pk).sort_key == title_sort_key(name)
    assert Unit.objects.get(pk=child.pk).search_key == search_key(f"{name} con", "C1")
