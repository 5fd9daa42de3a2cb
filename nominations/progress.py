"""Where a campaign stands, for the pages of a reviewing unit: the progress of the units under
it, and the list of what reached the top level. Each helper runs a fixed number of queries,
however many units and nominations there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, ReviewLevel
from campaigns.rules_engine import NomineeFacts, criteria_passed
from committees.models import Unit, UnitKind, UnitStatus
from nominations.completeness import missing_by_nomination

from .eligibility import FactSheet, annotate_eligibility, criteria_for
from .models import LevelDecision, Nomination, NominationState, Outcome

S = NominationState

#: the states a submitted nomination can be in, in the order the progress table shows them
STATE_COLUMNS: tuple[str, ...] = (
    S.PROPOSED,
    S.APPRAISED,
    S.VOTED,
    S.FORWARDED,
    S.HONORED,
    S.RETURNED,
    S.REJECTED,
    S.WITHDRAWN,
)


# --- progress of the units under a reviewing unit ----------------------------------------------


def filing_deadline(campaign: Campaign) -> datetime.datetime:
    """The moment after which a unit that filed nothing counts as not proposing: the earliest
    deadline of the campaign's levels (the first one a nomination must meet on its way up; in
    seed 000 the city's is the only one), or, with none, the end of the period (Vietnam time)."""
    deadlines = [lvl.closes_at for lvl in campaign.levels.all() if lvl.closes_at is not None]
    if deadlines:
        return min(deadlines)
    day_after = campaign.period_end + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day_after, datetime.time(0, 0), tzinfo=timezone.get_default_timezone()
    )


class UnitLine(NamedTuple):
    """What the progress needs of a unit below the viewer's: a light stand-in for ``Unit``
    (``ReviewLevel.matches`` reads the same attributes)."""

    pk: int
    path: str
    depth: int
    name: str
    code: str
    kind: str
    status: str

    @property
    def is_party_organisation(self) -> bool:
        return self.kind in UnitKind.party_kinds()


@dataclass
class UnitProgress:
    """One unit directly under the viewer's unit (or the viewer's unit itself, when it files)."""

    unit: Unit
    is_own: bool = False
    takes_part: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    #: filing units of the branch, other than the branch's own unit, with nothing alive filed;
    #: ``silent_units`` names them
    silent_below: int = 0

    @property
    def submitted(self) -> int:
        return sum(self.counts.values())

    @property
    def alive(self) -> int:
        """Submitted and not withdrawn."""
        return self.submitted - self.counts.get(S.WITHDRAWN, 0)

    @property
    def filed_nothing(self) -> bool:
        return self.alive == 0

    @property
    def state_counts(self) -> list[int]:
        return [self.counts.get(state, 0) for state in STATE_COLUMNS]


def submitted_in(campaign: Campaign, user, unit: Unit):
    """The nominations submitted from ``unit``'s subtree (the progress table counts these)."""
    return (
        Nomination.objects.visible_to(user)
        .filter(campaign=campaign, filing_unit__path__startswith=unit.path)
        .exclude(state=S.DRAFT)
    )


def _filing_units_below(campaign: Campaign, user, unit: Unit):
    return (
        Unit.objects.visible_to(user)
        .active()
        .filter(
            path__startswith=unit.path, depth__gt=unit.depth, kind__in=campaign.filing_kinds or []
        )
    )


def unit_progress(campaign: Campaign, user, unit: Unit) -> list[UnitProgress]:
    """For each unit directly under ``unit`` that takes part in ``campaign`` (it or a unit below
    it files, or reviews at one of the campaign's levels): how many nominations its branch
    submitted, how many are in each state, and how many of its filing units filed nothing.

    Three queries, each counted by branch in the database: the branches; their filing units
    and the units a level sits at; the nominations by state with the filing units that have
    one alive. At the top of a city the branches hold 13,000 units and 20,000 nominations, and
    ``silent_units`` names a branch's silent units when the page asks for them.
    """
    levels = list(campaign.levels.all())
    width = len(unit.path) + Unit.steplen
    below = (
        Unit.objects.visible_to(user)
        .active()
        .filter(path__startswith=unit.path, depth__gt=unit.depth)
    )
    branches = {
        u.path: UnitProgress(u) for u in below.filter(depth=unit.depth + 1).order_by("path")
    }
    reviews = Q(pk__in=[])
    for level in levels:
        reviews |= level.unit_filter(campaign.organiser)
    files = Q(kind__in=campaign.filing_kinds or [])
    by_branch = (
        below.order_by()
        .annotate(branch=Substr("path", 1, width))
        .values_list("branch")
        .annotate(
            files=Count("pk", filter=files),
            own_files=Count("pk", filter=files & Q(depth=unit.depth + 1)),
            reviews=Count("pk", filter=reviews),
        )
    )
    for branch_path, n_files, own_files, n_reviews in by_branch:
        branch = branches.get(branch_path)
        if branch is not None:
            branch.takes_part = bool(n_files or n_reviews)
            branch.silent_below = n_files - own_files
    own = None
    if unit.kind in (campaign.filing_kinds or []):
        own = UnitProgress(unit, is_own=True, takes_part=True)

    # One pass over the nominations, grouped by branch: the count in each state, and the
    # filing units below the branch's own unit with something alive (the others are silent).
    # Two queries (by state; the distinct filers through a second join of the units) took
    # 30 + 50 ms at the top of a city. The filing unit is the one joined for the branch, so
    # its kind, status and depth are read there; its visibility to the user is the
    # nominations' own scope (``Nomination.scope_lookup`` is the filing unit's path).
    alive_filer = ~Q(state=S.WITHDRAWN) & Q(
        filing_unit__status=UnitStatus.ACTIVE,
        filing_unit__kind__in=campaign.filing_kinds or [],
        filing_unit__depth__gt=unit.depth + 1,
    )
    by_state = {f"n_{i}": Count("id", filter=Q(state=s)) for i, s in enumerate(STATE_COLUMNS)}
    counts = (
        submitted_in(campaign, user, unit)
        .order_by()
        .annotate(branch=Substr("filing_unit__path", 1, width))
        .values_list("branch")
        .annotate(**by_state, filers=Count("filing_unit", distinct=True, filter=alive_filer))
    )
    for branch_path, *state_counts, filers in counts:
        branch = own if branch_path == unit.path else branches.get(branch_path)
        if branch is None:
            continue
        branch.counts = dict(zip(STATE_COLUMNS, state_counts, strict=True))
        if branch is not own:
            branch.silent_below -= filers
    rows = [b for b in branches.values() if b.takes_part]
    return ([own] if own else []) + rows


