"""The queue's "filed by" drill-down, as a pure function of the paths something was filed from."""

from nominations.filters import offered_paths

STEP = 4
CITY = "0001"
FILED_FROM = {
    "0001000100010001",  # a cell of the first ward of the first district
    "000100010002",  # the second ward of the first district itself
    "0001000300010002",  # a cell under the third district
}


def test_only_one_tier_below_the_staff_unit():
    assert offered_paths(FILED_FROM, CITY, None, STEP) == {CITY, "00010001", "00010003"}


def test_a_chosen_unit_adds_the_way_down_and_its_next_tier():
    assert offered_paths(FILED_FROM, CITY, "000100010001", STEP) == {
        CITY,
        "00010001",
        "00010003",
        "000100010001",
        "0001000100010001",
    }


def test_a_chosen_unit_with_nothing_below_lists_itself():
    assert offered_paths(FILED_FROM, CITY, "000100010002", STEP) == {
        CITY,
        "00010001",
        "00010003",
        "000100010002",
    }


def test_the_tier_below_a_unit_is_never_the_unit_itself():
    assert offered_paths({"00010001"}, "00010001", None, STEP) == {"00010001"}


def test_a_chosen_unit_outside_the_staff_unit_adds_nothing():
    assert offered_paths(FILED_FROM, "00010001", "00010003", STEP) == {
        "00010001",
        "000100010001",
        "000100010002",
    }
