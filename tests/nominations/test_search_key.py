"""A nomination carries its nominee's search key, and follows the nominee's renames."""

import datetime

import pytest

from committees.services import rename_unit
from nominations.models import Nomination
from tests.committees.spreadsheets import PERSON_HEADERS, person_row, run_import

pytestmark = pytest.mark.django_db


def key_of(nomination) -> str:
    return Nomination.objects.unscoped("test").get(pk=nomination.pk).search_key


def test_a_draft_copies_its_nominees_key(seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Phạm Thị Dung", code="NC0001")

    nomination = seed000.file(person)

    assert key_of(nomination) == " pham thi dung nc0001"


def test_the_key_follows_a_rename_by_save_and_by_import(seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Lê Văn Tám", code="CN1")
    nomination = seed000.file(person)

    person.full_name = "Lê Văn Chín"
    person.save()
    assert key_of(nomination) == " le van chin cn1"

    run_import("people", [PERSON_HEADERS, person_row("CN1", "Lê Thị Mười")])
    assert key_of(nomination) == " le thi muoi cn1"


def test_a_collective_nomination_follows_the_units_rename(seed000):
    from tests.factories import CategoryFactory

    category = CategoryFactory(campaign=seed000.campaign, nominee_kind="collective")
    cell = seed000.tree.cell_a1
    nomination = Nomination.objects.create(
        campaign=seed000.campaign,
        category=category,
        collective=cell,
        filing_unit=cell,
        filed_by=seed000.secretary_a1,
        achievement_summary="Tập thể gương mẫu.",
    )
    assert key_of(nomination) == " chi bo khu vuc 1 qa-p1-c1"

    rename_unit(cell, "Chi bộ Đông Hải", effective_on=datetime.date(2025, 1, 2))

    assert key_of(nomination) == " chi bo dong hai qa-p1-c1"


def test_bulk_created_nominations_copy_the_keys(seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Vũ Đức Thắng", code="CN9")
    Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=seed000.campaign,
                category=seed000.members,
                person_id=person.pk,
                filing_unit=seed000.tree.cell_a1,
                filed_by=seed000.secretary_a1,
                achievement_summary="Gương mẫu.",
            )
        ]
    )

    assert Nomination.objects.unscoped("test").get(person=person).search_key == " vu duc thang cn9"
