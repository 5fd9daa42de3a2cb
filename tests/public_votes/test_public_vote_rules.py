"""The public vote's pure rules: shortlist size, ballot choices, the voting window, the ranking
with ties at the cut-off, and the committee's choice among the tied."""

from public_votes import rules
from tests.public_vote_fixtures import CLOSES, OPENS, SECOND


def test_shortlist_from_25_to_30():
    assert rules.shortlist_size_error(24, 25, 30) is not None
    assert rules.shortlist_size_error(25, 25, 30) is None
    assert rules.shortlist_size_error(30, 25, 30) is None
    assert "31" in rules.shortlist_size_error(31, 25, 30)


def test_ballot_of_1_to_16_distinct_shortlisted_choices():
    allowed = {str(i) for i in range(30)}
    assert rules.ballot_error([], allowed, 16) is not None
    assert rules.ballot_error([str(i) for i in range(16)], allowed, 16) is None
    assert "17" in rules.ballot_error([str(i) for i in range(17)], allowed, 16)
    assert rules.ballot_error(["1", "1"], allowed, 16) is not None
    assert rules.ballot_error(["1", "99"], allowed, 16) is not None


def test_voting_window_is_half_open():
    assert rules.voting_window_error(OPENS - SECOND, OPENS, CLOSES) is not None
    assert rules.voting_window_error(OPENS, OPENS, CLOSES) is None
    assert rules.voting_window_error(CLOSES - SECOND, OPENS, CLOSES) is None
    assert rules.voting_window_error(CLOSES, OPENS, CLOSES) is not None


def test_address_is_normalised_before_hashing():
    assert rules.normalise_address("  An.Nguyen@Mail.VN ") == "an.nguyen@mail.vn"


def test_ranking_without_tie_honors_the_top():
    ranking = rules.rank([("a", 5), ("b", 9), ("c", 7), ("d", 1)], honor_count=2)
    assert [row.key for row in ranking.rows] == ["b", "c", "a", "d"]
    assert [row.key for row in ranking.clear] == ["b", "c"]
    assert ranking.tied == []
    assert rules.tie_choice_error(ranking, set()) is None


def test_tie_straddling_the_cut_off_is_flagged():
    ranking = rules.rank([("a", 9), ("b", 7), ("c", 7), ("d", 7), ("e", 2)], honor_count=2)
    assert [row.key for row in ranking.clear] == ["a"]
    assert {row.key for row in ranking.tied} == {"b", "c", "d"}
    assert [row.rank for row in ranking.rows] == [1, 2, 2, 2, 5]
    assert ranking.seats_for_tied == 1
    assert rules.tie_choice_error(ranking, set()) is not None
    assert rules.tie_choice_error(ranking, {"b", "c"}) is not None
    assert rules.tie_choice_error(ranking, {"e"}) is not None
    assert rules.tie_choice_error(ranking, {"c"}) is None


def test_tie_inside_the_honored_is_no_tie_at_the_cut_off():
    ranking = rules.rank([("a", 9), ("b", 9), ("c", 3)], honor_count=2)
    assert ranking.tied == []
    assert [row.key for row in ranking.clear] == ["a", "b"]


def test_tie_just_below_the_cut_off_is_no_tie_at_the_cut_off():
    ranking = rules.rank([("a", 9), ("b", 8), ("c", 3), ("d", 3)], honor_count=2)
    assert ranking.tied == []
