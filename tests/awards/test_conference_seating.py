"""The seating of the honored at the conference: pure, without a database."""

import pytest

from awards.seating import Seat, seat_groups


def rows_and_seats(group):
    return [(seat.row, seat.seat) for seat in group.seats]


def test_a_group_of_exactly_one_row_fills_it_and_the_next_group_starts_on_the_next_row():
    first, second = seat_groups([3, 1], seats_per_row=3)

    assert rows_and_seats(first) == [(1, 1), (1, 2), (1, 3)]
    assert (first.first_row, first.last_row, first.rows) == (1, 1, 1)
    assert rows_and_seats(second) == [(2, 1)]


def test_one_more_than_a_row_takes_one_seat_of_a_second_row():
    first, second = seat_groups([4, 2], seats_per_row=3)

    assert rows_and_seats(first) == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert first.rows == 2
    # The next group does not fill the rest of row 2: it starts its own row.
    assert rows_and_seats(second) == [(3, 1), (3, 2)]


def test_one_less_than_a_row_still_leaves_the_rest_of_the_row_empty():
    first, second = seat_groups([2, 1], seats_per_row=3)

    assert rows_and_seats(first) == [(1, 1), (1, 2)]
    assert rows_and_seats(second) == [(2, 1)]


def test_the_honored_start_at_the_first_row_given():
    (group,) = seat_groups([3], seats_per_row=2, first_row=4)

    assert group.seats == (Seat(4, 1), Seat(4, 2), Seat(5, 1))


def test_an_empty_group_takes_no_row():
    _first, empty, last = seat_groups([1, 0, 1], seats_per_row=5)

    assert empty.seats == () and empty.rows == 0 and empty.first_row is None
    assert rows_and_seats(last) == [(2, 1)]


def test_one_seat_per_row_puts_everyone_on_a_row_of_their_own():
    (group,) = seat_groups([3], seats_per_row=1)

    assert rows_and_seats(group) == [(1, 1), (2, 1), (3, 1)]


@pytest.mark.parametrize(
    ("sizes", "per_row", "first_row", "message"),
    [
        ([1], 0, 1, "seats_per_row"),
        ([1], 3, 0, "first_row"),
        ([-1], 3, 1, "fewer than no people"),
    ],
)
def test_impossible_halls_are_refused(sizes, per_row, first_row, message):
    with pytest.raises(ValueError, match=message):
        seat_groups(sizes, per_row, first_row)
