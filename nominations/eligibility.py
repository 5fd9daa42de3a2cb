"""Gathering the facts that eligibility is computed from, for one nominee or a whole page."""

from __future__ import annotations

import datetime

from campaigns.models import Campaign, Category, NomineeKind
from campaigns.rules_engine import (
    CriterionResult,
    EligibilityCriteria,
    NomineeFacts,
    check_eligibility,
    criteria_passed,
)
from committees.models import Person, PersonRating, ReviewRecord, Unit, UnitRating
from core.lookups import one_of


def criteria_for(category: Category, campaign: Campaign) -> EligibilityCriteria:
    individual = category.nominee_kind == NomineeKind.INDIVIDUAL
    return EligibilityCriteria(
        rating_year=campaign.rating_year,
        party_members_only=individual and category.party_members_only,
        min_person_rating=category.min_person_rating if individual else "",
        min_unit_rating=category.min_unit_rating,
        exclude_under_review=individual and category.exclude_under_review,
        required_position=category.required_position if individual else "",
    )


def results_for(
    category: Category,
    campaign: Campaign,
    *,
    person: Person | None,
    collective: Unit | None,
    day: datetime.date,
) -> list[CriterionResult]:
    facts = FactSheet.load(
        campaign.rating_year,
        day,
        people=[person] if person else [],
        units=[collective] if collective else [],
    ).facts(person, collective)
    return check_eligibility(criteria_for(category, campaign), facts)


class FactSheet:
    """Ratings and open review records for many nominees, loaded in three queries."""

    def __init__(
        self,
        year: int,
        day: datetime.date,
        person_ratings: dict,
        unit_ratings: dict,
        under_review: set,
    ):
        self.year = year
        self.day = day
        self.person_ratings = person_ratings
        self.unit_ratings = unit_ratings
        self.under_review = under_review

    @classmethod
    def load(cls, year: int, day: datetime.date, *, people=(), units=()) -> FactSheet:
        people = [p for p in people if p is not None]
        return cls.load_ids(
            year,
            day,
            person_ids={p.pk for p in people},
            unit_ids={u.pk for u in units if u is not None} | {p.unit_id for p in people},
        )

    @classmethod
    def load_ids(
        cls, year: int, day: datetime.date, *, person_ids: set[int], unit_ids: set[int]
    ) -> FactSheet:
        """The same from ids: ``unit_ids`` holds the collectives and the people's units."""
        return cls(
            year,
            day,
            dict(
                PersonRating.objects.unscoped("facts of nominees the caller already holds")
                .filter(one_of("person_id", person_ids), year=year)
                .values_list("person_id", "rating")
            ),
            dict(
                UnitRating.objects.unscoped("facts of nominees the caller already holds")
                .filter(one_of("unit_id", unit_ids), year=year)
                .values_list("unit_id", "rating")
            ),
            set(
                ReviewRecord.objects.unscoped("facts of nominees the caller already holds")
                .filter(one_of("person_id", person_ids))
                .active_on(day)
                .values_list("person_id", flat=True)
            ),
        )

    def facts(self, person: Person | None, collective: Unit | None) -> NomineeFacts:
        if person is not None:
            return NomineeFacts(
                is_party_member=person.is_party_member,
                position=person.position,
                person_rating=self.person_ratings.get(person.pk),
                unit_rating=self.unit_ratings.get(person.unit_id),
                unit_name=person.unit.name,
                under_review=person.pk in self.under_review,
                on_day=self.day,
            )
        if collective is None:
            raise ValueError("The facts of a nominee need a person or a collective.")
        return NomineeFacts(
            is_party_member=collective.is_party_organisation,
            position="",
            person_rating=None,
            unit_rating=self.unit_ratings.get(collective.pk),
            unit_name=collective.name,
            under_review=False,
            on_day=self.day,
        )


def annotate_eligibility(
    nominations,
    campaign: Campaign,
    day: datetime.date,
    *,
    sheet: FactSheet | None = None,
    failing_only: bool = False,
) -> None:
    """Attach ``eligibility`` (the list of results) and ``is_eligible`` to each nomination of a
    page (from ``sheet`` when the caller loaded the facts already). With ``failing_only``,
    ``eligibility`` holds only the criteria that fail, and only those rows are put into words:
    a list that shows the reasons of the ineligible rows needs nothing more."""
    nominations = list(nominations)
    if sheet is None:
        sheet = FactSheet.load(
            campaign.rating_year,
            day,
            people=[n.person for n in nominations if n.person_id],
            units=[n.collective for n in nominations if n.collective_id],
        )
    criteria_of: dict[int, EligibilityCriteria] = {}
    for nomination in nominations:
        if nomination.category_id not in criteria_of:
            criteria_of[nomination.category_id] = criteria_for(nomination.category, campaign)
        criteria = criteria_of[nomination.category_id]
        facts = sheet.facts(nomination.person, nomination.collective)
        if failing_only:
            nomination.is_eligible = all(criteria_passed(criteria, facts).values())
            nomination.eligibility = (
                []
                if nomination.is_eligible
                else [result for result in check_eligibility(criteria, facts) if not result.passed]
            )
            continue
        nomination.eligibility = check_eligibility(criteria, facts)
        nomination.is_eligible = all(r.passed for r in nomination.eligibility)
