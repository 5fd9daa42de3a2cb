"""One fixture world for the permission matrix: the test city with two districts, a user of each
role in district A, and one object of each kind in each district.

"Inside" objects belong to cell A1 or district A, inside every role's subtree; "outside" objects
are the same kinds in district B, where none of them may even learn that the object exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Decision
from campaigns.models import (
    Milestone,
    MilestoneKind,
    MilestoneLevel,
    Movement,
    NomineeKind,
    Placement,
    ReportRequest,
)
from committees.models import Role, UnitKind, User
from dossiers.models import DossierBundle
from nominations import evidence as dossier_services
from nominations import services
from nominations.models import Evidence, Nomination, NominationState, Outcome, VoteSession
from nominations.samples import sample_pdf
from public_votes import services as public_vote
from public_votes.models import PublicVote, ShortlistEntry
from reports import services as reports
from reports.models import UnitReport
from tests.dossiers.conftest import PNG_BYTES
from tests.factories import (
    CampaignFactory,
    CategoryFactory,
    ReviewLevelFactory,
    UserFactory,
)
from tests.workflow_fixtures import BEFORE, Seed000

#: the year the four-good pages judge a unit for (inside the movement's 2022–2027)
FOUR_GOOD_YEAR = 2024

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
    movement: Movement | None = None  # a four-good movement the district's roles can see
    report: UnitReport | None = None  # the cell's submitted report, with a file
    public_vote: PublicVote | None = None  # published, one shortlisted entry with a photo
    entry: ShortlistEntry | None = None
    extras: dict = field(default_factory=dict)


@dataclass
class World:
    seed: Seed000
    users: dict[str, User]
    inside: Side
    outside: Side


def _side(seed: Seed000, *, district, cell, secretary, grassroots_staff, district_staff) -> Side:
    person = seed.member(cell, full_name="Nguyễn Thị Ánh")
    draft = services.save_draft(
        secretary,
        seed.campaign,
        cell,
        services.Draft(
            category=seed.members,
            person=seed.member(cell),
            achievement_summary="Gương mẫu, nhiều sáng kiến.",
        ),
    )
    evidence = dossier_services.attach_evidence(
        secretary, draft, ContentFile(sample_pdf("Minh chứng"), name="minh-chung.pdf")
    )
    # One nomination voted on at the district: a session with a tally to read.
    nominee = seed.member(cell)
    nomination = services.submit(
        secretary,
        services.save_draft(
            secretary,
            seed.campaign,
            cell,
            services.Draft(
                category=seed.members,
                person=nominee,
                achievement_summary="Tiêu biểu trong công tác dân vận.",
            ),
        ),
        now=BEFORE,
    )
    services.appraise(grassroots_staff, nomination, now=BEFORE)
    services.pass_on(grassroots_staff, nomination, now=BEFORE)
    services.appraise(district_staff, nomination, now=BEFORE)
    session = seed.session(unit=district, user=district_staff)
    seed.vote(session, nomination, Outcome.HONOR, user=district_staff)
    bundle = DossierBundle.objects.create(
        campaign=seed.campaign, unit=district, requested_by=district_staff
    )
    campaign = CampaignFactory(organiser=district, code=f"thi-dua-{district.code.lower()}")
    return Side(
        district=district,
        cell=cell,
        person=person,
        draft=draft,
        voted=Nomination.objects.get(pk=nomination.pk),
        session=session,
        evidence=evidence,
        bundle=bundle,
        campaign=campaign,
    )


def _movement(organiser, code: str) -> Movement:
    """A four-good movement (seed of tests/movements) run by ``organiser``."""
    campaign = CampaignFactory(
        organiser=organiser,
        code=code,
        rating_year=FOUR_GOOD_YEAR,
        period_start=datetime.date(2022, 11, 1),
        period_end=datetime.date(2027, 11, 30),
    )
    movement = Movement.objects.create(campaign=campaign, first_year=2022, last_year=2027)
    Milestone.objects.create(
        movement=movement,
        kind=MilestoneKind.REGISTRATION,
        level=MilestoneLevel.CELLS,
        deadline=timezone.now() + datetime.timedelta(days=30),
    )
    return movement


def _report(side: Side, secretary) -> UnitReport:
    """District's own campaign asks its cells for a report; cell A1 (B1) sent it, as a file."""
    request = ReportRequest.objects.create(
        campaign=side.campaign,
        code="so-ket",
        title="Báo cáo sơ kết",
        outline=[{"number": "I", "title": "Kết quả", "required": True}],
        unit_kinds=[UnitKind.CHI_BO],
        due_at=timezone.now() + datetime.timedelta(days=30),
    )
    reports.save_report_draft(
        secretary,
        request,
        side.cell,
        {"I": "Đã triển khai."},
        uploaded_file=ContentFile(sample_pdf("Báo cáo"), name="bao-cao.pdf"),
    )
    return reports.submit_report(secretary, request, side.cell)


