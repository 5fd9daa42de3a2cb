"""The rules of a campaign as pure functions: no request, no database, easy to test at the edges.

Services gather the facts (ratings, records, counts) inside their transaction and ask these
functions; the pages show the same results, so what a user sees is what the server enforces.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from campaigns.models import Rounding
from committees.models import Rating, Unit, normalize_text
from core.deadlines import deadline_text

if TYPE_CHECKING:  # the models import the rules, not the other way round
    from campaigns.models import ReviewLevel

# --- eligibility -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityCriteria:
    rating_year: int
    party_members_only: bool = True
    min_person_rating: str = ""
    min_unit_rating: str = ""
    exclude_under_review: bool = True
    required_position: str = ""


@dataclass(frozen=True)
class NomineeFacts:
    """What the data say about a nominee on the day of an action."""

    is_party_member: bool
    position: str
    person_rating: str | None
    unit_rating: str | None
    unit_name: str
    under_review: bool
    on_day: datetime.date


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    passed: bool
    reason: str


def rating_label(value: str | None) -> str:
    return str(Rating(value).label) if value else _("no rating")


def criteria_passed(criteria: EligibilityCriteria, facts: NomineeFacts) -> dict[str, bool]:
    """Whether each criterion of the category holds, by code, without the words: what
    ``check_eligibility`` decides, for counting many nominees at once."""
    passed: dict[str, bool] = {}
    if criteria.party_members_only:
        passed["party_member"] = facts.is_party_member
    if criteria.min_person_rating:
        passed["person_rating"] = Rating.at_least(facts.person_rating, criteria.min_person_rating)
    if criteria.min_unit_rating:
        passed["unit_rating"] = Rating.at_least(facts.unit_rating, criteria.min_unit_rating)
    if criteria.exclude_under_review:
        passed["not_under_review"] = not facts.under_review
    if criteria.required_position:
        passed["position"] = holds_position(facts.position, criteria.required_position)
    return passed


def check_eligibility(criteria: EligibilityCriteria, facts: NomineeFacts) -> list[CriterionResult]:
    """Every criterion of the category, each with pass/fail and the reason in words."""
    results: list[CriterionResult] = []
    year = criteria.rating_year
    passed = criteria_passed(criteria, facts)
    if criteria.party_members_only:
        results.append(
            CriterionResult(
                "party_member",
                _("Is a party member"),
                passed["party_member"],
                _("Party member.") if facts.is_party_member else _("Not a party member."),
            )
        )
    if criteria.min_person_rating:
        results.append(
            CriterionResult(
                "person_rating",
                _("Rated %(minimum)s or better in %(year)s")
                % {"minimum": criteria.min_person_rating, "year": year},
                passed["person_rating"],
                _("Rated %(rating)s in %(year)s.")
                % {"rating": rating_label(facts.person_rating), "year": year},
            )
        )
    if criteria.min_unit_rating:
        results.append(
            CriterionResult(
                "unit_rating",
                _("Party organisation rated %(minimum)s or better in %(year)s")
                % {"minimum": criteria.min_unit_rating, "year": year},
                passed["unit_rating"],
                _("%(unit)s was rated %(rating)s in %(year)s.")
                % {
                    "unit": facts.unit_name,
                    "rating": rating_label(facts.unit_rating),
                    "year": year,
                },
            )
        )
    if criteria.exclude_under_review:
        day = formats.date_format(facts.on_day, "d/m/Y")
        results.append(
            CriterionResult(
                "not_under_review",
                _("Not under inspection or discipline review"),
                passed["not_under_review"],
                _("Under inspection or discipline review on %(day)s.") % {"day": day}
                if facts.under_review
                else _("No inspection or discipline review open on %(day)s.") % {"day": day},
            )
        )
    if criteria.required_position:
        results.append(
            CriterionResult(
                "position",
                _("Position: %(position)s") % {"position": criteria.required_position},
                passed["position"],
                _("Position recorded: %(position)s.") % {"position": facts.position or "—"},
            )
        )
    return results


def holds_position(recorded: str, title: str) -> bool:
    """Whether one of the recorded positions (comma- or semicolon-separated) begins with
    ``title``: "Bí thư Chi bộ khu vực 1" holds "Bí thư chi bộ", "Phó Bí thư chi bộ" does not."""
    wanted = normalize_text(title).casefold()
    parts = normalize_text(recorded).replace(";", ",").split(",")
    return bool(wanted) and any(p.strip().casefold().startswith(wanted) for p in parts)


def is_eligible(results: Sequence[CriterionResult]) -> bool:
    return all(r.passed for r in results)


# --- the forwarding cap ------------------------------------------------------------------------


def cap_limit(base: int, percent: int, rounding: str = Rounding.FLOOR) -> int:
    """``percent`` % of ``base`` in integer arithmetic: 10% of 19 is 1 (floor), never 1.9."""
    scaled = base * percent
    if rounding == Rounding.CEIL:
        return -(-scaled // 100)
    if rounding == Rounding.HALF_UP:
        return (scaled + 50) // 100
    return scaled // 100


@dataclass(frozen=True)
class CapCheck:
    base: int
    percent: int
    limit: int
    requested: int

    @property
    def ok(self) -> bool:
        return self.requested <= self.limit

    @property
    def over(self) -> int:
        """How many more are requested than the cap allows (0 within it)."""
        return max(self.requested - self.limit, 0)


def check_cap(*, base: int, percent: int, rounding: str, requested: int) -> CapCheck:
    return CapCheck(
        base=base, percent=percent, limit=cap_limit(base, percent, rounding), requested=requested
    )


# --- quotas ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaLimits:
    max_individuals: int | None = None
    max_collectives: int | None = None
    max_total: int | None = None


@dataclass(frozen=True)
class QuotaUsage:
    individuals: int = 0
    collectives: int = 0

    @property
    def total(self) -> int:
        return self.individuals + self.collectives

    def plus(self, *, collective: bool) -> QuotaUsage:
        if collective:
            return QuotaUsage(self.individuals, self.collectives + 1)
        return QuotaUsage(self.individuals + 1, self.collectives)


def quota_errors(limits: QuotaLimits, usage: QuotaUsage) -> list[str]:
    """What ``usage`` (counting the nomination being added) breaks, in words; empty if nothing."""
    errors = []
    if limits.max_total is not None and usage.total > limits.max_total:
        if limits.max_total == 1 and limits.max_individuals and limits.max_collectives:
            errors.append(_("The quota is 1 collective OR 1 individual, and one is already filed."))
        else:
            errors.append(_("The quota is %(n)s nominations in all.") % {"n": limits.max_total})
    if limits.max_individuals is not None and usage.individuals > limits.max_individuals:
        errors.append(_("The quota is %(n)s individuals.") % {"n": limits.max_individuals})
    if limits.max_collectives is not None and usage.collectives > limits.max_collectives:
        errors.append(_("The quota is %(n)s collectives.") % {"n": limits.max_collectives})
    return errors


def quota_remaining(limits: QuotaLimits, usage: QuotaUsage) -> dict[str, int | None]:
    """What a unit may still file: None where there is no limit."""

    def left(limit, used):
        return None if limit is None else max(limit - used, 0)

    total_left = left(limits.max_total, usage.total)
    individuals = left(limits.max_individuals, usage.individuals)
    collectives = left(limits.max_collectives, usage.collectives)
    if total_left is not None:
        individuals = total_left if individuals is None else min(individuals, total_left)
        collectives = total_left if collectives is None else min(collectives, total_left)
    return {"individuals": individuals, "collectives": collectives, "total": total_left}


# --- deadlines ---------------------------------------------------------------------------------


def format_moment(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return formats.date_format(local, "H:i:s d/m/Y")


def window_error(
    now: datetime.datetime, opens_at: datetime.datetime | None, closes_at: datetime.datetime | None
) -> str | None:
    """None while ``now`` is inside [opens_at, closes_at); otherwise why not, with the moment."""
    if opens_at is not None and now < opens_at:
        return _("Not open yet: nominations are accepted from %(moment)s.") % {
            "moment": format_moment(opens_at)
        }
    if closes_at is not None and now >= closes_at:
        return _("The deadline has passed: nominations were accepted until %(moment)s.") % {
            "moment": deadline_text(closes_at)
        }
    return None


# --- votes ------------------------------------------------------------------------------------


def quorum_met(*, taking_part: int, sitting: int, numerator: int, denominator: int) -> bool:
    """At least numerator/denominator of the sitting members take part (present or in writing)."""
    return taking_part * denominator >= numerator * sitting


def vote_passes(
    votes_for: int,
    *,
    sitting: int,
    taking_part: int,
    numerator: int,
    denominator: int,
    strictly_more: bool,
    of_sitting: bool,
) -> bool:
    """The Party's rule by default: more than half of ALL sitting members vote in favour."""
    base = sitting if of_sitting else taking_part
    lhs, rhs = votes_for * denominator, numerator * base
    return lhs > rhs if strictly_more else lhs >= rhs


