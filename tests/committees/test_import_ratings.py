"""Importing yearly ratings of people (by Mã cá nhân) or of units (by Mã đơn vị)."""

import datetime

import pytest

from committees.imports import ImportRefused, ImportResult, RowError
from committees.models import PersonRating, Rating, UnitRating
from tests.factories import PersonFactory, PersonRatingFactory, UnitRatingFactory

from .spreadsheets import PERSON_RATING_HEADERS, UNIT_RATING_HEADERS, run_import

pytestmark = pytest.mark.usefixtures("english")

LAST_YEAR = datetime.date.today().year - 1


def refused(rows, **options) -> list[RowError]:
    with pytest.raises(ImportRefused) as refusal:
        run_import("ratings", rows, **options)
    return refusal.value.errors


@pytest.fixture
def members(city_tree):
    return {
        "CN1": PersonFactory(code="CN1", unit=city_tree.cell_a1),
        "CN2": PersonFactory(code="CN2", unit=city_tree.cell_a2),
        "CN-B": PersonFactory(code="CN-B", unit=city_tree.cell_b1),
    }


def ratings_of(person) -> dict[int, tuple]:
    return {r.year: (r.rating, r.score) for r in PersonRating.objects.filter(person=person)}


def test_people_are_rated_by_code_with_the_abbreviation_or_the_full_wording(members):
    result = run_import(
        "ratings",
        [
            PERSON_RATING_HEADERS,
            ["CN1", 2023, "HTXSNV"],
            ["CN1", "2024", "hoàn thành tốt nhiệm vụ"],
            ["CN2", 2024, "KHÔNG HOÀN THÀNH NHIỆM VỤ"],
        ],
    )

    assert result == ImportResult(created=3, updated=0, unchanged=0)
    assert ratings_of(members["CN1"]) == {2023: (Rating.HTXSNV, None), 2024: (Rating.HTTNV, None)}
    assert ratings_of(members["CN2"]) == {2024: (Rating.KHTNV, None)}


def test_units_are_rated_by_unit_code(city_tree):
    result = run_import("ratings", [UNIT_RATING_HEADERS, ["QA-P1-C1", 2024, "htnv"]], fmt="csv")

    assert result.created == 1
    rating = UnitRating.objects.get(unit=city_tree.cell_a1)
    assert (rating.year, rating.rating) == (2024, Rating.HTNV)


def test_an_optional_score_column_records_scores_out_of_100(members):
    run_import(
        "ratings",
        [[*PERSON_RATING_HEADERS, "Điểm"], ["CN1", 2024, "HTTNV", 86], ["CN2", 2024, "HTNV", ""]],
    )

    assert ratings_of(members["CN1"]) == {2024: (Rating.HTTNV, 86)}
    assert ratings_of(members["CN2"]) == {2024: (Rating.HTNV, None)}


def test_reimporting_the_same_file_changes_nothing_and_a_changed_rating_updates(members):
    rows = [[*PERSON_RATING_HEADERS, "Điểm"], ["CN1", 2024, "HTTNV", 86], ["CN2", 2024, "HTNV", 70]]
    run_import("ratings", rows)

    assert run_import("ratings", rows) == ImportResult(created=0, updated=0, unchanged=2)

    rows[2][2:] = ["HTTNV", 81]
    assert run_import("ratings", rows) == ImportResult(created=0, updated=1, unchanged=1)
    assert ratings_of(members["CN2"]) == {2024: (Rating.HTTNV, 81)}


def test_without_a_score_column_the_recorded_scores_stay(members):
    PersonRatingFactory(person=members["CN1"], year=2024, rating=Rating.HTTNV, score=88)

    result = run_import("ratings", [PERSON_RATING_HEADERS, ["CN1", 2024, "HTTNV"]])

    assert result.unchanged == 1
    assert ratings_of(members["CN1"]) == {2024: (Rating.HTTNV, 88)}


def test_every_bad_row_is_reported_and_nothing_is_written(members):
    errors = refused(
        [
            [*PERSON_RATING_HEADERS, "Điểm"],
            ["CN1", 2023, "HTTNV", 90],
            ["CN1", "hai nghìn", "HTTNV", ""],
            ["CN1", 1925, "HTTNV", ""],
            ["CN2", 2024, "Xuất sắc", ""],
            ["KHONG-CO", 2024, "HTNV", ""],
            ["CN2", 2023, "HTNV", 101],
            ["CN1", 2023, "HTNV", ""],
            ["CN2", LAST_YEAR + 2, "HTNV", ""],
        ]
    )

    assert [(e.row, e.column) for e in errors] == [
        (3, "Năm"),
        (4, "Năm"),
        (5, "Xếp loại"),
        (6, "Mã cá nhân"),
        (7, "Điểm"),
        (8, "Năm"),
        (9, "Năm"),
    ]
    assert errors[3].message == "The person code KHONG-CO does not exist."
    assert errors[5].message == "CN1 already has a rating for 2023 on row 2."
    assert not PersonRating.objects.exists()


def test_an_unknown_unit_code_is_refused(city_tree):
    errors = refused([UNIT_RATING_HEADERS, ["KHONG-CO", 2024, "HTNV"]])

    assert errors == [RowError(2, "Mã đơn vị", "The unit code KHONG-CO does not exist.")]


def test_a_ratings_file_rates_people_or_units_not_both(members):
    errors = refused([["Mã cá nhân", "Mã đơn vị", "Năm", "Xếp loại"], ["CN1", "QA", 2024, "HTNV"]])
    assert [(e.row, e.column) for e in errors] == [(1, "Mã đơn vị")]

    errors = refused([["Năm", "Xếp loại"], [2024, "HTNV"]])
    assert [(e.row, e.column) for e in errors] == [(1, "Mã cá nhân")]


def test_an_admin_rates_only_people_and_units_of_their_own_district(members, admin_a):
    assert (
        run_import("ratings", [PERSON_RATING_HEADERS, ["CN1", 2024, "HTNV"]], user=admin_a).created
        == 1
    )

    errors = refused(
        [PERSON_RATING_HEADERS, ["CN2", 2024, "HTNV"], ["CN-B", 2024, "HTNV"]], user=admin_a
    )
    assert errors == [
        RowError(3, "Mã cá nhân", "The person CN-B belongs to a unit outside your organisation.")
    ]

    errors = refused([UNIT_RATING_HEADERS, ["HB", 2024, "HTNV"]], user=admin_a)
    assert errors == [RowError(2, "Mã đơn vị", "The unit HB is outside your organisation.")]
    assert not PersonRating.objects.filter(person__code="CN2").exists()


def test_a_unit_rating_changes_in_place(city_tree):
    UnitRatingFactory(unit=city_tree.district_a, year=2024, rating=Rating.HTNV)

    result = run_import("ratings", [UNIT_RATING_HEADERS, ["QA", 2024, "HTXSNV"]])

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    assert UnitRating.objects.get(unit=city_tree.district_a).rating == Rating.HTXSNV
