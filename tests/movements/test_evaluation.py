"""The set-based evaluation of a year on a real tree: T4 counts, the đảng bộ roll-up, the
units without members, the unrated members, the judgements and the streaks."""

from committees.models import PersonRating, Rating
from movements.evaluation import evaluate_year
from movements.models import Judgement
from movements.rules import BON_TOT, HTTNV, KHONG_DAT
from tests.factories import UnitFactory

from .conftest import add_members


def judge_all(movement, units, year=2024, **overrides):
    values = {
        "political_task": True,
        "meeting_quality": True,
        "unity_discipline": True,
        **overrides,
    }
    for unit in units:
        Judgement.objects.update_or_create(
            movement=movement,
            unit=unit,
            year=year,
            defaults={**values, "judged_at": "2025-01-10T00:00Z"},
        )


def by_code(results):
    return {result.unit.code: result for result in results}


def test_evaluates_cells_grassroots_cells_and_committees_only(city_tree, movement):
    codes = [r.unit.code for r in evaluate_year(2024, movement=movement)]
    assert codes == ["QA-P1", "QA-P1-C1", "QA-P1-C2", "QA-CBCS", "HB-X1", "HB-X1-C1", "HB-X1-C2"]


def test_cell_t4_with_28_of_28_and_27_of_28(city_tree, movement):
    add_members(city_tree.cell_a1, {Rating.HTXSNV: 2, Rating.HTTNV: 26})
    add_members(city_tree.cell_a2, {Rating.HTTNV: 27, Rating.HTNV: 1})
    judge_all(movement, [city_tree.cell_a1, city_tree.cell_a2])
    results = by_code(evaluate_year(2024, movement=movement))
    assert results["QA-P1-C1"].t4.achieved
    assert results["QA-P1-C1"].classification.result == BON_TOT
    assert not results["QA-P1-C2"].t4.achieved
    assert results["QA-P1-C2"].t4.ratio == "27/28 = 96,4%"
    assert results["QA-P1-C2"].classification.result == HTTNV


def test_dang_bo_members_roll_up_from_its_cells(city_tree, movement):
    # 55 + 35 = 90 of 100: exactly 90% in district B's đảng bộ; just under in district A's.
    add_members(city_tree.cell_b1, {Rating.HTTNV: 55, Rating.HTNV: 5})
    add_members(city_tree.cell_b2, {Rating.HTXSNV: 35, Rating.KHTNV: 5})
    add_members(city_tree.cell_a1, {Rating.HTTNV: 54, Rating.HTNV: 6})
    add_members(city_tree.cell_a2, {Rating.HTTNV: 35, Rating.HTNV: 5})
    results = by_code(evaluate_year(2024, movement=movement))
    assert results["HB-X1"].t4.achieved
    assert results["HB-X1"].t4.ratio == "90/100 = 90,0%"
    assert not results["QA-P1"].t4.achieved
    assert results["QA-P1"].t4.ratio == "89/100 = 89,0%"


def test_dang_bo_bon_tot_needs_three_quarters_of_its_cells(city_tree, movement):
    grassroots = city_tree.grassroots_a
    extra = [UnitFactory(parent=grassroots, code=f"QA-P1-X{n}") for n in (3, 4)]
    cells = [city_tree.cell_a1, city_tree.cell_a2, *extra]
    for cell in cells:
        add_members(cell, {Rating.HTTNV: 3})
    judge_all(movement, [grassroots, *cells[:3]])
    judge_all(movement, cells[3:], political_task=False)
    results = by_code(evaluate_year(2024, movement=movement))
    ward = results["QA-P1"]
    assert (ward.cells_good, ward.cells_total) == (3, 4)
    assert ward.classification.result == BON_TOT

    judge_all(movement, cells[2:3], meeting_quality=False)
    ward = by_code(evaluate_year(2024, movement=movement))["QA-P1"]
    assert (ward.cells_good, ward.cells_total) == (2, 4)
    assert ward.classification.result == HTTNV
    assert ward.classification.criteria_met == 4


def test_a_unit_without_members_does_not_achieve_t4(city_tree, movement):
    judge_all(movement, [city_tree.grassroots_cell_a])
    result = by_code(evaluate_year(2024, movement=movement))["QA-CBCS"]
    assert not result.t4.achieved
    assert (result.t4.good, result.t4.rated) == (0, 0)
    assert result.classification.result == HTTNV


def test_unrated_members_are_left_out_and_named_non_members_ignored(city_tree, movement):
    people = add_members(city_tree.cell_a1, {Rating.HTTNV: 3}, unrated=1, non_members=2)
    result = by_code(evaluate_year(2024, movement=movement))["QA-P1-C1"]
    assert (result.t4.good, result.t4.rated) == (3, 3)
    assert result.t4.achieved
    assert result.t4.unrated_names == (people[3].full_name,)
    ward = by_code(evaluate_year(2024, movement=movement))["QA-P1"]
    assert people[3].full_name in ward.t4.unrated_names
    assert any(people[3].full_name in line for line in ward.reasoning)


def test_unjudged_units_are_not_achieved(city_tree, movement):
    add_members(city_tree.cell_a1, {Rating.HTTNV: 3})
    result = by_code(evaluate_year(2024, movement=movement))["QA-P1-C1"]
    assert result.classification.result == KHONG_DAT
    assert not result.judged


def test_press_exposed_violation_fails_t3(city_tree, movement):
    add_members(city_tree.cell_a1, {Rating.HTTNV: 3})
    judge_all(movement, [city_tree.cell_a1], press_exposed_violation=True)
    result = by_code(evaluate_year(2024, movement=movement))["QA-P1-C1"]
    assert not result.t3_achieved
    assert result.classification.result == HTTNV


def test_streak_counts_consecutive_years_and_a_gap_breaks_it(city_tree, movement):
    steady, gap = city_tree.cell_a1, city_tree.cell_a2
    for year in (2022, 2023, 2024):
        for cell in (steady, gap):
            people = add_members(cell, {Rating.HTTNV: 2}, year=year)
            if cell is gap and year == 2023:
                PersonRating.objects.filter(person=people[0], year=year).update(rating=Rating.HTNV)
        judge_all(movement, [steady, gap], year=year)
    results = by_code(evaluate_year(2024, movement=movement))
    assert results["QA-P1-C1"].streak == 3
    assert results["QA-P1-C2"].streak == 1
    assert by_code(evaluate_year(2023, movement=movement))["QA-P1-C2"].streak == 0


def test_subtree_only(city_tree, movement):
    codes = [r.unit.code for r in evaluate_year(2024, city_tree.grassroots_b, movement)]
    assert codes == ["HB-X1", "HB-X1-C1", "HB-X1-C2"]


def test_query_count_does_not_grow_with_the_tree(city_tree, movement, queries):
    add_members(city_tree.cell_a1, {Rating.HTTNV: 2})
    with queries.at_most(5):
        evaluate_year(2024, movement=movement, with_streak=False)
    for n in range(10):
        cell = UnitFactory(parent=city_tree.grassroots_b, code=f"HB-X1-N{n}")
        add_members(cell, {Rating.HTTNV: 2}, unrated=1)
    with queries.at_most(5):
        evaluate_year(2024, movement=movement, with_streak=False)
