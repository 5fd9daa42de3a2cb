"""The one search box: the apps register what can be found, so ``core`` imports none of them.

An app registers a ``Section`` in its ``ready()``: a key for the URL, a heading, the template of
one result row, and a function ``(user, words) -> queryset`` that returns the rows the user may
see whose search key holds every word (already folded by ``core.text.query_words``). Sections
show in the order of registration (the order of ``INSTALLED_APPS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from .text import query_words

#: characters a query may have; a longer one is refused with a message at the field
MAX_QUERY_LENGTH = 100
#: the letters a query must have (after folding) before anything is searched
MIN_QUERY_LETTERS = 2


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise  # a lazy translation
    row_template: str
    search: Callable[..., QuerySet]
    #: ``(user, found, n) -> the first n rows of found``, when reading them needs more than a
    #: slice (people: a bounded walk of the name order, ``committees.search.first_people``)
    first: Callable[..., list] | None = None

    def first_rows(self, user, found: QuerySet, n: int) -> list:
        return self.first(user, found, n) if self.first else list(found[:n])


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    _SECTIONS.setdefault(section.key, section)
    return section


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def section(key: str) -> Section | None:
    return _SECTIONS.get(key)


def words_of(query: str) -> list[str]:
    """The folded words of ``query``, or none when they are too short to search for."""
    words = query_words(query)
    return words if sum(len(word) for word in words) >= MIN_QUERY_LETTERS else []


def looks_like_code(word: str) -> bool:
    """A folded word with a digit in it: the beginning of a code ("dv000012", "nc000")."""
    return any(ch.isdigit() for ch in word)


def key_holds(words: list[str], field: str = "search_key", code_field: str | None = None) -> Q:
    """Rows whose search key has a word beginning with each of ``words`` (any order).

    The key starts every word with a space, so ``LIKE '% word%'`` is a word's beginning; on
    PostgreSQL the trigram index answers it. ``contains`` escapes ``%`` and ``_``.

    With ``code_field`` (people: their names never hold a digit), a word with a digit in it is
    matched against the beginning of the code instead (``istartswith``: on PostgreSQL a btree
    index on ``UPPER(code) text_pattern_ops`` reads it at once, where the trigrams of a code,
    "dv0", "000", are shared by every row). The same rows on both databases; the same as
    the key's would find while codes are written in Latin letters and digits, as they are.
    """
    condition = Q()
    for word in words:
        if code_field and looks_like_code(word):
            condition &= Q(**{f"{code_field}__istartswith": word})
        else:
            condition &= Q(**{f"{field}__contains": f" {word}"})
    return condition
