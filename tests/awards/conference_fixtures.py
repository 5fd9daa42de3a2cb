"""Seed 000 at district A with an issued decision of commendation, its annex written straight to
the tables (the decision services are written beside this part), and the district's
conference. Names carry every tone mark and the letters Ă Â Đ Ê Ô Ơ Ư."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from awards.models import Conference, Decision, DecisionEntry
from committees.models import Person, Unit
from nominations.models import Nomination, NominationState
from tests.factories import PersonFactory
from tests.workflow_fixtures import HCM, Seed000

#: the conference: 08:00 on Monday 3 February 2025, Vietnam time
STARTS_AT = datetime.datetime(2025, 2, 3, 8, 0, tzinfo=HCM)
#: "now" for the services: before the conference
NOW = datetime.datetime(2025, 1, 20, 9, 0, tzinfo=HCM)
ISSUED_ON = datetime.date(2025, 1, 20)


AWARDS = {
    "forms": [
        {"code": "giay-khen", "name": "Giấy khen"},
        {"code": "bang-khen", "name": "Bằng khen"},
    ],
    "levels": [{"position": 2, "form": "giay-khen"}, {"position": 3, "form": "bang-khen"}],
}


@dataclass
class ConferenceWorld:
    seed: Seed000
    district: Unit
    decision: Decision
    conference: Conference
    honored: list[Nomination] = field(default_factory=list)

    def honor(
        self,
        person: Person | None = None,
        *,
        collective: Unit | None = None,
        filing_unit: Unit | None = None,
        decision: Decision | None = None,
        live: bool = True,
        form_code: str = "giay-khen",
    ) -> Nomination:
        seed = self.seed
        unit = filing_unit or (person.unit if person else collective)
        nomination = Nomination.objects.create(
            campaign=seed.campaign,
            category=seed.members,
            person=person,
            collective=collective,
            filing_unit=unit,
            filed_by=seed.secretary_a1,
            achievement_summary="Gương mẫu.",
            state=NominationState.HONORED,
            level=seed.district,
            honored_level=seed.district,
        )
        decision = decision or self.decision
        DecisionEntry.objects.create(
            decision=decision,
            nomination=nomination,
            order=decision.entries.count() + 1,
            form_code=form_code,
            nominee_name=nomination.nominee_name,
            live=live,
        )
        self.honored.append(nomination)
        return nomination


def issued_decision(seed: Seed000, unit: Unit, *, number: int = 15, **kwargs) -> Decision:
    values = {
        "campaign": seed.campaign,
        "level": seed.district,
        "unit": unit,
        "subject": "về việc biểu dương bí thư chi bộ và đảng viên tiêu biểu",
        "created_by": seed.staff_district_a,
        "number": number,
        "year": 2025,
        "issued_on": ISSUED_ON,
        "issued_at": timezone.now(),
        "issued_by": seed.staff_district_a,
    }
    values.update(kwargs)
    return Decision.objects.create(**values)


@pytest.fixture
def conf(seed000) -> ConferenceWorld:
    seed000.campaign.award_rules = AWARDS
    seed000.campaign.save()
    district = seed000.tree.district_a
    district.place_name = "Ninh Kiều"
    district.document_symbol = "QU"
    district.save()
    decision = issued_decision(seed000, district)
    conference = Conference.objects.create(
        campaign=seed000.campaign,
        unit=district,
        title="Hội nghị biểu dương bí thư chi bộ ấp, khu vực và đảng viên tiêu biểu",
        starts_at=STARTS_AT,
        place="Hội trường Quận ủy Ninh Kiều",
        dress="Nam áo sơ mi trắng, thắt cà vạt",
        seats_per_row=2,
        number="25",
        dated=ISSUED_ON,
        on_behalf="T/L BAN THƯỜNG VỤ",
        signer_title="CHÁNH VĂN PHÒNG",
        signer_name="Lê Thị Hồng Nhung",
        created_by=seed000.staff_district_a,
    )
    return ConferenceWorld(
        seed=seed000, district=district, decision=decision, conference=conference
    )


def people(world: ConferenceWorld, unit: Unit, *names: str, position: str = "Đảng viên"):
    return [PersonFactory(unit=unit, full_name=name, position=position) for name in names]
