"""The four-good rules on plain values: no request, no database. Integer arithmetic only.

Seed 001 (DOMAIN.md): T4 for a cell is 100% of its members rated HTTNV or better, for a đảng bộ
at least 90%; four good → bốn tốt; three good including T1 → HTTNV; two good including T1 →
HTNV; anything else not achieved. A đảng bộ is bốn tốt only when at least 3/4 of its cells are;
with four good criteria but fewer such cells it counts as three good (HTTNV).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BON_TOT = "bon_tot"
HTTNV = "HTTNV"
HTNV = "HTNV"
KHONG_DAT = "khong_dat"

#: the values of the "Xếp loại" column, as the issue writes them
CLASSIFICATION_TEXT = {BON_TOT: "Bốn tốt", HTTNV: "HTTNV", HTNV: "HTNV", KHONG_DAT: "Không đạt"}
CLASSIFICATIONS = (BON_TOT, HTTNV, HTNV, KHONG_DAT)

CRITERIA = (
    ("T1", gettext_lazy("Political task completed well")),
    ("T2", gettext_lazy("Good meeting quality")),
    ("T3", gettext_lazy("Good unity and discipline")),
    ("T4", gettext_lazy("Good cadres and members")),
)


@dataclass(frozen=True)
class Thresholds:
    cell_member_percent: int = 100
    committee_member_percent: int = 90
    cells_numerator: int = 3
    cells_denominator: int = 4

    @classmethod
    def of(cls, movement) -> Thresholds:
        if movement is None:
            return cls()
        return cls(
            movement.cell_member_percent,
            movement.committee_member_percent,
            movement.cells_numerator,
            movement.cells_denominator,
        )


def meets_percent(part: int, whole: int, percent: int) -> bool:
    """``part / whole ≥ percent %`` as ``100·part ≥ percent·whole``; nothing of nothing fails."""
    return whole > 0 and 100 * part >= percent * whole


def meets_share(part: int, whole: int, numerator: int, denominator: int) -> bool:
    """``part / whole ≥ numerator / denominator`` (e.g. 4·k ≥ 3·n); no cells at all fails."""
    return whole > 0 and denominator * part >= numerator * whole


def ratio_text(part: int, whole: int) -> str:
    """``"27/28 = 96,4%"``: one decimal, rounded half up, with the Vietnamese decimal comma."""
    if whole <= 0:
        return f"{part}/{whole}"
    tenths = (2000 * part + whole) // (2 * whole)
    return f"{part}/{whole} = {tenths // 10},{tenths % 10}%"


def t3_achieved(judged: bool | None, press_exposed: bool) -> bool:
    """T3 fails when a member's violation was exposed by the press or the public (II.3)."""
    return bool(judged) and not press_exposed


@dataclass(frozen=True)
class T4Result:
    achieved: bool
    good: int
    rated: int
    unrated_names: tuple[str, ...]
    percent: int

    @property
    def ratio(self) -> str:
        return ratio_text(self.good, self.rated)

    @property
    def lines(self) -> tuple[str, ...]:
        """The reasoning, written only when shown (a city-sized year is 12,000 units)."""
        lines = []
        if self.rated == 0:
            lines.append(_("No party member has a rating for the year: T4 is not achieved."))
        else:
            lines.append(
                _("Members rated HTTNV or better: %(ratio)s; required: %(percent)s%%: %(verdict)s.")
                % {
                    "ratio": self.ratio,
                    "percent": self.percent,
                    "verdict": _("achieved") if self.achieved else _("not achieved"),
                }
            )
        if self.unrated_names:
            lines.append(
                _("Left out of the ratio, no rating for the year: %(names)s.")
                % {"names": ", ".join(self.unrated_names)}
            )
        return tuple(lines)


def t4_result(good: int, rated: int, percent: int, unrated_names: tuple[str, ...] = ()) -> T4Result:
    """T4 from the party members rated that year; the unrated count on neither side."""
    return T4Result(meets_percent(good, rated, percent), good, rated, tuple(unrated_names), percent)


