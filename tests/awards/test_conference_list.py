"""Who is invited to the district's conference, in which order they receive their commendation
and where they sit."""

import pytest

from awards.conference_selectors import day_list
from awards.models import DecisionKind
from tests.awards.conference_fixtures import issued_decision, people
from tests.factories import CampaignFactory, ReviewLevelFactory, UnitFactory

pytestmark = pytest.mark.django_db


def names(day):
    return [invitee.name for invitee in day.invitees]


def test_people_are_ordered_by_given_name_in_the_vietnamese_alphabet(conf):
    cell = conf.seed.tree.cell_a1
    # Given names: An < Ăn < Ân (A < Ă < Â), Du < Đu (D < Đ), Anh < Ánh (the tone decides
    # only between the same letters); the family name comes last ("Trần Văn An" before
    # "Nguyễn Văn Bình").
    for person in people(
        conf,
        cell,
        "Hồ Văn Đu",
        "Nguyễn Văn Bình",
        "Lê Thị Ân",
        "Võ Văn Du",
        "Phạm Thị Ánh",
        "Trần Văn An",
        "Đỗ Văn Ăn",
        "Ngô Thị Anh",
    ):
        conf.honor(person)

    day = day_list(conf.conference)

    assert names(day) == [
        "Trần Văn An",
        "Ngô Thị Anh",
        "Phạm Thị Ánh",
        "Đỗ Văn Ăn",
        "Lê Thị Ân",
        "Nguyễn Văn Bình",
        "Võ Văn Du",
        "Hồ Văn Đu",
    ]
    assert [i.number for i in day.invitees] == list(range(1, 9))


def test_units_go_in_tree_order_each_group_from_a_new_row(conf):
    tree = conf.seed.tree
    # District A: the ward (with cells A1 and A2) and the school's cell, two seats per row.
    (b,) = people(conf, tree.cell_a2, "Trần Thị Bảy")
    (a,) = people(conf, tree.cell_a1, "Nguyễn Văn Tám")
    (c, d, e) = people(conf, tree.grassroots_cell_a, "Lý Văn Chín", "Mai Thị Mười", "Lê Văn Một")
    for person in (b, c, a, d, e):
        conf.honor(person)

    day = day_list(conf.conference)

    assert [g.name for g in day.groups] == [
        "Đảng ủy phường An Hòa",
        "Chi bộ Trường THPT Châu Văn Liêm",
    ]
    ward, school = day.groups
    # In the ward: cell A1 before cell A2 (tree order), whatever the names.
    assert [(i.name, i.row, i.seat) for i in ward.invitees] == [
        ("Nguyễn Văn Tám", 1, 1),
        ("Trần Thị Bảy", 1, 2),
    ]
    assert [(i.name, i.row, i.seat) for i in school.invitees] == [
        ("Lý Văn Chín", 2, 1),
        ("Lê Văn Một", 2, 2),
        ("Mai Thị Mười", 3, 1),
    ]
    assert (ward.rows_text, school.rows_text) == ("Hàng 1", "Hàng 2–3")
    assert school.invitees[-1].seat_text == "Hàng 3, ghế 1"
    assert [i.number for i in day.invitees] == [1, 2, 3, 4, 5]


def test_each_person_is_addressed_with_position_unit_and_the_unit_above(conf):
    tree = conf.seed.tree
    (secretary,) = people(conf, tree.cell_a1, "Nguyễn Văn A", position="Bí thư Chi bộ khu vực 1")
    (teacher,) = people(conf, tree.grassroots_cell_a, "Trần Thị B", position="Giáo viên")
    conf.honor(secretary)
    conf.honor(teacher)
    conf.honor(collective=tree.cell_a2, filing_unit=tree.grassroots_a, form_code="bang-khen")

    by_name = {i.name: i for i in day_list(conf.conference).invitees}

    a = by_name["Nguyễn Văn A"]
    assert (a.position, a.unit_line) == (
        "Bí thư Chi bộ khu vực 1",
        "Chi bộ khu vực 1, Đảng ủy phường An Hòa",
    )
    assert a.form == "Giấy khen"
    assert a.decision == "Quyết định số 15-QĐ/QU ngày 20/01/2025"
    # The school's cell sits right under the district: the district is not repeated.
    assert by_name["Trần Thị B"].unit_line == "Chi bộ Trường THPT Châu Văn Liêm"
    cell = by_name["Chi bộ khu vực 2"]
    assert (cell.is_collective, cell.position, cell.form) == (True, "", "Bằng khen")
    assert cell.unit_line == "Chi bộ khu vực 2, Đảng ủy phường An Hòa"


