"""The figures of a report of results (seed 000 III.6), from plain values: no database here.

A level that honored reports to the level above how many it honored, and of whom: by category,
by gender and age group (individuals only: a collective has neither), by the kind of the
nominee's grassroots organisation, what it received and forwarded, the forwarding cap and the
quotas. The service (``awards.results_services``) reads the rows; this module counts them, so
the counting is tested at its boundaries without a database.

**Age groups** are the age in whole years on the campaign's ``period_end`` (a birthday on that
very day counts): under 30, 30 to 45, 46 to 60, over 60, and "unknown" when the date of birth is
not recorded. Someone born on 31/12/1994 is 30 on 31/12/2024 and falls in "30 to 45".

**Kind of unit** is the kind of the nominee's grassroots party organisation (``UnitKind``): the
filing unit itself when it is one (a chi bộ cơ sở, a đảng ủy cơ sở), otherwise its nearest
ancestor that is one (a cell under a ward committee counts as "đảng ủy xã, phường", a cell of an
agency's committee as "đảng ủy cơ sở"); a filing unit with no grassroots organisation above it (a
mass organisation directly under a district) counts as its own kind.

The figures are a JSON object (stored in ``ResultsReport.figures``), keyed by codes, never by
words: the labels are given when a page or a document shows them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: the age groups, in order: (code, lowest age, highest age); None is open-ended
AGE_GROUPS: tuple[tuple[str, int | None, int | None], ...] = (
    ("under_30", None, 29),
    ("30_45", 30, 45),
    ("46_60", 46, 60),
    ("over_60", 61, None),
)
UNKNOWN = "unknown"
AGE_CODES = (*(code for code, _low, _high in AGE_GROUPS), UNKNOWN)
GENDER_CODES = ("male", "female", UNKNOWN)

#: the version of the figures' shape, so that a page can tell an old report from a new one
FIGURES_VERSION = 1


@dataclass(frozen=True)
class HonoredRow:
    """One nomination honored by the reporting unit, as plain values."""

    category: str  # the category's code
    individual: bool
    gender: str = ""  # "male", "female" or empty
    birth_date: datetime.date | None = None
    unit_kind: str = ""  # the kind of the nominee's grassroots organisation


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str


@dataclass(frozen=True)
class CapInfo:
    base: int
    percent: int
    limit: int
    requested: int


@dataclass(frozen=True)
class QuotaInfo:
    """One quota that binds the reporting unit, with what it used."""

    category: str  # the category's name; empty for all categories together
    max_individuals: int | None
    max_collectives: int | None
    max_total: int | None
    individuals: int
    collectives: int


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Whole years from ``birth`` to ``day`` (the birthday itself counts as a year more)."""
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - (1 if before_birthday else 0)


def age_group(birth: datetime.date | None, day: datetime.date) -> str:
    if birth is None:
        return UNKNOWN
    age = age_on(birth, day)
    if age < 0:
        return UNKNOWN  # a date of birth after ``day``: a typing mistake, not an age
    for code, low, high in AGE_GROUPS:
        if (low is None or age >= low) and (high is None or age <= high):
            return code
    return UNKNOWN


def grassroots_kind(kinds_from_unit_up: Sequence[str], grassroots_kinds: Iterable[str]) -> str:
    """The kind of the first grassroots organisation on the way up from the filing unit
    (``kinds_from_unit_up[0]`` is the filing unit's own kind); the unit's own kind if none."""
    grassroots = set(grassroots_kinds)
    for kind in kinds_from_unit_up:
        if kind in grassroots:
            return kind
    return kinds_from_unit_up[0] if kinds_from_unit_up else UNKNOWN