@dataclass(frozen=True)
class Classification:
    result: str
    criteria_met: int
    #: T1–T4 as counted, and as given (None: not judged)
    met: tuple[bool, ...] = (False, False, False, False)
    given: tuple[bool | None, ...] = (None, None, None, False)
    press_exposed: bool = False
    is_committee: bool = False
    cells_good: int = 0
    cells_total: int = 0
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def text(self) -> str:
        return CLASSIFICATION_TEXT[self.result]

    @property
    def cells_share_met(self) -> bool:
        t = self.thresholds
        return meets_share(
            self.cells_good, self.cells_total, t.cells_numerator, t.cells_denominator
        )

    @property
    def lines(self) -> tuple[str, ...]:
        """The reasoning, line by line, written only when shown."""
        lines = []
        for (code, label), value, raw in zip(CRITERIA, self.met, self.given, strict=True):
            if value:
                state = _("achieved")
            elif code == "T3" and self.press_exposed:
                state = _(
                    "not achieved: a member's violation was exposed by the press or the "
                    "public, not found by the unit"
                )
            elif raw is None:
                state = _("not judged, counts as not achieved")
            else:
                state = _("not achieved")
            lines.append(f"{code} {label}: {state}.")
        lines.append(_("Criteria achieved: %(count)s of 4.") % {"count": self.criteria_met})
        effective = self.criteria_met
        if self.is_committee and self.criteria_met == 4:
            t, share = self.thresholds, self.cells_share_met
            lines.append(
                _(
                    "Cells bốn tốt: %(good)s of %(total)s; required at least "
                    "%(numerator)s/%(denominator)s (%(denominator)s × %(good)s = "
                    "%(left)s %(sign)s %(numerator)s × %(total)s = %(right)s)."
                )
                % {
                    "good": self.cells_good,
                    "total": self.cells_total,
                    "numerator": t.cells_numerator,
                    "denominator": t.cells_denominator,
                    "left": t.cells_denominator * self.cells_good,
                    "right": t.cells_numerator * self.cells_total,
                    "sign": "≥" if share else "<",
                }
            )
            if not share:
                effective = 3
                lines.append(
                    _("Fewer cells bốn tốt than required: classified as with three good criteria.")
                )
        if self.result == KHONG_DAT and effective >= 2:
            lines.append(
                _("T1 is not achieved, so %(count)s good criteria do not give a rating.")
                % {"count": effective}
            )
        lines.append(_("Classification: %(result)s.") % {"result": self.text})
        return tuple(lines)


def classify(
    t1: bool | None,
    t2: bool | None,
    t3: bool | None,
    t4: bool,
    *,
    press_exposed: bool = False,
    is_committee: bool = False,
    cells_good: int = 0,
    cells_total: int = 0,
    thresholds: Thresholds = Thresholds(),
) -> Classification:
    """The classification; its ``lines`` give the reasoning. ``None`` (not judged) fails; a
    violation exposed by the press or the public fails T3 whatever the judgement."""
    met = (bool(t1), bool(t2), t3_achieved(t3, press_exposed), bool(t4))
    count = sum(met)
    effective = count
    if (
        is_committee
        and count == 4
        and not meets_share(
            cells_good, cells_total, thresholds.cells_numerator, thresholds.cells_denominator
        )
    ):
        effective = 3  # four good criteria, too few cells bốn tốt: counted as three good
    if effective == 4:
        result = BON_TOT
    elif effective == 3 and met[0]:
        result = HTTNV
    elif effective == 2 and met[0]:
        result = HTNV
    else:
        result = KHONG_DAT
    return Classification(
        result,
        count,
        met,
        (t1, t2, t3, t4),
        press_exposed,
        is_committee,
        cells_good,
        cells_total,
        thresholds,
    )


def streak(results_by_year: dict[int, str], year: int) -> int:
    """How many years in a row, ending with ``year``, the unit was bốn tốt."""
    count = 0
    while results_by_year.get(year - count) == BON_TOT:
        count += 1
    return count
