"""Pure rules of the public vote: no request, no database; the services and the tests call them."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def normalise_address(address: str) -> str:
    """The form of an address that is hashed: NFC, trimmed, lower case (one person typing
    ``An@Mail.vn`` and ``an@mail.vn`` is one voter)."""
    return unicodedata.normalize("NFC", address or "").strip().lower()


def shortlist_size_error(size: int, minimum: int, maximum: int) -> str | None:
    if size < minimum or size > maximum:
        return _(
            "The shortlist must hold from %(min)s to %(max)s nominations; %(n)s are chosen."
        ) % {"min": minimum, "max": maximum, "n": size}
    return None


def ballot_error(chosen: Sequence[Hashable], allowed: set, max_choices: int) -> str | None:
    """Why a ballot's choices are refused: none, too many, repeated, or not on the shortlist."""
    if not chosen:
        return _("Choose at least one nominee.")
    if len(chosen) > max_choices:
        return ngettext(
            "Choose at most %(max)s nominee; %(n)s are chosen.",
            "Choose at most %(max)s nominees; %(n)s are chosen.",
            max_choices,
        ) % {"max": max_choices, "n": len(chosen)}
    if len(set(chosen)) != len(chosen):
        return _("Each nominee can be chosen only once.")
    if not set(chosen) <= allowed:
        return _("Only nominees on the shortlist can be chosen.")
    return None


def voting_window_error(now, opens_at, closes_at) -> str | None:
    """None while ``now`` is inside [opens_at, closes_at); otherwise why not."""
    from campaigns.rules_engine import format_moment
    from core.deadlines import deadline_text

    if opens_at is None or closes_at is None:
        return _("The voting period is not set.")
    if now < opens_at:
        return _("Voting has not opened yet: ballots are accepted from %(moment)s.") % {
            "moment": format_moment(opens_at)
        }
    if now >= closes_at:
        return _("Voting has closed: ballots were accepted until %(moment)s.") % {
            "moment": deadline_text(closes_at)
        }
    return None


@dataclass(frozen=True)
class RankedRow:
    key: Hashable
    votes: int
    rank: int  # competition ranking: 1, 2, 2, 4
    honored: bool  # clearly among the honored, ahead of any tie at the cut-off
    tied_at_cutoff: bool  # shares the vote count that the cut-off falls inside


@dataclass(frozen=True)
class Ranking:
    rows: list[RankedRow]
    honor_count: int

    @property
    def tied(self) -> list[RankedRow]:
        return [row for row in self.rows if row.tied_at_cutoff]

    @property
    def clear(self) -> list[RankedRow]:
        return [row for row in self.rows if row.honored]

    @property
    def seats_for_tied(self) -> int:
        """How many of the tied rows the committee must choose."""
        return self.honor_count - len(self.clear) if self.tied else 0


def rank(counts: Sequence[tuple[Hashable, int]], honor_count: int) -> Ranking:
    """Order ``(key, votes)`` by votes (most first; equal counts keep the given order) and mark
    who is honored. When the vote count at the last honored place is shared with a row past it,
    every row with that count is flagged as tied at the cut-off: the committee decides them."""
    ordered = sorted(counts, key=lambda item: -item[1])
    seats = min(honor_count, len(ordered))
    cutoff_votes = ordered[seats - 1][1] if seats else None
    straddles = (
        cutoff_votes is not None and len(ordered) > seats and ordered[seats][1] == cutoff_votes
    )
    rows = []
    for index, (key, votes) in enumerate(ordered):
        position = next(i for i, (_k, v) in enumerate(ordered) if v == votes) + 1
        tied = straddles and votes == cutoff_votes
        rows.append(
            RankedRow(
                key=key,
                votes=votes,
                rank=position,
                tied_at_cutoff=tied,
                honored=index < seats and not tied,
            )
        )
    return Ranking(rows=rows, honor_count=seats)


def tie_choice_error(ranking: Ranking, chosen: set) -> str | None:
    """The committee's choice among the rows tied at the cut-off, checked against the ranking."""
    tied = {row.key for row in ranking.tied}
    if not tied:
        return None if not chosen else _("There is no tie to decide.")
    if not chosen <= tied:
        return _("Choose only among the nominees tied at the cut-off.")
    if len(chosen) != ranking.seats_for_tied:
        return ngettext(
            "%(n)s nominees are tied at the cut-off for %(seats)s remaining place: "
            "the committee must choose exactly %(seats)s of them.",
            "%(n)s nominees are tied at the cut-off for %(seats)s remaining places: "
            "the committee must choose exactly %(seats)s of them.",
            ranking.seats_for_tied,
        ) % {"n": len(tied), "seats": ranking.seats_for_tied}
    return None
