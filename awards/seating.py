"""Where each honored person sits at the conference, as a pure function of the group sizes.

The organisers seat the honored by unit: each group (the units directly under the unit that
holds the conference) starts on a new row, ``seats_per_row`` seats to a row, in the order of the
list, so that the whole group stands up together when it is called and each person reads
"Hàng 3, ghế 5" on the list. The rows before ``first_row`` stay free for the leaders and guests.
No database: tested at its boundaries in ``tests/awards/test_conference_seating.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: a hall's limits, so that a typo ("1000 seats per row") is refused instead of printed
MAX_SEATS_PER_ROW = 100
MAX_FIRST_ROW = 100


@dataclass(frozen=True)
class Seat:
    row: int
    seat: int


@dataclass(frozen=True)
class GroupSeats:
    """The seats of one group, in the order of its people, and the rows it takes."""

    seats: tuple[Seat, ...]

    @property
    def first_row(self) -> int | None:
        return self.seats[0].row if self.seats else None

    @property
    def last_row(self) -> int | None:
        return self.seats[-1].row if self.seats else None

    @property
    def rows(self) -> int:
        return 0 if not self.seats else self.seats[-1].row - self.seats[0].row + 1


def seat_groups(sizes: Sequence[int], seats_per_row: int, first_row: int = 1) -> list[GroupSeats]:
    """The seats of each group of ``sizes`` people: every group begins a new row; a group of
    exactly ``seats_per_row`` fills its row and the next group starts on the row after; one
    more person takes one seat of a second row. An empty group takes no row."""
    if seats_per_row < 1:
        raise ValueError("seats_per_row must be at least 1")
    if first_row < 1:
        raise ValueError("first_row must be at least 1")
    if any(size < 0 for size in sizes):
        raise ValueError("a group cannot have fewer than no people")
    groups = []
    row = first_row
    for size in sizes:
        seats = tuple(
            Seat(row=row + index // seats_per_row, seat=index % seats_per_row + 1)
            for index in range(size)
        )
        groups.append(GroupSeats(seats))
        row += -(-size // seats_per_row)  # ceil: the rows this group took
    return groups