def test_a_collective_goes_before_the_people_of_its_unit(conf):
    tree = conf.seed.tree
    (person,) = people(conf, tree.grassroots_a, "Nguyễn Văn An")
    conf.honor(person)
    conf.honor(collective=tree.cell_a1, filing_unit=tree.grassroots_a)

    assert names(day_list(conf.conference)) == ["Chi bộ khu vực 1", "Nguyễn Văn An"]


def test_only_live_lines_of_the_units_issued_decisions_of_commendation_are_invited(conf):
    seed, tree = conf.seed, conf.seed.tree
    cell = tree.cell_a1
    invited, annulled, drafted, elsewhere, other_campaign = people(
        conf,
        cell,
        "Người Được Mời",
        "Người Bị Hủy",
        "Người Dự Thảo",
        "Người Nơi Khác",
        "Người Đợt Khác",
    )
    conf.honor(invited)
    conf.honor(annulled, live=False)
    draft = issued_decision(
        seed, conf.district, number=None, year=None, issued_on=None, issued_at=None
    )
    conf.honor(drafted, decision=draft)
    city_decision = issued_decision(seed, tree.city, number=3, level=seed.city)
    conf.honor(elsewhere, decision=city_decision)
    other = CampaignFactory(organiser=tree.city)
    other_decision = issued_decision(
        seed, conf.district, number=16, campaign=other, level=ReviewLevelFactory(campaign=other)
    )
    conf.honor(other_campaign, decision=other_decision)

    assert names(day_list(conf.conference)) == ["Người Được Mời"]


def test_an_annulment_invites_no_one(conf):
    (person,) = people(conf, conf.seed.tree.cell_a1, "Nguyễn Văn An")
    annulment = issued_decision(
        conf.seed, conf.district, number=20, kind=DecisionKind.ANNUL, annuls=conf.decision
    )
    conf.honor(person, decision=annulment)

    assert day_list(conf.conference).count == 0


def test_the_list_costs_the_same_queries_for_two_or_twenty(conf, queries):
    unit = UnitFactory(parent=conf.seed.tree.grassroots_a, name="Chi bộ khu vực 9")
    for person in people(conf, conf.seed.tree.cell_a1, "Nguyễn Văn An", "Lê Văn Ba"):
        conf.honor(person)
    small = queries.of(lambda: day_list(conf.conference))
    for number in range(18):
        (person,) = people(conf, unit, f"Trần Văn Số {number}")
        conf.honor(person)

    large = queries.of(lambda: day_list(conf.conference))

    assert large == small


def test_the_lists_show_beside_a_collective_only_the_unit_above(conf):
    tree = conf.seed.tree
    conf.honor(collective=tree.cell_a2, filing_unit=tree.grassroots_a)
    conf.honor(collective=tree.grassroots_cell_a)
    (person,) = people(conf, tree.cell_a1, "Nguyễn Văn An", position="Bí thư")
    conf.honor(person)

    details = [(i.name, i.details) for i in day_list(conf.conference).invitees]

    assert details == [
        ("Chi bộ khu vực 2", "Đảng ủy phường An Hòa"),
        ("Nguyễn Văn An", "Bí thư, Chi bộ khu vực 1, Đảng ủy phường An Hòa"),
        ("Chi bộ Trường THPT Châu Văn Liêm", ""),
    ]
