"""The yearly evaluation of every cell and đảng bộ of a subtree, in a handful of set-based
queries whatever the size of the tree: the units; the members and their ratings of the year
counted per unit in one GROUP BY; the names of the members without a rating, only for the units
that have some; the judgements; the registrations. The roll-up of a đảng bộ's members and cells
follows the tree paths in Python. Nothing here queries per unit.

    results = evaluate_year(2024, root=ward, movement=movement)
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from campaigns.models import Movement
from committees.imports.importers import chunks
from committees.models import Person, PersonRating, Rating, Unit, UnitKind, UnitStatus
from movements.models import Judgement, MovementRegistration

from . import rules

#: the units evaluated: cells, grassroots cells and grassroots committees (incl. đảng ủy xã)
CELL_KINDS = frozenset({UnitKind.CHI_BO, UnitKind.CHI_BO_CO_SO})
COMMITTEE_KINDS = frozenset({UnitKind.DANG_UY_CO_SO, UnitKind.DANG_UY_XA})
EVALUATED_KINDS = CELL_KINDS | COMMITTEE_KINDS
GOOD_RATINGS = (Rating.HTXSNV, Rating.HTTNV)


@dataclass
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str
    path: str

    @property
    def is_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS


@dataclass
class UnitResult:
    unit: UnitInfo
    year: int
    t1: bool | None
    t2: bool | None
    t3: bool | None
    press_exposed: bool
    t4: rules.T4Result
    cells_good: int
    cells_total: int
    classification: rules.Classification
    streak: int = 0
    registered_at: datetime.datetime | None = None
    judged: bool = False
    cell_codes: list[str] = field(default_factory=list)

    @property
    def t3_achieved(self) -> bool:
        return rules.t3_achieved(self.t3, self.press_exposed)

    @property
    def reasoning(self) -> tuple[str, ...]:
        """The classification's lines with T4's numbers right after the T4 line."""
        lines = self.classification.lines
        return lines[:4] + self.t4.lines + lines[4:]

    @property
    def criteria(self) -> list[bool]:
        return [bool(self.t1), bool(self.t2), self.t3_achieved, self.t4.achieved]


@dataclass
class Tree:
    """The units of the subtree and, for each, the grassroots committees above or at it."""

    units: dict[int, UnitInfo]
    evaluated: list[UnitInfo]
    #: unit id -> ids of the committees (evaluated ones) whose members include this unit's
    committees_of: dict[int, list[int]]
    #: cell id -> the committee whose cell it is (the nearest one above it)
    committee_of_cell: dict[int, int]

    @property
    def committee_cells(self) -> dict[int, list[int]]:
        cells = defaultdict(list)
        for cell_id, committee_id in self.committee_of_cell.items():
            cells[committee_id].append(cell_id)
        return cells


def _prefix_filter(root: Unit | None, lookup: str) -> Q:
    return Q(**{f"{lookup}__startswith": root.path}) if root is not None else Q()


def load_tree(root: Unit | None = None) -> Tree:
    """One query: every unit of the subtree (any kind, so members of any unit roll up)."""
    rows = (
        Unit.objects.order_by("path")
        .filter(_prefix_filter(root, "path"))
        .values_list("id", "code", "name", "kind", "path", "status")
    )
    units, evaluated, committee_paths = {}, [], {}
    for pk, code, name, kind, path, status in rows:
        info = UnitInfo(pk, code, name, kind, path)
        units[pk] = info
        if status == UnitStatus.ACTIVE and kind in EVALUATED_KINDS:
            evaluated.append(info)
            if kind in COMMITTEE_KINDS:
                committee_paths[path] = pk
    steplen = Unit.steplen
    evaluated_ids = {info.id for info in evaluated}
    committees_of, committee_of_cell = {}, {}
    for info in units.values():
        above = [
            committee_paths[info.path[:end]]
            for end in range(steplen, len(info.path) + 1, steplen)
            if info.path[:end] in committee_paths
        ]
        committees_of[info.id] = above
        if info.kind == UnitKind.CHI_BO and info.id in evaluated_ids:
            nearest = [c for c in above if c != info.id]
            if nearest:
                committee_of_cell[info.id] = nearest[-1]
    return Tree(units, evaluated, committees_of, committee_of_cell)


def _member_counts(year: int, root: Unit | None) -> dict[int, tuple[int, int, int]]:
    """``{unit id: (members, rated, good)}``: the party members of each unit, those rated for
    ``year`` and those rated HTTNV or better, counted by the database in one GROUP BY over the
    members LEFT JOIN their rating of that year."""
    rating = FilteredRelation("ratings", condition=Q(ratings__year=year))
    rows = (
        Person.objects.unscoped("four-good evaluation: the root's subtree, or the whole tree")
        .order_by()
        .filter(is_party_member=True)
        .filter(_prefix_filter(root, "unit__path"))
        .annotate(rating_of_year=rating)
        .values("unit_id")
        .annotate(
            members=Count("id"),
            rated=Count("rating_of_year__id"),
            good=Count("rating_of_year__id", filter=Q(rating_of_year__rating__in=GOOD_RATINGS)),
        )
    )
    return {row["unit_id"]: (row["members"], row["rated"], row["good"]) for row in rows}


def _unrated(year: int, unit_ids: list[int]) -> dict[int, list[str]]:
    """``{unit id: [names]}`` of the party members with no rating for ``year``, read only for
    the units that have some (usually few), in batches small enough for SQLite."""
    found = defaultdict(list)
    rated = PersonRating.objects.filter(person=OuterRef("pk"), year=year)
    for chunk in chunks(unit_ids):
        rows = (
            Person.objects.unscoped("four-good evaluation: units the caller chose")
            .order_by("full_name", "code")
            .filter(is_party_member=True, unit_id__in=chunk)
            .filter(~Exists(rated))
            .values_list("unit_id", "full_name")
        )
        for unit_id, name in rows:
            found[unit_id].append(name)
    return found


def _judgements(
    movement: Movement | None, year: int, root: Unit | None
) -> dict[int, tuple[bool | None, bool | None, bool | None, bool]]:
    if movement is None:
        return {}
    rows = (
        Judgement.objects.order_by()
        .filter(movement=movement, year=year)
        .filter(_prefix_filter(root, "unit__path"))
        .values_list(
            "unit_id",
            "political_task",
            "meeting_quality",
            "unity_discipline",
            "press_exposed_violation",
        )
    )
    return {unit_id: (t1, t2, t3, press) for unit_id, t1, t2, t3, press in rows}


def registrations(
    movement: Movement | None, root: Unit | None = None
) -> dict[int, datetime.datetime]:
    if movement is None:
        return {}
    rows = (
        MovementRegistration.objects.order_by()
        .filter(movement=movement)
        .filter(_prefix_filter(root, "unit__path"))
        .values_list("unit_id", "registered_at")
    )
    return dict(rows)


def _evaluate(
    tree: Tree,
    year: int,
    root: Unit | None,
    movement: Movement | None,
    thresholds: rules.Thresholds,
    *,
    with_names: bool,
) -> dict[int, UnitResult]:
    counts = _member_counts(year, root)
    missing = sorted(pk for pk, (members, rated, _good) in counts.items() if members > rated)
    unrated = _unrated(year, missing) if with_names and missing else {}
    judgements = _judgements(movement, year, root)

    # Roll the counts of every unit up to the committees above it (and the unit itself).
    rolled: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rolled_names: dict[int, list[str]] = defaultdict(list)
    for unit_id, (_members, rated, good) in counts.items():
        for committee_id in tree.committees_of.get(unit_id, ()):
            rolled[committee_id][0] += rated
            rolled[committee_id][1] += good
    for unit_id, names in unrated.items():
        for committee_id in tree.committees_of.get(unit_id, ()):
            rolled_names[committee_id].extend(names)

    results: dict[int, UnitResult] = {}

    def evaluate(info: UnitInfo, cells_good: int = 0, cells_total: int = 0) -> UnitResult:
        if info.is_committee:
            rated, good = rolled.get(info.id, (0, 0))
            names, percent = (
                sorted(rolled_names.get(info.id, ())),
                thresholds.committee_member_percent,
            )
        else:
            _members, rated, good = counts.get(info.id, (0, 0, 0))
            names, percent = unrated.get(info.id, []), thresholds.cell_member_percent
        t4 = rules.t4_result(good, rated, percent, tuple(names))
        t1, t2, t3, press = judgements.get(info.id, (None, None, None, False))
        classification = rules.classify(
            t1,
            t2,
            t3,
            t4.achieved,
            press_exposed=press,
            is_committee=info.is_committee,
            cells_good=cells_good,
            cells_total=cells_total,
            thresholds=thresholds,
        )
        return UnitResult(
            info,
            year,
            t1,
            t2,
            t3,
            press,
            t4,
            cells_good,
            cells_total,
            classification,
            judged=info.id in judgements,
        )

    # Cells first, so each committee counts its cells that are bốn tốt.
    for info in tree.evaluated:
        if not info.is_committee:
            results[info.id] = evaluate(info)
    committee_cells = tree.committee_cells
    for info in tree.evaluated:
        if info.is_committee:
            cells = committee_cells.get(info.id, [])
            good_cells = sum(1 for c in cells if results[c].classification.result == rules.BON_TOT)
            result = evaluate(info, good_cells, len(cells))
            result.cell_codes = [tree.units[c].code for c in cells]
            results[info.id] = result
    return results


def evaluate_year(
    year: int,
    root: Unit | None = None,
    movement: Movement | None = None,
    *,
    with_streak: bool = True,
    with_names: bool = True,
) -> list[UnitResult]:
    """Every cell, grassroots cell and grassroots committee of ``root``'s subtree (the whole
    tree by default), registered or not, in tree order, with the reasoning of each result.

    ``streak`` counts the years in a row ending with ``year`` the unit was bốn tốt; earlier
    years are evaluated only while some unit is still on a streak, back to the first year of
    the movement. ``with_names=False`` leaves out the names of the members without a rating
    (their count is still left out of the ratio), which the exports do not show."""
    thresholds = rules.Thresholds.of(movement)
    tree = load_tree(root)
    results = _evaluate(tree, year, root, movement, thresholds, with_names=with_names)
    registered = registrations(movement, root)
    for result in results.values():
        result.registered_at = registered.get(result.unit.id)
    if with_streak:
        first_year = movement.first_year if movement is not None else year
        on_streak = {pk for pk, r in results.items() if r.classification.result == rules.BON_TOT}
        for pk in on_streak:
            results[pk].streak = 1
        earlier = year - 1
        while on_streak and earlier >= first_year:
            previous = _evaluate(tree, earlier, root, movement, thresholds, with_names=False)
            on_streak = {
                pk for pk in on_streak if previous[pk].classification.result == rules.BON_TOT
            }
            for pk in on_streak:
                results[pk].streak += 1
            earlier -= 1
    return [results[info.id] for info in tree.evaluated]


def evaluate_years(
    years, root: Unit | None = None, movement: Movement | None = None, *, tree: Tree | None = None
) -> dict[int, dict[int, UnitResult]]:
    """``{year: {unit id: result}}`` for the dashboards: the tree is read once."""
    thresholds = rules.Thresholds.of(movement)
    tree = tree or load_tree(root)
    return {
        year: _evaluate(tree, year, root, movement, thresholds, with_names=False) for year in years
    }


def candidates(results: list[UnitResult]) -> list[UnitResult]:
    """Registered units bốn tốt two years in a row, ending with the year evaluated (III.4)."""
    return [r for r in results if r.streak >= 2 and r.registered_at is not None]
