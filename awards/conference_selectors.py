"""Who is invited to a unit's conference and in which order they receive their commendation:
the list the organisers use on the day, the invitations and the downloads read this.

Invited: every person and collective honored by a live line of an issued decision of the unit
in the campaign (an annulled line is not live). The order is the annex's (the shared rule of
issue 20): by the nominee's unit (the filing unit's place in the tree), in it the collectives
first, then the people by name as offices sort it (given name first, Vietnamese order), then by
row id. Groups are the units directly under the conference's unit (a ward with its cells, a
district for the city's conference): each group sits together from a new row
(``awards.seating``). A fixed number of queries, however many are honored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from committees.models import Unit

from .models import Conference, DecisionEntry, DecisionKind
from .seating import seat_groups


@dataclass(frozen=True)
class Invitee:
    number: int  # STT: the order in which they receive their commendation
    name: str
    is_collective: bool
    position: str  # "Bí thư Chi bộ khu vực 1"; empty for a collective
    unit_line: str  # "Chi bộ khu vực 1, Đảng ủy phường An Hòa"
    form: str  # "Giấy khen"
    decision: str  # "Quyết định số 15-QĐ/QU ngày 20/01/2025"
    row: int
    seat: int
    nomination_id: int

    @property
    def details(self) -> str:
        """What the lists show beside the name: "Bí thư Chi bộ khu vực 1, Chi bộ khu vực 1,
        Đảng ủy phường An Hòa"; for a collective only the unit above ("Đảng ủy phường An
        Hòa"), its own name being in the name column."""
        if self.is_collective:
            return self.unit_line.removeprefix(self.name).removeprefix(", ")
        return ", ".join(part for part in (self.position, self.unit_line) if part)

    @property
    def seat_text(self) -> str:
        return f"Hàng {self.row}, ghế {self.seat}"


@dataclass
class Group:
    name: str  # the unit the group comes from
    invitees: list[Invitee] = field(default_factory=list)

    @property
    def first_row(self) -> int:
        return self.invitees[0].row

    @property
    def last_row(self) -> int:
        return self.invitees[-1].row

    @property
    def rows_text(self) -> str:
        if self.first_row == self.last_row:
            return f"Hàng {self.first_row}"
        return f"Hàng {self.first_row}–{self.last_row}"


@dataclass
class DayList:
    conference: Conference
    groups: list[Group]

    @property
    def invitees(self) -> list[Invitee]:
        return [invitee for group in self.groups for invitee in group.invitees]

    @property
    def count(self) -> int:
        return sum(len(group.invitees) for group in self.groups)


def live_entries(conference: Conference):
    """The live lines of the unit's issued decisions of commendation in the campaign."""
    return DecisionEntry.objects.filter(
        live=True,
        decision__campaign_id=conference.campaign_id,
        decision__unit_id=conference.unit_id,
        decision__kind=DecisionKind.HONOR,
        decision__issued_at__isnull=False,
    ).select_related(
        "decision__unit",
        "nomination__person__unit",
        "nomination__collective",
        "nomination__filing_unit",
    )


def parent_path(unit: Unit) -> str:
    return unit.path[: -Unit.steplen]


def honored_unit(entry: DecisionEntry) -> Unit:
    """The person's unit, or the collective itself."""
    nomination = entry.nomination
    if nomination.person is not None:
        return nomination.person.unit
    assert nomination.collective is not None  # a nomination names a person or a collective
    return nomination.collective


def order_key(entry: DecisionEntry) -> tuple:
    nomination = entry.nomination
    if nomination.person is not None:
        return (nomination.filing_unit.path, 1, nomination.person.sort_key, nomination.pk)
    return (nomination.filing_unit.path, 0, honored_unit(entry).sort_key, nomination.pk)


def group_path(conference: Conference, unit: Unit) -> str:
    """The path of the unit directly under the conference's that ``unit`` belongs to (``unit``
    itself when it is the conference's own unit or not under it)."""
    depth = len(conference.unit.path) + Unit.steplen
    if unit.path.startswith(conference.unit.path) and len(unit.path) >= depth:
        return unit.path[:depth]
    return unit.path


def unit_line(conference: Conference, unit: Unit, by_path: dict[str, Unit]) -> str:
    """The nominee's unit and the one above it, unless that is the conference's own unit or
    higher: "Chi bộ khu vực 1, Đảng ủy phường An Hòa" at the district's conference."""
    parent = by_path.get(parent_path(unit))
    if parent is None or conference.unit.path.startswith(parent.path):
        return unit.name
    return f"{unit.name}, {parent.name}"


def day_list(conference: Conference) -> DayList:
    """The honored, grouped, ordered and seated."""
    entries = sorted(live_entries(conference), key=order_key)
    own_units = [honored_unit(e) for e in entries]
    paths = {parent_path(unit) for unit in own_units}
    paths |= {group_path(conference, e.nomination.filing_unit) for e in entries}
    by_path = {unit.path: unit for unit in Unit.objects.filter(path__in=paths)}
    forms = conference.campaign.awards

    grouped: dict[str, list[tuple[DecisionEntry, Unit]]] = {}
    for entry, unit in zip(entries, own_units, strict=True):
        key = group_path(conference, entry.nomination.filing_unit)
        grouped.setdefault(key, []).append((entry, unit))
    seats = seat_groups(
        [len(members) for members in grouped.values()],
        conference.seats_per_row,
        conference.first_row,
    )
    groups, number = [], 0
    for (path, members), placed in zip(grouped.items(), seats, strict=True):
        owner = by_path.get(path)
        group = Group(name=owner.name if owner else members[0][0].nomination.filing_unit.name)
        for (entry, unit), seat in zip(members, placed.seats, strict=True):
            number += 1
            nomination = entry.nomination
            person = nomination.person
            form = forms.form(entry.form_code)
            group.invitees.append(
                Invitee(
                    number=number,
                    name=nomination.nominee_name,
                    is_collective=person is None,
                    position=person.position if person is not None else "",
                    unit_line=unit_line(conference, unit, by_path),
                    form=form.name if form else entry.form_code,
                    decision=entry.decision.reference,
                    row=seat.row,
                    seat=seat.seat,
                    nomination_id=nomination.pk,
                )
            )
        groups.append(group)
    return DayList(conference=conference, groups=groups)
