"""The rules as pure functions, at their boundaries: no database, no request."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Placement
from campaigns.rules_engine import (
    EligibilityCriteria,
    NomineeFacts,
    QuotaLimits,
    QuotaUsage,
    cap_limit,
    check_cap,
    check_eligibility,
    is_eligible,
    quorum_met,
    quota_errors,
    quota_remaining,
    review_chain,
    vote_passes,
    votes_needed,
    window_error,
)
from committees.models import UnitKind

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


class TestCap:
    @pytest.mark.parametrize(
        ("honored", "limit"), [(9, 0), (10, 1), (19, 1), (20, 2), (21, 2), (37, 3), (0, 0)]
    )
    def test_ten_percent_rounds_down(self, honored, limit):
        assert cap_limit(honored, 10) == limit

    def test_exactly_at_the_cap_is_allowed_one_more_is_not(self):
        assert check_cap(base=20, percent=10, rounding="floor", requested=2).ok
        assert not check_cap(base=20, percent=10, rounding="floor", requested=3).ok

    @pytest.mark.parametrize(("rounding", "limit"), [("floor", 1), ("half_up", 2), ("ceil", 2)])
    def test_other_roundings(self, rounding, limit):
        assert cap_limit(15, 10, rounding) == limit

    def test_half_up_rounds_a_half_up_and_below_it_down(self):
        assert cap_limit(25, 10, "half_up") == 3
        assert cap_limit(24, 10, "half_up") == 2

    def test_how_many_over_the_cap(self):
        assert check_cap(base=37, percent=10, rounding="floor", requested=5).over == 2
        assert check_cap(base=37, percent=10, rounding="floor", requested=2).over == 0


class TestQuota:
    def test_one_over_the_individual_quota(self):
        limits = QuotaLimits(max_individuals=2)
        assert quota_errors(limits, QuotaUsage(individuals=2)) == []
        assert quota_errors(limits, QuotaUsage(individuals=3))

    def test_one_collective_or_one_individual(self):
        either = QuotaLimits(max_individuals=1, max_collectives=1, max_total=1)
        assert quota_errors(either, QuotaUsage(individuals=1)) == []
        assert quota_errors(either, QuotaUsage(collectives=1)) == []
        assert quota_errors(either, QuotaUsage(individuals=1, collectives=1))
        assert quota_errors(either, QuotaUsage(individuals=2))

    def test_one_collective_and_one_to_two_individuals(self):
        both = QuotaLimits(max_individuals=2, max_collectives=1)
        assert quota_errors(both, QuotaUsage(individuals=2, collectives=1)) == []
        assert quota_errors(both, QuotaUsage(individuals=2, collectives=2))

    def test_what_is_left_to_file(self):
        either = QuotaLimits(max_individuals=1, max_collectives=1, max_total=1)
        assert quota_remaining(either, QuotaUsage()) == {
            "individuals": 1,
            "collectives": 1,
            "total": 1,
        }
        assert quota_remaining(either, QuotaUsage(collectives=1)) == {
            "individuals": 0,
            "collectives": 0,
            "total": 0,
        }
        assert quota_remaining(QuotaLimits(), QuotaUsage(individuals=5))["individuals"] is None


class TestWindow:
    OPENS = datetime.datetime(2023, 3, 20, 0, 0, 0, tzinfo=HCM)
    CLOSES = datetime.datetime(2023, 4, 1, 0, 0, 0, tzinfo=HCM)  # "đến hết ngày 31/3/2023"

    def test_one_second_before_opening_is_refused(self):
        assert window_error(self.OPENS - datetime.timedelta(seconds=1), self.OPENS, self.CLOSES)

    def test_the_opening_second_is_accepted(self):
        assert window_error(self.OPENS, self.OPENS, self.CLOSES) is None

    def test_the_last_second_is_accepted(self):
        assert (
            window_error(self.CLOSES - datetime.timedelta(seconds=1), self.OPENS, self.CLOSES)
            is None
        )

    def test_the_deadline_itself_is_refused_and_named(self):
        error = window_error(self.CLOSES, self.OPENS, self.CLOSES)
        assert error and "23 giờ 59 phút 59 giây ngày 31/03/2023 (giờ Việt Nam)" in error

    def test_no_deadline_means_always_open(self):
        assert window_error(self.CLOSES, None, None) is None


class TestVoting:
    def test_more_than_half_of_all_sitting_members(self):
        # 15 sitting, 12 present: 7 in favour is not more than half of 15; 8 is.
        rule = {
            "sitting": 15,
            "taking_part": 12,
            "numerator": 1,
            "denominator": 2,
            "strictly_more": True,
            "of_sitting": True,
        }
        assert not vote_passes(7, **rule)
        assert vote_passes(8, **rule)

    def test_half_exactly_does_not_pass(self):
        assert not vote_passes(
            6,
            sitting=12,
            taking_part=12,
            numerator=1,
            denominator=2,
            strictly_more=True,
            of_sitting=True,
        )

    def test_ninety_percent_of_those_taking_part(self):
        rule = {
            "sitting": 20,
            "taking_part": 10,
            "numerator": 9,
            "denominator": 10,
            "strictly_more": False,
            "of_sitting": False,
        }
        assert vote_passes(9, **rule)
        assert not vote_passes(8, **rule)

    def test_votes_needed_for_more_than_half_of_eleven(self):
        rule = {
            "sitting": 11,
            "taking_part": 9,
            "numerator": 1,
            "denominator": 2,
            "strictly_more": True,
            "of_sitting": True,
        }
        assert votes_needed(**rule) == 6

    def test_no_number_of_votes_reaches_all_of_the_members_strictly(self):
        rule = {
            "sitting": 5,
            "taking_part": 5,
            "numerator": 1,
            "denominator": 1,
            "strictly_more": True,
            "of_sitting": True,
        }
        assert votes_needed(**rule) is None

    @pytest.mark.parametrize("sitting", [0, 1, 2, 5, 11, 12])
    @pytest.mark.parametrize("taking_part", [0, 1, 4, 7, 12])
    @pytest.mark.parametrize(
        ("numerator", "denominator"), [(1, 2), (2, 3), (9, 10), (1, 1), (0, 1), (3, 4)]
    )
    @pytest.mark.parametrize("strictly_more", [True, False])
    @pytest.mark.parametrize("of_sitting", [True, False])
    def test_votes_needed_is_the_fewest_that_pass(
        self, sitting, taking_part, numerator, denominator, strictly_more, of_sitting
    ):
        rule = {
            "sitting": sitting,
            "taking_part": taking_part,
            "numerator": numerator,
            "denominator": denominator,
            "strictly_more": strictly_more,
            "of_sitting": of_sitting,
        }
        base = sitting if of_sitting else taking_part
        passing = [v for v in range(base + 1) if vote_passes(v, **rule)]
        assert votes_needed(**rule) == (passing[0] if passing else None)

    def test_quorum_two_thirds(self):
        assert quorum_met(taking_part=10, sitting=15, numerator=2, denominator=3)
        assert not quorum_met(taking_part=9, sitting=15, numerator=2, denominator=3)


def facts(**overrides):
    values = {
        "is_party_member": True,
        "position": "Đảng viên",
        "person_rating": "HTTNV",
        "unit_rating": "HTTNV",
        "unit_name": "Chi bộ khu vực 1",
        "under_review": False,
        "on_day": datetime.date(2025, 1, 10),
    }
    values.update(overrides)
    return NomineeFacts(**values)


CRITERIA = EligibilityCriteria(
    rating_year=2024, min_person_rating="HTTNV", min_unit_rating="HTTNV", exclude_under_review=True
)


class TestEligibility:
    def test_a_member_meeting_every_criterion(self):
        results = check_eligibility(CRITERIA, facts())
        assert is_eligible(results)
        assert [r.code for r in results] == [
            "party_member",
            "person_rating",
            "unit_rating",
            "not_under_review",
        ]

    @pytest.mark.parametrize(
        ("override", "failing"),
        [
            ({"person_rating": "HTNV"}, "person_rating"),
            ({"person_rating": None}, "person_rating"),
            ({"unit_rating": "HTNV"}, "unit_rating"),
            ({"under_review": True}, "not_under_review"),
            ({"is_party_member": False}, "party_member"),
        ],
    )
    def test_each_failing_criterion_is_named(self, override, failing):
        results = check_eligibility(CRITERIA, facts(**override))
        assert not is_eligible(results)
        assert [r.code for r in results if not r.passed] == [failing]

    def test_the_reason_gives_the_rating_and_year(self, settings):
        results = check_eligibility(CRITERIA, facts(person_rating="HTNV"))
        reason = next(r.reason for r in results if r.code == "person_rating")
        assert "2024" in reason

    @pytest.mark.parametrize(
        ("position", "holds"),
        [
            ("Bí thư Chi bộ khu vực 1", True),
            ("Trưởng khu vực, Bí thư chi bộ", True),
            ("Phó Bí thư chi bộ", False),
            ("Đảng viên", False),
            ("", False),
        ],
    )
    def test_the_cell_secretary_category_needs_the_secretary(self, position, holds):
        criteria = EligibilityCriteria(
            rating_year=2024,
            party_members_only=False,
            exclude_under_review=False,
            required_position="Bí thư chi bộ",
        )
        assert is_eligible(check_eligibility(criteria, facts(position=position))) is holds


def unit(pk, depth, kind, path):
    return SimpleNamespace(
        pk=pk,
        depth=depth,
        kind=kind,
        path=path,
        is_party_organisation=kind != UnitKind.DOAN_THE,
        contains=lambda other, p=path: other.path.startswith(p),
    )


def level(position, placement, kinds=()):
    from campaigns.models import ReviewLevel

    return ReviewLevel(position=position, placement=placement, kinds=list(kinds))


SEED_000_LEVELS = [
    level(1, Placement.GRASSROOTS),
    level(2, Placement.UNDER_ORGANISER),
    level(3, Placement.ORGANISER),
]


class TestReviewChain:
    def test_a_cell_climbs_grassroots_district_city(self):
        city = unit(1, 1, UnitKind.THANH_UY, "0001")
        district = unit(2, 2, UnitKind.QUAN_UY, "00010001")
        ward = unit(3, 3, UnitKind.DANG_UY_CO_SO, "000100010001")
        cell = unit(4, 4, UnitKind.CHI_BO, "0001000100010001")
        chain = review_chain(cell, [city, district, ward], SEED_000_LEVELS, city)
        assert [(s.unit.pk, s.level.position) for s in chain] == [(3, 1), (2, 2), (1, 3)]

    def test_a_grassroots_cell_goes_straight_to_its_district(self):
        city = unit(1, 1, UnitKind.THANH_UY, "0001")
        district = unit(2, 2, UnitKind.QUAN_UY, "00010001")
        school_cell = unit(5, 3, UnitKind.CHI_BO_CO_SO, "000100010002")
        chain = review_chain(school_cell, [city, district], SEED_000_LEVELS, city)
        assert [(s.unit.pk, s.level.position) for s in chain] == [(2, 2), (1, 3)]

    def test_without_districts_the_ward_committee_plays_both_parts(self):
        city = unit(1, 1, UnitKind.THANH_UY, "0001")
        ward = unit(3, 2, UnitKind.DANG_UY_XA, "00010003")
        cell = unit(4, 3, UnitKind.CHI_BO, "000100030001")
        chain = review_chain(cell, [city, ward], SEED_000_LEVELS, city)
        assert [(s.unit.pk, s.level.position) for s in chain] == [(3, 2), (1, 3)]
        assert chain[0].positions == [1, 2]
