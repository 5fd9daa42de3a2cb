"""Seed 000 on the test city with its shipped award rules (district: Giấy khen, city: Bằng khen)
and honored nominations: two members honored at district A (Quận ủy Ninh Kiều, symbol QU) and
one forwarded and honored at the city (Thành ủy Cần Thơ).

The other helpers of issue 20 may use ``honored`` and ``Honored``; their own helpers go in their
own test modules."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.models import Rounding
from committees.models import Unit
from nominations import services
from nominations.models import Nomination, Outcome
from tests.workflow_fixtures import BEFORE, Seed000

SEED_000 = (
    Path(settings.BASE_DIR)
    / "fixtures"
    / "campaigns"
    / ("000-bieu-duong-bi-thu-dang-vien-2025.json")
)
#: the day the votes were held (BEFORE, in Hồ Chí Minh time)
VOTED_ON = BEFORE.date()
ISSUED_ON = datetime.date(2025, 1, 20)


@dataclass
class Honored:
    seed: Seed000
    district: Unit
    city: Unit
    at_district: list[Nomination]  # in annex order: Lê Văn An, then Nguyễn Thị Bình
    at_city: Nomination  # Trần Thị Thu Hương

    def refresh(self):
        for nomination in [*self.at_district, self.at_city]:
            nomination.refresh_from_db()
        return self


def fresh(nomination: Nomination) -> Nomination:
    return Nomination.objects.unscoped("a test reads its row back").get(pk=nomination.pk)


def with_seed_awards(seed: Seed000) -> None:
    data = json.loads(SEED_000.read_text(encoding="utf-8"))
    campaign = seed.campaign
    campaign.award_rules = data["awards"]
    campaign.legal_basis = data.get("legal_basis", "")
    campaign.title = data.get("title", campaign.title)
    campaign.save()


@pytest.fixture
def honored(seed000) -> Honored:
    seed = seed000
    with_seed_awards(seed)
    district = seed.tree.district_a
    district.place_name = "Ninh Kiều"
    district.document_symbol = "QU"
    district.save()
    # 10% of three, rounded up, lets one go on to the city (seed 000 rounds down: ten would be
    # needed, for nothing the decisions test).
    seed.district.cap_rounding = Rounding.CEIL
    seed.district.save()
    cell = seed.tree.cell_a1
    # Filed in the reverse of the annex's order: the annex sorts by given name.
    binh = seed.at_district(seed.member(cell, full_name="Nguyễn Thị Bình", position="Đảng viên"))
    an = seed.at_district(seed.member(cell, full_name="Lê Văn An", position="Bí thư chi bộ"))
    huong = seed.at_district(seed.member(cell, full_name="Trần Thị Thu Hương"))
    for nomination in (binh, an, huong):
        services.appraise(seed.staff_district_a, nomination, now=BEFORE)
    session = seed.session()
    seed.vote(session, binh, Outcome.HONOR)
    seed.vote(session, an, Outcome.HONOR)
    seed.vote(session, huong, Outcome.FORWARD)
    services.close_session(seed.staff_district_a, session, now=BEFORE)
    (at_city,) = services.send_up(seed.staff_district_a, [fresh(huong)], now=BEFORE)
    services.appraise(seed.staff_city, at_city, now=BEFORE)
    city_session = seed.session(unit=seed.tree.city, user=seed.standing_city)
    seed.vote(city_session, at_city, Outcome.HONOR, user=seed.standing_city)
    services.close_session(seed.standing_city, city_session, now=BEFORE)
    return Honored(
        seed=seed,
        district=Unit.objects.get(pk=district.pk),
        city=seed.tree.city,
        at_district=[fresh(an), fresh(binh)],
        at_city=fresh(at_city),
    )
