"""The four-good rules of seed 001 on plain values: every boundary the plan names."""

import pytest

from movements import rules
from movements.rules import BON_TOT, HTNV, HTTNV, KHONG_DAT, classify, t4_result


class TestT4:
    def test_a_cell_with_every_member_httnv_or_better_achieves_t4(self):
        result = t4_result(28, 28, 100)
        assert result.achieved
        assert result.ratio == "28/28 = 100,0%"

    def test_a_cell_with_one_member_below_httnv_does_not(self):
        result = t4_result(27, 28, 100)
        assert not result.achieved
        assert result.ratio == "27/28 = 96,4%"
        assert "27/28 = 96,4%" in result.lines[0]

    def test_a_dang_bo_at_exactly_90_percent_achieves_t4(self):
        assert t4_result(90, 100, 90).achieved
        assert t4_result(9, 10, 90).achieved

    def test_a_dang_bo_just_under_90_percent_does_not(self):
        assert not t4_result(89, 100, 90).achieved
        assert not t4_result(8, 9, 90).achieved  # 88,9%

    def test_no_rated_member_fails_t4(self):
        result = t4_result(0, 0, 100)
        assert not result.achieved
        assert "No party member" in result.lines[0]

    def test_unrated_members_are_listed_by_name(self):
        result = t4_result(3, 3, 100, ("Lê Văn A", "Trần Thị B"))
        assert result.achieved
        assert "Lê Văn A, Trần Thị B" in result.lines[-1]

    def test_integer_comparison_has_no_float_rounding(self):
        # 100·k ≥ percent·n with large numbers: 224,999 of 250,000 is just under 90%.
        assert not rules.meets_percent(224_999, 250_000, 90)
        assert rules.meets_percent(225_000, 250_000, 90)

    def test_ratio_rounds_half_up(self):
        assert rules.ratio_text(1, 8) == "1/8 = 12,5%"
        assert rules.ratio_text(2, 3) == "2/3 = 66,7%"


class TestClassification:
    def test_four_good_is_bon_tot(self):
        assert classify(True, True, True, True).result == BON_TOT

    def test_three_good_including_t1_is_httnv(self):
        result = classify(True, True, False, True)
        assert result.result == HTTNV
        assert result.criteria_met == 3

    def test_three_good_without_t1_is_not_achieved(self):
        result = classify(False, True, True, True)
        assert result.result == KHONG_DAT
        assert result.criteria_met == 3
        assert any("T1" in line and "3" in line for line in result.lines)

    def test_two_good_including_t1_is_htnv(self):
        assert classify(True, False, False, True).result == HTNV

    def test_two_good_without_t1_is_not_achieved(self):
        assert classify(False, True, True, False).result == KHONG_DAT

    def test_one_good_is_not_achieved(self):
        assert classify(True, False, False, False).result == KHONG_DAT

    def test_unjudged_criteria_count_as_not_achieved(self):
        result = classify(None, None, None, True)
        assert result.result == KHONG_DAT
        assert result.criteria_met == 1
        assert "not judged" in result.lines[0]

    def test_press_exposed_violation_fails_t3_even_when_judged_good(self):
        result = classify(True, True, True, True, press_exposed=True)
        assert result.result == HTTNV
        assert result.criteria_met == 3
        assert "press" in result.lines[2]

    def test_reasoning_ends_with_the_classification(self):
        assert classify(True, True, True, True).lines[-1] == "Classification: Bốn tốt."


class TestDangBoCells:
    @pytest.mark.parametrize(
        ("good", "total", "expected"),
        [
            (3, 4, BON_TOT),  # 4·3 = 12 ≥ 3·4 = 12
            (2, 3, HTTNV),  # 4·2 = 8 < 3·3 = 9
            (6, 8, BON_TOT),  # 24 ≥ 24
            (5, 8, HTTNV),  # 20 < 24
            (4, 4, BON_TOT),
            (0, 0, HTTNV),  # a đảng bộ without cells cannot show 3/4 of them
        ],
    )
    def test_three_quarters_of_cells(self, good, total, expected):
        result = classify(
            True, True, True, True, is_committee=True, cells_good=good, cells_total=total
        )
        assert result.result == expected
        assert result.criteria_met == 4

    def test_the_reasoning_shows_the_sum(self):
        result = classify(True, True, True, True, is_committee=True, cells_good=2, cells_total=3)
        assert any("4 × 2 = 8 < 3 × 3 = 9" in line for line in result.lines)
        assert any("three good" in line for line in result.lines)

    def test_cells_do_not_matter_below_four_good(self):
        result = classify(True, True, False, True, is_committee=True, cells_good=0, cells_total=5)
        assert result.result == HTTNV

    def test_thresholds_are_data(self):
        strict = rules.Thresholds(cells_numerator=1, cells_denominator=1)
        result = classify(
            True,
            True,
            True,
            True,
            is_committee=True,
            cells_good=3,
            cells_total=4,
            thresholds=strict,
        )
        assert result.result == HTTNV


class TestStreak:
    def test_two_consecutive_years(self):
        assert rules.streak({2023: BON_TOT, 2024: BON_TOT}, 2024) == 2

    def test_a_gap_year_breaks_the_streak(self):
        years = {2022: BON_TOT, 2023: HTTNV, 2024: BON_TOT}
        assert rules.streak(years, 2024) == 1
        assert rules.streak(years, 2023) == 0


class TestChart:
    def test_bars_stack_bon_tot_first_and_scale_to_the_tallest_year(self):
        from movements.chart import BOTTOM, HEIGHT, TOP, stacked_bars

        chart = stacked_bars({2023: {BON_TOT: 2, KHONG_DAT: 2}, 2024: {BON_TOT: 1}})
        plot = HEIGHT - BOTTOM - TOP
        first, second, third = chart.bars
        assert (first.css, first.height, first.y) == (
            "chart-bon_tot",
            plot // 2,
            HEIGHT - BOTTOM - plot // 2,
        )
        assert (second.css, second.y + second.height) == ("chart-khong_dat", first.y)
        assert (third.css, third.height) == ("chart-bon_tot", plot // 4)
        assert [year for _x, year in chart.years] == [2023, 2024]

    def test_an_empty_chart_has_no_bars(self):
        from movements.chart import stacked_bars

        assert stacked_bars({}).bars == []