def votes_needed(
    *,
    sitting: int,
    taking_part: int,
    numerator: int,
    denominator: int,
    strictly_more: bool,
    of_sitting: bool,
) -> int | None:
    """The fewest votes in favour for which ``vote_passes`` holds (6 of 11 for "more than
    half"); None when even every member of the base in favour is not enough."""
    base = sitting if of_sitting else taking_part
    share = numerator * base
    # votes * denominator must exceed (or reach) share: the smallest such whole number.
    needed = share // denominator + 1 if strictly_more else -(-share // denominator)
    needed = max(needed, 0)
    return needed if needed <= base else None


# --- the chain of reviewing levels -------------------------------------------------------------


@dataclass
class ChainStep:
    level: ReviewLevel
    unit: Unit
    positions: list[int] = field(default_factory=list)


def review_chain(filing_unit, ancestors: Sequence, levels: Sequence, organiser) -> list[ChainStep]:
    """The units a nomination filed by ``filing_unit`` passes through, bottom to top.

    Each level is taken by the nearest unit above that sits where the level does. Levels the
    filing unit occupies itself (a grassroots cell at the grassroots level) are its own, so the
    chain starts above them. One unit matching consecutive levels (a ward committee directly
    under the city, since 2025) is one step that plays the higher level's part.
    """
    levels = sorted(levels, key=lambda lvl: lvl.position)
    own = [i for i, lvl in enumerate(levels) if lvl.matches(filing_unit, organiser)]
    nearest_first = sorted(ancestors, key=lambda u: -u.depth)
    chain: list[ChainStep] = []
    for level in levels[own[-1] + 1 if own else 0 :]:
        ceiling = chain[-1].unit.depth if chain else filing_unit.depth - 1
        unit = next(
            (u for u in nearest_first if u.depth <= ceiling and level.matches(u, organiser)),
            None,
        )
        if unit is None:
            continue
        if chain and chain[-1].unit.pk == unit.pk:
            chain[-1].level = level
            chain[-1].positions.append(level.position)
            continue
        chain.append(ChainStep(level=level, unit=unit, positions=[level.position]))
    return chain
