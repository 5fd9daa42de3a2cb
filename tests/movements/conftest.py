"""A four-good movement over the test city, and helpers that rate members in bulk."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from campaigns.models import Milestone, MilestoneKind, MilestoneLevel, Movement
from committees.models import Person, PersonRating, Rating
from tests.campaigns.conftest import seed_units  # noqa: F401 (the seed files name these units)
from tests.factories import CampaignFactory, PersonFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REGISTRATION_CELLS = datetime.datetime(2022, 12, 10, tzinfo=HCM)
REGISTRATION_COMMITTEES = datetime.datetime(2022, 12, 5, tzinfo=HCM)


@pytest.fixture(autouse=True)
def english():
    """The reasoning lines are checked in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def movement(city_tree):
    campaign = CampaignFactory(
        code="bon-tot",
        organiser=city_tree.city,
        rating_year=2024,
        filing_kinds=["chi_bo"],
        period_start=datetime.date(2022, 11, 1),
        period_end=datetime.date(2027, 11, 30),
    )
    movement = Movement.objects.create(campaign=campaign, first_year=2022, last_year=2027)
    Milestone.objects.create(
        movement=movement,
        kind=MilestoneKind.REGISTRATION,
        level=MilestoneLevel.CELLS,
        deadline=REGISTRATION_CELLS,
    )
    Milestone.objects.create(
        movement=movement,
        kind=MilestoneKind.REGISTRATION,
        level=MilestoneLevel.COMMITTEES,
        deadline=REGISTRATION_COMMITTEES,
    )
    return movement


def add_members(
    unit, ratings: dict, year: int = 2024, *, unrated: int = 0, non_members: int = 0
) -> list[Person]:
    """``ratings`` like ``{Rating.HTTNV: 27, Rating.HTNV: 1}``: that many rated members."""
    people = []
    for rating, count in ratings.items():
        for _ in range(count):
            person = PersonFactory(unit=unit)
            PersonRating.objects.create(person=person, year=year, rating=rating)
            people.append(person)
    for _ in range(unrated):
        people.append(PersonFactory(unit=unit))
    for _ in range(non_members):
        person = PersonFactory(unit=unit, is_party_member=False)
        PersonRating.objects.create(person=person, year=year, rating=Rating.KHTNV)
    return people
