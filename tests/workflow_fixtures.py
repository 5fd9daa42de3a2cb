"""Seed 000 on the test city: cells → grassroots committee → district BTV (10% cap) → city."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Campaign, Category, Placement, ReviewLevel
from committees.models import BodyKind, Person, Rating, Role, Unit, User
from nominations import services
from nominations.models import Nomination, Outcome
from tests.factories import (
    BodyFactory,
    CampaignFactory,
    CategoryFactory,
    PersonFactory,
    PersonRatingFactory,
    ReviewLevelFactory,
    UnitRatingFactory,
    UserFactory,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.datetime(2025, 1, 15, 0, 0, 0, tzinfo=HCM)  # "trước ngày 15/01/2025"
BEFORE = datetime.datetime(2025, 1, 10, 9, 0, tzinfo=HCM)


@dataclass
class Seed000:
    tree: object
    campaign: Campaign
    grassroots: ReviewLevel
    district: ReviewLevel
    city: ReviewLevel
    members: Category
    secretaries: Category
    secretary_a1: User
    secretary_school: User
    staff_grassroots_a: User
    staff_district_a: User
    standing_district_a: User
    staff_city: User
    standing_city: User
    staff_district_b: User

    def city_open(self) -> None:
        """The city's deadline (15/01/2025, in the past) binds every cell (``submit`` refuses
        after it): lifted, for tests that file at today's date while the campaign receives."""
        self.city.closes_at = None
        self.city.save()

    def member(self, unit: Unit, rating=Rating.HTTNV, **kwargs) -> Person:
        person = PersonFactory(unit=unit, **kwargs)
        PersonRatingFactory(person=person, year=2024, rating=rating)
        return person

    def file(self, person: Person, *, user=None, category=None, now=BEFORE) -> Nomination:
        user = user or (
            self.secretary_school
            if person.unit_id == self.tree.grassroots_cell_a.pk
            else self.secretary_a1
        )
        draft = services.Draft(
            category=category or self.members,
            person=person,
            achievement_summary="Gương mẫu, nhiều sáng kiến ở khu vực.",
        )
        nomination = services.save_draft(user, self.campaign, user.unit, draft)
        return services.submit(user, nomination, now=now)

    def at_district(self, person: Person, now=BEFORE) -> Nomination:
        """Filed by cell A1, appraised and passed on by the grassroots committee."""
        nomination = self.file(person, now=now)
        services.appraise(self.staff_grassroots_a, nomination, now=now)
        return services.pass_on(self.staff_grassroots_a, nomination, now=now)

    def appraised_at_district(self, count: int) -> list[Nomination]:
        nominations = []
        for _ in range(count):
            nomination = self.at_district(self.member(self.tree.cell_a1))
            nominations.append(services.appraise(self.staff_district_a, nomination, now=BEFORE))
        return nominations

    def session(self, unit=None, user=None, **kwargs):
        unit = unit or self.tree.district_a
        user = user or self.staff_district_a
        values = {"held_at": BEFORE, "sitting_members": 11, "present_members": 11}
        values.update(kwargs)
        return services.open_session(user, self.campaign, unit, **values)

    def vote(self, session, nomination, outcome, votes_for=11, user=None):
        return services.record_tally(
            user or self.staff_district_a,
            session,
            nomination,
            proposed_outcome=outcome,
            votes_for=votes_for,
            votes_against=0,
            votes_abstain=0,
            now=BEFORE,
        )

    def decide_at_district(self, honor: int, forward: int):
        nominations = self.appraised_at_district(honor + forward)
        session = self.session()
        for i, nomination in enumerate(nominations):
            self.vote(session, nomination, Outcome.HONOR if i < honor else Outcome.FORWARD)
        return session, nominations


@pytest.fixture
def campaign_receiving(seed000) -> None:
    """Filed at today's date: the city's deadline of 2025, which binds every cell, lifted."""
    seed000.city_open()


@pytest.fixture
def seed000(city_tree) -> Seed000:
    tree = city_tree
    campaign = CampaignFactory(organiser=tree.city, code="bieu-duong-2025")
    grassroots = ReviewLevelFactory(
        campaign=campaign,
        position=1,
        name="Đảng ủy cơ sở",
        placement=Placement.GRASSROOTS,
        voting_body="",
        can_honor=False,
        can_forward=True,
    )
    district = ReviewLevelFactory(
        campaign=campaign,
        position=2,
        name="Cấp ủy trực thuộc Thành ủy",
        placement=Placement.UNDER_ORGANISER,
        voting_body=BodyKind.STANDING_COMMITTEE,
        can_honor=True,
        can_forward=True,
        forward_cap_percent=10,
    )
    city = ReviewLevelFactory(
        campaign=campaign,
        position=3,
        name="Thành ủy",
        placement=Placement.ORGANISER,
        voting_body=BodyKind.STANDING_COMMITTEE,
        can_honor=True,
        can_forward=False,
        closes_at=DEADLINE,
    )
    members = CategoryFactory(campaign=campaign, code="dang-vien", name="Đảng viên tiêu biểu")
    secretaries = CategoryFactory(
        campaign=campaign,
        code="bi-thu",
        name="Bí thư chi bộ tiêu biểu",
        required_position="Bí thư chi bộ",
    )
    for unit in (tree.cell_a1, tree.cell_a2, tree.grassroots_cell_a, tree.cell_b1, tree.cell_b2):
        UnitRatingFactory(unit=unit, year=2024, rating=Rating.HTTNV)
    for unit in (tree.city, tree.district_a, tree.district_b):
        BodyFactory(unit=unit, kind=BodyKind.STANDING_COMMITTEE, member_count=11)
    return Seed000(
        tree=tree,
        campaign=campaign,
        grassroots=grassroots,
        district=district,
        city=city,
        members=members,
        secretaries=secretaries,
        secretary_a1=UserFactory(unit=tree.cell_a1, role=Role.CELL_SECRETARY),
        secretary_school=UserFactory(unit=tree.grassroots_cell_a, role=Role.CELL_SECRETARY),
        staff_grassroots_a=UserFactory(unit=tree.grassroots_a, role=Role.STAFF),
        staff_district_a=UserFactory(unit=tree.district_a, role=Role.STAFF),
        standing_district_a=UserFactory(unit=tree.district_a, role=Role.STANDING_MEMBER),
        staff_city=UserFactory(unit=tree.city, role=Role.STAFF),
        standing_city=UserFactory(unit=tree.city, role=Role.STANDING_MEMBER),
        staff_district_b=UserFactory(unit=tree.district_b, role=Role.STAFF),
    )
