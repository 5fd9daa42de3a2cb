"""Seeds 002 and 004 on the test city, loaded from their shipped fixtures (``fixtures/campaigns``)
with district A (Quận ủy Ninh Kiều) as the organiser: under it a đảng ủy cơ sở (with two cells),
a chi bộ cơ sở and a mass organisation, the three kinds of filing unit both seeds name."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from campaigns.config import import_campaign
from campaigns.models import Campaign, Category
from committees.models import BodyKind, Person, Role, Unit, User
from nominations import services
from nominations.completeness import requirements_for
from nominations.evidence import attach_evidence
from nominations.models import Nomination
from nominations.samples import sample_upload
from tests.factories import BodyFactory, PersonFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "campaigns"

# Seed 004: "Từ ngày 20 đến hết ngày 31/3/2023"; the report "trước ngày 31/3/2023".
OPENS_004 = datetime.datetime(2023, 3, 20, 0, 0, 0, tzinfo=HCM)
CLOSES_004 = datetime.datetime(2023, 4, 1, 0, 0, 0, tzinfo=HCM)
REPORT_DUE_004 = datetime.datetime(2023, 3, 31, 0, 0, 0, tzinfo=HCM)
IN_WINDOW_004 = datetime.datetime(2023, 3, 25, 9, 0, tzinfo=HCM)
# Seed 002: "trước ngày 29/4/2023".
CLOSES_002 = datetime.datetime(2023, 4, 29, 0, 0, 0, tzinfo=HCM)
BEFORE_002 = datetime.datetime(2023, 4, 20, 9, 0, tzinfo=HCM)

FIELD = "Lao động sản xuất"


def load_seed(filename: str, organiser: Unit) -> Campaign:
    data = json.loads((FIXTURES / filename).read_text(encoding="utf-8"))
    for quota in data["quotas"]:
        if quota["unit_code"]:  # the district's allocation from the city
            quota["unit_code"] = organiser.code
    return import_campaign(data, organiser=organiser)


@dataclass
class SeedCampaign:
    tree: object
    campaign: Campaign
    individual: Category
    collective: Category | None
    staff_grassroots: User  # files for the đảng ủy cơ sở
    secretary_grassroots_cell: User  # files for the chi bộ cơ sở
    staff_mass_org: User  # files for the đoàn thể
    staff_district: User  # the organiser's staff (Ban Tuyên giáo)
    standing_district: User
    staff_district_b: User  # outside the organiser's subtree
    secretary_cell_a1: User  # a cell inside the đảng ủy cơ sở: not a filing unit here

    def person(self, unit: Unit, **kwargs) -> Person:
        return PersonFactory(unit=unit, **kwargs)

    def filer_of(self, unit: Unit) -> User:
        return {
            self.tree.grassroots_a.pk: self.staff_grassroots,
            self.tree.grassroots_cell_a.pk: self.secretary_grassroots_cell,
            self.tree.mass_org_a.pk: self.staff_mass_org,
        }[unit.pk]

    def draft(
        self,
        unit: Unit,
        *,
        person: Person | None = None,
        collective: Unit | None = None,
        documents: bool = True,
    ) -> Nomination:
        """A draft with, unless ``documents`` is False, a stand-in file for each document the
        campaign asks of it (a dossier leaves the unit complete)."""
        user = self.filer_of(unit)
        category = self.collective if collective is not None else self.individual
        draft = services.Draft(
            category=category,
            person=person,
            collective=collective,
            field_of_work=FIELD,
            achievement_summary="Tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, "
            "phong cách Hồ Chí Minh.",
            checklist_confirmed=[True] * len(category.checklist or []),
        )
        nomination = services.save_draft(user, self.campaign, unit, draft)
        if documents:
            for requirement in requirements_for(nomination):
                attach_evidence(
                    user,
                    nomination,
                    sample_upload(requirement.name, "minh-chung.pdf"),
                    requirement,
                )
        return nomination

    def file(self, unit: Unit, *, now, person=None, collective=None) -> Nomination:
        nomination = self.draft(unit, person=person, collective=collective)
        return services.submit(self.filer_of(unit), nomination, now=now)


def _seed(city_tree, filename: str) -> SeedCampaign:
    tree = city_tree
    campaign = load_seed(filename, tree.district_a)
    categories = {c.nominee_kind: c for c in campaign.categories.all()}
    BodyFactory(unit=tree.district_a, kind=BodyKind.STANDING_COMMITTEE, member_count=11)
    return SeedCampaign(
        tree=tree,
        campaign=campaign,
        individual=categories["individual"],
        collective=categories.get("collective"),
        staff_grassroots=UserFactory(unit=tree.grassroots_a, role=Role.STAFF),
        secretary_grassroots_cell=UserFactory(
            unit=tree.grassroots_cell_a, role=Role.CELL_SECRETARY
        ),
        staff_mass_org=UserFactory(unit=tree.mass_org_a, role=Role.STAFF),
        staff_district=UserFactory(unit=tree.district_a, role=Role.STAFF),
        standing_district=UserFactory(unit=tree.district_a, role=Role.STANDING_MEMBER),
        staff_district_b=UserFactory(unit=tree.district_b, role=Role.STAFF),
        secretary_cell_a1=UserFactory(unit=tree.cell_a1, role=Role.CELL_SECRETARY),
    )


@pytest.fixture
def seed004(city_tree) -> SeedCampaign:
    return _seed(city_tree, "004-so-ket-01-kltw-2023.json")


@pytest.fixture
def filing_002(city_tree) -> SeedCampaign:
    return _seed(city_tree, "002-dien-hinh-hoc-tap-lao-dong-sang-tao-2023.json")