class SilentUnit(NamedTuple):
    """A filing unit that filed nothing, with the name of the unit above it: a city has many
    "Chi bộ khu vực 2", told apart only by their ward."""

    unit: UnitLine
    parent: str

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def pk(self) -> int:
        return self.unit.pk


def silent_units(campaign: Campaign, user, branch: Unit) -> list[SilentUnit]:
    """The filing units under ``branch`` (not ``branch`` itself) with no nomination filed and
    still alive, in tree order, each with its parent unit's name. Two queries."""
    alive = (
        Nomination.objects.visible_to(user)
        .filter(campaign=campaign)
        .exclude(state__in=[S.DRAFT, S.WITHDRAWN])
        .values("filing_unit_id")
    )
    units = [
        UnitLine._make(fields)
        for fields in _filing_units_below(campaign, user, branch)
        .exclude(pk__in=alive)
        .order_by("path")
        .values_list(*UnitLine._fields)
    ]
    step = Unit.steplen
    parents = dict(
        Unit.objects.visible_to(user)
        .filter(path__in={u.path[:-step] for u in units})
        .values_list("path", "name")
        if units
        else []
    )
    return [SilentUnit(u, parents.get(u.path[:-step], "")) for u in units]


# --- the list of what reached the top level ----------------------------------------------------


def top_level(campaign: Campaign) -> ReviewLevel | None:
    levels = list(campaign.levels.all())
    return max(levels, key=lambda lvl: lvl.position) if levels else None


def dossier_summary_and_criteria_complete(nomination: Nomination) -> bool:
    """The achievement summary is written and every qualitative criterion of the category is
    confirmed by the filer and verified by the appraiser. The final list's "dossier complete"
    also needs every required document attached (``final_list``)."""
    return summary_and_criteria_complete(
        nomination.achievement_summary,
        nomination.checklist_confirmed,
        nomination.checklist_verified,
        nomination.category.checklist,
    )


def summary_and_criteria_complete(summary, confirmed, verified, checklist) -> bool:
    size = len(checklist or [])
    confirmed = list(confirmed or [])[:size]
    verified = list(verified or [])[:size]
    return (
        bool((summary or "").strip())
        and len(confirmed) == size
        and all(confirmed)
        and len(verified) == size
        and all(verified)
    )


def decision_text(nomination: Nomination) -> str:
    """The state in words, with what was decided where it says more than the state."""
    if nomination.state == S.HONORED and nomination.honored_level_id:
        return _("Honored at %(level)s") % {"level": nomination.honored_level.name}
    if nomination.state == S.VOTED and nomination.vote_outcome:
        return _("Voted: %(outcome)s") % {"outcome": nomination.get_vote_outcome_display()}
    if nomination.state in (S.REJECTED, S.RETURNED) and nomination.state_reason:
        return f"{nomination.get_state_display()}: {nomination.state_reason}"
    return nomination.get_state_display()


def _reached_top(campaign: Campaign, user, top: ReviewLevel):
    return (
        Nomination.objects.visible_to(user)
        .filter(campaign=campaign, level=top)
        .exclude(state=S.DRAFT)
        .order_by("filing_unit__path", "person__full_name", "collective__name", "id")
    )


