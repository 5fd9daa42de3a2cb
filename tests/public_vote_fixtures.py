"""Seed 002 on a bloc committee: appraised nominations at the organiser, a public vote on them."""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Campaign, Category, NomineeKind, Placement, ReviewLevel
from committees.models import BodyKind, Role, Unit, UnitKind, User
from nominations.models import Nomination
from nominations.models import NominationState as S
from public_votes import services
from public_votes.models import PublicVote
from tests.factories import (
    BodyFactory,
    CampaignFactory,
    CategoryFactory,
    PersonFactory,
    ReviewLevelFactory,
    UnitFactory,
    UserFactory,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime.datetime(2023, 5, 10, 8, 0, 0, tzinfo=HCM)
CLOSES = datetime.datetime(2023, 5, 20, 17, 0, 0, tzinfo=HCM)
DURING = datetime.datetime(2023, 5, 15, 10, 0, 0, tzinfo=HCM)
SECOND = datetime.timedelta(seconds=1)
FIELDS = ["Xây dựng Đảng, đoàn thể", "Giáo dục", "Kinh doanh", "Nghiên cứu khoa học"]


@dataclass
class Seed002:
    bloc: Unit
    cells: list[Unit]
    campaign: Campaign
    level: ReviewLevel
    category: Category
    staff: User
    standing: User
    secretary: User
    outsider: User
    nominations: list[Nomination] = field(default_factory=list)

    def appraised(self, count: int) -> list[Nomination]:
        """``count`` nominations appraised at the bloc committee (rows written directly: the
        filing path is tested elsewhere; here only where they stand matters)."""
        made = []
        for i in range(count):
            cell = self.cells[i % len(self.cells)]
            person = PersonFactory(unit=cell, is_party_member=i % 3 != 0)
            made.append(
                Nomination.objects.create(
                    campaign=self.campaign,
                    category=self.category,
                    person=person,
                    filing_unit=cell,
                    level=self.level,
                    reviewing_unit=self.bloc,
                    state=S.APPRAISED,
                    field_of_work=FIELDS[i % len(FIELDS)],
                    filed_by=self.secretary,
                    achievement_summary=f"Sáng kiến số {i + 1} được áp dụng tại đơn vị.",
                )
            )
        self.nominations.extend(made)
        return made

    def vote(self, **overrides) -> PublicVote:
        values = services.VoteSettings(
            title="Bình chọn 16 gương điển hình tiêu biểu", opens_at=OPENS, closes_at=CLOSES
        )
        for name, value in overrides.items():
            setattr(values, name, value)
        return services.save_vote(self.staff, self.campaign, values)

    def open_vote(self, shortlist: int = 25, **overrides) -> PublicVote:
        vote = self.vote(**overrides)
        services.set_shortlist(self.staff, vote, self.appraised(shortlist))
        return services.publish(self.staff, vote, now=OPENS - datetime.timedelta(days=1))

    def request(self, vote: PublicVote, address: str, ip: str = "203.0.113.7", now=DURING):
        """Ask for a code, running the e-mail that waits for the commit."""
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            return services.request_code(vote, address, ip=ip, now=now)

    def verified(self, vote: PublicVote, address: str, now=DURING):
        """A voter who proved ``address``: the code is read back from the outbox."""
        from django.core import mail

        challenge = self.request(vote, address, now=now)
        code = code_in(mail.outbox[-1].body)
        return services.verify_code(vote, challenge.public_id, code, now=now)

    def ballot(self, vote: PublicVote, address: str, entries, now=DURING):
        challenge = self.verified(vote, address, now=now)
        return services.cast_ballot(vote, challenge, [e.public_id for e in entries], now=now)


def code_in(body: str) -> str:
    import re

    return re.search(r"\b(\d{6})\b", body).group(1)


@pytest.fixture
def seed002(db, settings) -> Seed002:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()  # the rate limits count in the cache
    bloc = UnitFactory(
        code="KCQ", name="Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", kind=UnitKind.DANG_UY_KHOI
    )
    cells = [
        UnitFactory(
            parent=bloc, code=f"KCQ-{i}", name=f"Chi bộ cơ sở Sở {i}", kind=UnitKind.CHI_BO_CO_SO
        )
        for i in range(1, 4)
    ]
    other = UnitFactory(code="KDN", name="Đảng ủy Khối Doanh nghiệp", kind=UnitKind.DANG_UY_KHOI)
    campaign = CampaignFactory(
        organiser=bloc,
        code="dien-hinh-2023",
        title="Tuyên dương các điển hình học tập, lao động sáng tạo",
        filing_kinds=[UnitKind.CHI_BO_CO_SO, UnitKind.DANG_UY_CO_SO, UnitKind.DOAN_THE],
        period_start=datetime.date(2023, 3, 1),
        period_end=datetime.date(2023, 6, 30),
        rating_year=2022,
    )
    level = ReviewLevelFactory(
        campaign=campaign,
        position=1,
        name="Đảng ủy Khối",
        placement=Placement.ORGANISER,
        appraising_body=BodyKind.PROPAGANDA_COMMITTEE,
        voting_body=BodyKind.STANDING_COMMITTEE,
        can_honor=True,
        can_forward=False,
    )
    category = CategoryFactory(
        campaign=campaign,
        code="dien-hinh",
        nominee_kind=NomineeKind.INDIVIDUAL,
        party_members_only=False,
        min_person_rating="",
        min_unit_rating="",
        exclude_under_review=False,
    )
    BodyFactory(unit=bloc, kind=BodyKind.STANDING_COMMITTEE, member_count=13)
    return Seed002(
        bloc=bloc,
        cells=cells,
        campaign=campaign,
        level=level,
        category=category,
        staff=UserFactory(unit=bloc, role=Role.STAFF),
        standing=UserFactory(unit=bloc, role=Role.STANDING_MEMBER),
        secretary=UserFactory(unit=cells[0], role=Role.CELL_SECRETARY),
        outsider=UserFactory(unit=other, role=Role.STAFF),
    )