def compute_figures(
    rows: Iterable[HonoredRow],
    *,
    categories: Sequence[CategoryInfo],
    as_of: datetime.date,
    received: int,
    forwarded: int,
    rejected: int = 0,
    cap: CapInfo | None = None,
    quotas: Sequence[QuotaInfo] = (),
) -> dict:
    """The figures of one unit's report: counts honored by category, gender, age group and kind
    of unit; received, forwarded and rejected; the cap and the quotas. Every group is present
    (zero when empty) so that units' figures add up column by column."""
    rows = list(rows)
    individuals = [row for row in rows if row.individual]
    by_category = {c.code: 0 for c in categories}
    for row in rows:
        by_category[row.category] = by_category.get(row.category, 0) + 1
    names = {c.code: c.name for c in categories}
    by_gender = dict.fromkeys(GENDER_CODES, 0)
    by_age = dict.fromkeys(AGE_CODES, 0)
    for row in individuals:
        gender = row.gender if row.gender in by_gender else UNKNOWN
        by_gender[gender] += 1
        by_age[age_group(row.birth_date, as_of)] += 1
    by_unit_kind: dict[str, int] = {}
    for row in rows:
        kind = row.unit_kind or UNKNOWN
        by_unit_kind[kind] = by_unit_kind.get(kind, 0) + 1
    return {
        "version": FIGURES_VERSION,
        "as_of": as_of.isoformat(),
        "honored": len(rows),
        "individuals": len(individuals),
        "collectives": len(rows) - len(individuals),
        "by_category": [
            {"code": code, "name": names.get(code, code), "count": count}
            for code, count in by_category.items()
        ],
        "by_gender": by_gender,
        "by_age": by_age,
        "by_unit_kind": dict(sorted(by_unit_kind.items())),
        "received": received,
        "forwarded": forwarded,
        "rejected": rejected,
        "cap": None
        if cap is None
        else {
            "base": cap.base,
            "percent": cap.percent,
            "limit": cap.limit,
            "requested": cap.requested,
            "ok": cap.requested <= cap.limit,
        },
        "quotas": [
            {
                "category": q.category,
                "max_individuals": q.max_individuals,
                "max_collectives": q.max_collectives,
                "max_total": q.max_total,
                "individuals": q.individuals,
                "collectives": q.collectives,
                "ok": _quota_ok(q),
            }
            for q in quotas
        ],
    }


def _quota_ok(q: QuotaInfo) -> bool:
    return (
        (q.max_individuals is None or q.individuals <= q.max_individuals)
        and (q.max_collectives is None or q.collectives <= q.max_collectives)
        and (q.max_total is None or q.individuals + q.collectives <= q.max_total)
    )


# --- the consolidated table --------------------------------------------------------------------


def columns(figures_list: Iterable[dict], categories: Sequence[CategoryInfo]) -> list[tuple]:
    """The columns of a consolidated table over several units' figures: (group, code) pairs,
    in a fixed order. Categories are the campaign's; kinds of unit those that occur."""
    figures_list = [f for f in figures_list if f]
    kinds = sorted({kind for f in figures_list for kind in f.get("by_unit_kind", {})})
    return [
        ("total", "honored"),
        ("total", "individuals"),
        ("total", "collectives"),
        *(("by_category", c.code) for c in categories),
        *(("by_gender", code) for code in GENDER_CODES),
        *(("by_age", code) for code in AGE_CODES),
        *(("by_unit_kind", kind) for kind in kinds),
        ("total", "received"),
        ("total", "forwarded"),
        ("cap", "limit"),
    ]


def value(figures: dict | None, column: tuple) -> int | None:
    """One cell of the consolidated table; None when the unit has sent no figures."""
    if not figures:
        return None
    group, code = column
    if group == "total":
        return int(figures.get(code) or 0)
    if group == "by_category":
        return sum(c["count"] for c in figures.get("by_category", []) if c["code"] == code)
    if group == "cap":
        cap = figures.get("cap")
        return None if cap is None else int(cap.get(code) or 0)
    return int(figures.get(group, {}).get(code) or 0)


def totals(figures_list: Iterable[dict | None], cols: Sequence[tuple]) -> list[int | None]:
    """The total row: each column summed over the units that sent figures (None when no unit
    has a value in that column, e.g. no cap anywhere)."""
    figures_list = list(figures_list)
    result = []
    for column in cols:
        cells = [value(f, column) for f in figures_list]
        present = [c for c in cells if c is not None]
        result.append(sum(present) if present else None)
    return result