def _public_vote(seed: Seed000, side: Side, staff, secretary) -> ShortlistEntry:
    """A public vote run by the district's standing committee: published, one entry (photo)."""
    campaign = CampaignFactory(
        organiser=side.district, code=f"binh-chon-{side.district.code.lower()}"
    )
    level = ReviewLevelFactory(
        campaign=campaign, placement=Placement.ORGANISER, can_honor=True, can_forward=False
    )
    category = CategoryFactory(
        campaign=campaign,
        nominee_kind=NomineeKind.INDIVIDUAL,
        min_person_rating="",
        min_unit_rating="",
    )
    # Written directly, as in tests/public_vote_fixtures.py: only where it stands matters.
    nomination = Nomination.objects.create(
        campaign=campaign,
        category=category,
        person=seed.member(side.cell),
        filing_unit=side.cell,
        level=level,
        reviewing_unit=side.district,
        state=NominationState.APPRAISED,
        filed_by=secretary,
        achievement_summary="Nhiều sáng kiến được áp dụng.",
    )
    now = timezone.now()
    vote = public_vote.save_vote(
        staff,
        campaign,
        public_vote.VoteSettings(
            title="Bình chọn gương điển hình",
            min_shortlist=1,
            max_shortlist=1,
            max_choices=1,
            honor_count=1,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
        ),
    )
    public_vote.set_shortlist(staff, vote, [nomination])
    entry = public_vote.update_entry(
        staff,
        vote.entries.get(),
        summary="Gương mẫu.",
        photo=ContentFile(PNG_BYTES, name="anh.png"),
    )
    public_vote.publish(staff, vote)
    return entry


def _decisions(seed: Seed000, side: Side, staff: User) -> tuple[Decision, Decision]:
    """A draft and an issued decision of the district (no annex: the pages' permissions do not
    read it)."""
    values = {
        "campaign": seed.campaign,
        "level": seed.district,
        "unit": side.district,
        "subject": "về việc biểu dương",
        "created_by": staff,
    }
    draft = Decision.objects.create(**values)
    issued = Decision.objects.create(
        **values,
        number=1,
        year=2025,
        issued_on=datetime.date(2025, 1, 20),
        issued_at=timezone.now(),
        issued_by=staff,
    )
    return draft, issued


def build_world(seed: Seed000) -> World:
    tree = seed.tree
    users = {
        Role.CELL_SECRETARY: seed.secretary_a1,
        Role.STAFF: seed.staff_district_a,
        Role.STANDING_MEMBER: seed.standing_district_a,
        Role.ADMIN: UserFactory(username="admin_qa", unit=tree.district_a, role=Role.ADMIN),
    }
    inside = _side(
        seed,
        district=tree.district_a,
        cell=tree.cell_a1,
        secretary=seed.secretary_a1,
        grassroots_staff=seed.staff_grassroots_a,
        district_staff=seed.staff_district_a,
    )
    outside_secretary = UserFactory(unit=tree.cell_b1, role=Role.CELL_SECRETARY)
    outside = _side(
        seed,
        district=tree.district_b,
        cell=tree.cell_b1,
        secretary=outside_secretary,
        grassroots_staff=UserFactory(unit=tree.grassroots_b, role=Role.STAFF),
        district_staff=seed.staff_district_b,
    )
    # Inside: a movement of the city, which every role of district A takes part in; outside:
    # one district B runs for itself.
    inside.movement = _movement(tree.city, "bon-tot-thanh-pho")
    outside.movement = _movement(tree.district_b, "bon-tot-hb")
    for side, secretary, staff in (
        (inside, seed.secretary_a1, seed.staff_district_a),
        (outside, outside_secretary, seed.staff_district_b),
    ):
        side.report = _report(side, secretary)
        side.extras["account"] = secretary
        side.extras["draft_decision"], side.extras["issued_decision"] = _decisions(
            seed, side, staff
        )
        side.entry = _public_vote(seed, side, staff, secretary)
        side.public_vote = side.entry.vote
    return World(seed=seed, users=users, inside=inside, outside=outside)
