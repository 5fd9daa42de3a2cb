"""One fixture world for the permission matrix: the test city with two districts, a user of each
role in district A, and one object of each kind in each district.

"Inside" objects belong to cell A1 or district A, inside every role's subtree; "outside" objects
are the same kinds in district B, where none of them may even learn that the object exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from committees.models import Role, User
from dossiers import services as dossier_services
from dossiers.models import DossierBundle, Evidence
from dossiers.samples import sample_pdf
from nominations import services
from nominations.models import Nomination, Outcome, VoteSession
from tests.factories import CampaignFactory, UserFactory
from tests.workflow_fixtures import BEFORE, Seed000

#: The roles of ``committees.models.Role`` in the order of the matrix's columns.
ROLES = (Role.CELL_SECRETARY, Role.STAFF, Role.STANDING_MEMBER, Role.ADMIN)
SCOPES = ("inside", "outside")


@dataclass
class Side:
    """The objects of one district."""

    district: object
    cell: object
    person: object
    draft: Nomination
    voted: Nomination
    session: VoteSession
    evidence: Evidence
    bundle: DossierBundle
    campaign: object  # a campaign run by the district itself
    extras: dict = field(default_factory=dict)


@dataclass
class World:
    seed: Seed000
    users: dict[str, User]
    inside: Side
    outside: Side


def _side(seed: Seed000, *, district, cell, secretary, grassroots_staff, district_staff) -> Side:
    person = seed.member(cell, full_name="Nguyễn Thị Ánh")
    draft = services.save_draft(secretary, seed.campaign, cell, services.Draft(
        category=seed.members, person=seed.member(cell),
        achievement_summary="Gương mẫu, nhiều sáng kiến."))
    evidence = dossier_services.attach_evidence(
        secretary, draft, ContentFile(sample_pdf("Minh chứng"), name="minh-chung.pdf"))
    # One nomination voted on at the district: a session with a tally to read.
    nominee = seed.member(cell)
    nomination = services.submit(secretary, services.save_draft(
        secretary, seed.campaign, cell, services.Draft(
            category=seed.members, person=nominee,
            achievement_summary="Tiêu biểu trong công tác dân vận.")), now=BEFORE)
    services.appraise(grassroots_staff, nomination, now=BEFORE)
    services.pass_on(grassroots_staff, nomination, now=BEFORE)
    services.appraise(district_staff, nomination, now=BEFORE)
    session = seed.session(unit=district, user=district_staff)
    seed.vote(session, nomination, Outcome.HONOR, user=district_staff)
    bundle = DossierBundle.objects.create(campaign=seed.campaign, unit=district,
                                          requested_by=district_staff)
    campaign = CampaignFactory(organiser=district, code=f"thi-dua-{district.code.lower()}")
    return Side(district=district, cell=cell, person=person, draft=draft,
                voted=Nomination.objects.get(pk=nomination.pk), session=session,
                evidence=evidence, bundle=bundle, campaign=campaign)


def build_world(seed: Seed000) -> World:
    tree = seed.tree
    users = {
        Role.CELL_SECRETARY: seed.secretary_a1,
        Role.STAFF: seed.staff_district_a,
        Role.STANDING_MEMBER: seed.standing_district_a,
        Role.ADMIN: UserFactory(username="admin_qa", unit=tree.district_a, role=Role.ADMIN),
    }
    inside = _side(seed, district=tree.district_a, cell=tree.cell_a1, secretary=seed.secretary_a1,
                   grassroots_staff=seed.staff_grassroots_a,
                   district_staff=seed.staff_district_a)
    outside = _side(seed, district=tree.district_b, cell=tree.cell_b1,
                    secretary=UserFactory(unit=tree.cell_b1, role=Role.CELL_SECRETARY),
                    grassroots_staff=UserFactory(unit=tree.grassroots_b, role=Role.STAFF),
                    district_staff=seed.staff_district_b)
    return World(seed=seed, users=users, inside=inside, outside=outside)