def _full_rows(queryset, campaign: Campaign, categories: dict | None = None) -> list[Nomination]:
    """The rows in full. Categories and levels come from the campaign rather than two more
    joins: the planner took longer over seven tables than the database took to answer."""
    if categories is None:
        categories = {c.pk: c for c in campaign.categories.all()}
    levels = {level.pk: level for level in campaign.levels.all()}
    forwards = (
        LevelDecision.objects.filter(outcome=Outcome.FORWARD)
        .select_related("unit")
        .order_by("-level__position")
    )
    rows = list(
        queryset.select_related("person__unit", "collective", "filing_unit").prefetch_related(
            Prefetch("decisions", queryset=forwards, to_attr="forward_decisions")
        )
    )
    for nomination in rows:
        nomination.category = categories[nomination.category_id]
        if nomination.honored_level_id:
            nomination.honored_level = levels[nomination.honored_level_id]
    return rows


def _describe(
    rows: list[Nomination],
    campaign: Campaign,
    day: datetime.date,
    *,
    sheet: FactSheet | None = None,
    missing: dict | None = None,
) -> list[Nomination]:
    annotate_eligibility(rows, campaign, day, sheet=sheet)
    missing = missing if missing is not None else missing_by_nomination(rows)
    for nomination in rows:
        decisions = nomination.forward_decisions
        nomination.came_through = decisions[0].unit if decisions else None
        nomination.missing_documents = missing[nomination.pk]
        nomination.dossier_complete = (
            dossier_summary_and_criteria_complete(nomination) and not nomination.missing_documents
        )
        nomination.decision_text = decision_text(nomination)
    return rows


def final_list(campaign: Campaign, user, day: datetime.date) -> list[Nomination]:
    """Every nomination that reached the campaign's top level, whatever its state since, with
    ``eligibility``/``is_eligible`` on ``day``, ``came_through`` (the unit that forwarded it to
    the top: the district-level committee in seed 000), ``missing_documents`` (the names of
    the required documents not attached), ``dossier_complete`` and ``decision_text``. Nine
    queries (eight when the campaign requires no document). The Excel export's rows."""
    top = top_level(campaign)
    if top is None:
        return []
    return _describe(_full_rows(_reached_top(campaign, user, top), campaign), campaign, day)


class _Light(NamedTuple):
    """What ``missing_by_nomination`` reads of a nomination."""

    pk: int
    campaign_id: int
    category_id: int


class FinalList:
    """The final list as a page shows it: the totals over every row, the rows of one page.

    The totals decide eligibility and completeness for every row the same way as
    ``final_list`` (the same facts, ``rules_engine.criteria_passed``, the same completeness
    test), from plain values instead of model instances and without the words: a city's top
    level receives hundreds of rows, and building each in full took about a second. The facts
    and the documents are loaded once for all rows and reused for the page. Seven queries,
    then two for a page.
    """

    def __init__(self, campaign: Campaign, user, day: datetime.date):
        self.campaign, self.day = campaign, day
        self.top = top_level(campaign)
        self.ids: list[int] = []
        self.eligible = self.complete = 0
        if self.top is None:
            return
        self.queryset = _reached_top(campaign, user, self.top)
        rows = list(
            self.queryset.values_list(
                "id",
                "campaign_id",
                "category_id",
                "person_id",
                "collective_id",
                "person__is_party_member",
                "person__position",
                "person__unit_id",
                "collective__kind",
                "achievement_summary",
                "checklist_confirmed",
                "checklist_verified",
            )
        )
        self.ids = [row[0] for row in rows]
        self.categories = categories = {c.pk: c for c in campaign.categories.all()}
        criteria = {pk: criteria_for(category, campaign) for pk, category in categories.items()}
        self.sheet = FactSheet.load_ids(
            campaign.rating_year,
            day,
            person_ids={row[3] for row in rows if row[3]},
            unit_ids={row[7] for row in rows if row[3]} | {row[4] for row in rows if row[4]},
        )
        self.missing = missing_by_nomination([_Light(*row[:3]) for row in rows])
        party_kinds = UnitKind.party_kinds()
        for (
            pk,
            _campaign,
            category_id,
            person_id,
            collective_id,
            is_member,
            position,
            person_unit_id,
            collective_kind,
            summary,
            confirmed,
            verified,
        ) in rows:
            category = categories[category_id]
            if person_id:
                facts = NomineeFacts(
                    is_party_member=is_member,
                    position=position,
                    person_rating=self.sheet.person_ratings.get(person_id),
                    unit_rating=self.sheet.unit_ratings.get(person_unit_id),
                    unit_name="",
                    under_review=person_id in self.sheet.under_review,
                    on_day=day,
                )
            else:
                facts = NomineeFacts(
                    is_party_member=collective_kind in party_kinds,
                    position="",
                    person_rating=None,
                    unit_rating=self.sheet.unit_ratings.get(collective_id),
                    unit_name="",
                    under_review=False,
                    on_day=day,
                )
            if all(criteria_passed(criteria[category_id], facts).values()):
                self.eligible += 1
            if (
                summary_and_criteria_complete(summary, confirmed, verified, category.checklist)
                and not self.missing[pk]
            ):
                self.complete += 1

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self, ids: list[int]) -> list[Nomination]:
        """The rows with these ids, in full and in the list's order. Two queries."""
        if not ids:
            return []
        rows = _full_rows(self.queryset.filter(pk__in=ids), self.campaign, self.categories)
        return _describe(rows, self.campaign, self.day, sheet=self.sheet, missing=self.missing)
