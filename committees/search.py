"""What the search box finds in the tree: people and units of the user's subtree."""

import time

from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.search import Section, key_holds

from .models import Person, Unit


def search_people(user, words: list[str]):
    return (
        Person.objects.visible_to(user)
        .filter(key_holds(words, code_field="code"))
        .select_related("unit")
        .order_by("sort_key", "code")
    )


#: people read in name order before the first rows of a search are found by sorting its matches
WALK = 5_000


#: seconds a process keeps the point where the walk stops: any point splits the order
#: correctly (the rows up to it, then the rows after it), only the walk's length depends on it
BOUNDARY_SECONDS = 300
_boundary: tuple[float, int, tuple[str, str] | None] | None = None


def walk_boundary() -> tuple[str, str] | None:
    """(sort key, code) of the ``WALK``-th person in name order (None with fewer people), read
    at most every ``BOUNDARY_SECONDS`` (the name index: one range of ``WALK`` entries)."""
    global _boundary
    now = time.monotonic()
    if _boundary is None or _boundary[1] != WALK or now - _boundary[0] > BOUNDARY_SECONDS:
        found = list(
            Person.objects.unscoped("search: a point of the name order, not a person's data")
            .order_by("sort_key", "code")
            .values_list("sort_key", "code")[WALK - 1 : WALK]
        )
        _boundary = (now, WALK, found[0] if found else None)
    return _boundary[2]


def first_people(user, found, n: int) -> list:
    """The first ``n`` people of ``found`` in name order, read in bounded time whatever the word.

    Names sort by the given name, so the people a given name finds ("vy", "yến") sit together
    late in the order: PostgreSQL, expecting matches spread evenly, walks the name index from
    "A" and reads 240,000 rows (250–400 ms) before the tenth "Vy". So the walk is bounded: the
    matches among the first ``WALK`` people of the order (the name index, at most ``WALK``
    rows) are the first rows when there are ``n`` of them; otherwise the matches after that
    point are sorted (the trigram index, then a sort of the matches: the order by an
    expression the name index cannot give). The same rows in the same order either way.
    """
    if user.unit is not None and user.unit.depth > 1:
        # Below the top the scope is a district's at most (a thirtieth of the city): the
        # planner starts from the scope or the trigrams, and a second read would only cost.
        return list(found[:n])
    boundary = walk_boundary()
    if boundary is None:  # fewer people than the walk: any plan reads them all quickly
        return list(found[:n])
    key, code = boundary
    # ``sort_key <= key`` on its own, so that the name index reads a range and stops there
    rows = list(found.filter(Q(sort_key__lte=key), Q(sort_key__lt=key) | Q(code__lte=code))[:n])
    if len(rows) == n:
        return rows
    after = found.filter(Q(sort_key__gte=key), Q(sort_key__gt=key) | Q(code__gt=code)).order_by(
        Concat("sort_key", Value(""), output_field=CharField()), "code"
    )
    return rows + list(after[: n - len(rows)])


def search_units(user, words: list[str]):
    return Unit.objects.visible_to(user).filter(key_holds(words)).order_by("sort_key", "code")


SECTIONS = (
    Section("nguoi", _("People"), "search/rows/person.html", search_people, first_people),
    Section("don-vi", _("Units"), "search/rows/unit.html", search_units),
)
