"""A synthetic city for measuring the application at scale (``generate_dataset``).

The tree, the people with three years of ratings, the accounts, and one campaign (seed 000) with
nominations in every state, each with the levels, reviewing units, level decisions, vote
sessions, tallies, evidence and history rows that the services in ``nominations.services``
would have written on the way there. Everything is drawn from one ``random.Random(seed)`` and
written with bulk inserts, so the city scale (250,000 people) takes minutes, not hours; the
history rows join their hash chains in bulk too (``core.audit.records.bulk_append``), so
``verify_history`` accepts them.

Unit paths are built here rather than by treebeard, one node at a time: a child's path is its
parent's path followed by its 1-based position among its siblings, written in treebeard's
alphabet on ``Unit.steplen`` characters (``Unit._get_path``), and ``numchild`` and ``depth`` are
filled in to match. ``Unit.find_problems()`` checks the result in the tests.
"""

from __future__ import annotations

import datetime
import json
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.config import days_to_shift, import_campaign, shift_config
from campaigns.models import Campaign, CampaignStatus, DocumentRequirement
from committees.models import (
    Body,
    BodyKind,
    Gender,
    Person,
    PersonRating,
    Rating,
    ReviewKind,
    ReviewRecord,
    Role,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitKind,
    UnitRating,
    User,
    normalize_text,
)
from core.audit.records import bulk_append
from demo.management.commands.seed_demo import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    PERSON_RATING_WEIGHTS,
    SCORE_RANGES,
)
from nominations.models import (
    Evidence,
    LevelDecision,
    Nomination,
    NominationEvent,
    Outcome,
    SessionState,
    Tally,
    VoteSession,
)
from nominations.models import NominationState as S
from nominations.samples import sample_pdf

PASSWORD = "DangVien@2025"  # noqa: S105 - the published password of the generated accounts
FIXTURE = (
    Path(settings.BASE_DIR) / "fixtures" / "campaigns" / "000-bieu-duong-bi-thu-dang-vien-2025.json"
)
TOP_CODE = "TP"
CAMPAIGN_CODE = "bieu-duong-2025-tp"
MEMBERS = "dang-vien-tieu-bieu"
SECRETARIES = "bi-thu-chi-bo-tieu-bieu"
BATCH = 5000
# Ratings of the organisations: all good enough for the campaign, so eligibility turns on people.
GOOD_UNIT_RATINGS = [(Rating.HTXSNV, 25), (Rating.HTTNV, 75)]


@dataclass(frozen=True)
class Scale:
    districts: int
    grassroots_per_district: int
    cells_per_grassroots: int
    people: int
    nominations: int
    #: the share of the nominations filed in the first district: it honors enough members
    #: (and so may forward enough under the 10% cap) for a 300-nominee bundle at city scale
    first_district_share: float


SCALES = {
    "small": Scale(
        districts=2,
        grassroots_per_district=3,
        cells_per_grassroots=4,
        people=480,
        nominations=160,
        first_district_share=0.6,
    ),
    "city": Scale(
        districts=30,
        grassroots_per_district=50,
        cells_per_grassroots=8,
        people=250_000,
        nominations=20_000,
        first_district_share=0.165,
    ),
}


# --- the route of each nomination --------------------------------------------------------------
#
# A route is the list of service operations that brought a nomination to where it stands; the
# simulator below applies them the way the services do. Weights are per thousand nominations
# of an ordinary district; what reaches the city is capped by 10% of what the district honored.

ROUTES: dict[str, tuple[str, ...]] = {
    "draft": ("draft",),
    "l1_proposed": ("draft", "submit"),
    "l1_returned": ("draft", "submit", "return"),
    "l1_withdrawn": ("draft", "submit", "withdraw"),
    "l1_rejected": ("draft", "submit", "reject"),
    "l1_appraised": ("draft", "submit", "appraise"),
    "l2_proposed": ("draft", "submit", "appraise", "pass_on"),
    "l2_appraised": ("draft", "submit", "appraise", "pass_on", "appraise"),
    "l2_voted": ("draft", "submit", "appraise", "pass_on", "appraise", "vote_honor_open"),
    "l2_rejected": ("draft", "submit", "appraise", "pass_on", "reject"),
    "l2_honored": ("draft", "submit", "appraise", "pass_on", "appraise", "vote_honor", "close"),
    # forwarded by the district (each counts against its cap)
    "l2_forwarded": ("draft", "submit", "appraise", "pass_on", "appraise", "vote_forward", "close"),
    "l3_proposed": (
        "draft",
        "submit",
        "appraise",
        "pass_on",
        "appraise",
        "vote_forward",
        "close",
        "send_up",
    ),
    "l3_appraised": (
        "draft",
        "submit",
        "appraise",
        "pass_on",
        "appraise",
        "vote_forward",
        "close",
        "send_up",
        "appraise",
    ),
    "l3_voted": (
        "draft",
        "submit",
        "appraise",
        "pass_on",
        "appraise",
        "vote_forward",
        "close",
        "send_up",
        "appraise",
        "vote_honor_open",
    ),
    "l3_honored": (
        "draft",
        "submit",
        "appraise",
        "pass_on",
        "appraise",
        "vote_forward",
        "close",
        "send_up",
        "appraise",
        "vote_honor",
        "close",
    ),
    "l3_rejected": (
        "draft",
        "submit",
        "appraise",
        "pass_on",
        "appraise",
        "vote_forward",
        "close",
        "send_up",
        "reject",
    ),
}
ORDINARY_WEIGHTS = {
    "draft": 50,
    "l1_proposed": 170,
    "l1_returned": 30,
    "l1_withdrawn": 25,
    "l1_rejected": 25,
    "l1_appraised": 110,
    "l2_proposed": 150,
    "l2_appraised": 80,
    "l2_voted": 50,
    "l2_rejected": 30,
    "l2_honored": 260,
}
FORWARD_WEIGHTS = {
    "l2_forwarded": 1,
    "l3_proposed": 3,
    "l3_appraised": 2,
    "l3_voted": 1,
    "l3_honored": 2,
    "l3_rejected": 1,
}
FORWARDED_ROUTES = frozenset(FORWARD_WEIGHTS)


def _spread(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` split by ``weights`` in whole numbers (largest remainders), summing exactly."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    rest = total - sum(counts.values())
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:rest]:
        counts[k] += 1
    return counts


def district_routes(count: int, *, first: bool) -> list[str]:
    """The routes of one district's nominations. The first district honors most of what it
    receives and forwards the most its 10% cap allows; the others forward up to 2%."""
    if first:
        honored = count * 10 // 11
        forwarded = honored // 10
        counts = _spread(
            count - honored - forwarded,
            {k: w for k, w in ORDINARY_WEIGHTS.items() if k != "l2_honored"},
        )
        counts["l2_honored"] = honored
    else:
        counts = _spread(count, ORDINARY_WEIGHTS)
        forwarded = min(count // 50, counts["l2_honored"] // 10)
        counts["l1_proposed"] -= forwarded
    counts.update(_spread(forwarded, FORWARD_WEIGHTS))
    routes = [route for route, n in counts.items() for _ in range(n)]
    assert len(routes) == count  # the arithmetic above guarantees it
    return routes


# --- the plan of the tree ----------------------------------------------------------------------


@dataclass
class Accounts:
    """The logins worth printing."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit


@dataclass
class Generated:
    campaign: Campaign
    top: Unit
    accounts: Accounts
    counts: dict[str, int]


class Generator:
    def __init__(self, scale: Scale, seed: int, *, now: datetime.datetime | None = None, out=None):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.now = now or timezone.now()
        self.out = out
        self.password = make_password(PASSWORD)
        self.counts: dict[str, int] = {}
        self.accounts = Accounts()

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def name(self, gender: str) -> str:
        rng = self.rng
        family = rng.choices(*zip(*FAMILY_NAMES, strict=True))[0]
        return normalize_text(
            f"{family} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"
        )

    @transaction.atomic
    def run(self) -> Generated:
        if Unit.objects.filter(code=TOP_CODE).exists():
            raise ValueError(
                f"A unit with the code {TOP_CODE} exists: the dataset is already "
                "generated here (use an empty database)."
            )
        self.tree()
        self.people()
        self.users()
        self.campaign = self.load_campaign()
        self.nominations()
        return Generated(self.campaign, self.top, self.accounts, self.counts)

    # --- units ---------------------------------------------------------------------------

    def tree(self) -> None:
        sc = self.scale
        last_root = Unit.objects.get_last_root_node()
        top_path = last_root._inc_path() if last_root else Unit._get_path(None, 1, 1)
        units: list[Unit] = []

        def node(path, depth, numchild, code, name, kind, place="", symbol=""):
            unit = Unit(
                path=path,
                depth=depth,
                numchild=numchild,
                code=code,
                name=normalize_text(name),
                kind=kind,
                place_name=place,
                document_symbol=symbol,
            )
            units.append(unit)
            return unit

        node(
            top_path,
            1,
            sc.districts,
            TOP_CODE,
            "Thành ủy Thành phố Mẫu",
            UnitKind.THANH_UY,
            "Thành phố Mẫu",
            "TU",
        )
        for d in range(1, sc.districts + 1):
            d_path = Unit._get_path(top_path, 2, d)
            rural = d % 3 == 0
            d_place = f"{'Huyện' if rural else 'Quận'} {d}"
            node(
                d_path,
                2,
                sc.grassroots_per_district,
                f"{TOP_CODE}-D{d:02d}",
                f"{'Huyện ủy' if rural else 'Quận ủy'} {d_place}",
                UnitKind.HUYEN_UY if rural else UnitKind.QUAN_UY,
                d_place,
                "HU" if rural else "QU",
            )
            for g in range(1, sc.grassroots_per_district + 1):
                g_path = Unit._get_path(d_path, 3, g)
                ward = g % 5 != 0
                g_name = (
                    f"Đảng ủy {'xã' if rural else 'phường'} {g} {d_place}"
                    if ward
                    else f"Đảng ủy Công ty số {g} {d_place}"
                )
                g_code = f"{TOP_CODE}-D{d:02d}-G{g:02d}"
                node(
                    g_path,
                    3,
                    sc.cells_per_grassroots,
                    g_code,
                    g_name,
                    UnitKind.DANG_UY_XA if ward else UnitKind.DANG_UY_CO_SO,
                    d_place,
                    "ĐU",
                )
                for c in range(1, sc.cells_per_grassroots + 1):
                    node(
                        Unit._get_path(g_path, 4, c),
                        4,
                        0,
                        f"{g_code}-C{c}",
                        f"Chi bộ {'khu vực' if ward else 'phòng'} {c} ({g_name})",
                        UnitKind.CHI_BO,
                        d_place,
                        "CB",
                    )
        Unit.objects.bulk_create(units, batch_size=BATCH)
        by_code = {u.code: u for u in Unit.objects.filter(path__startswith=top_path)}
        self.top = by_code[TOP_CODE]
        self.units = list(by_code.values())
        self.districts = sorted((u for u in self.units if u.depth == 2), key=lambda u: u.path)
        self.cells = sorted((u for u in self.units if u.depth == 4), key=lambda u: u.path)
        self.parent_of = {
            u.pk: by_code[u.code.rsplit("-", 1)[0]] for u in self.units if u.depth > 1
        }
        self.count("units", len(self.units))

        created_on = (self.now - datetime.timedelta(days=365 * 3)).date()
        bulk_append(
            UnitChange,
            [
                UnitChange(
                    unit=u, kind=UnitChangeKind.CREATED, effective_on=created_on, new_value=u.name
                )
                for u in self.units
            ],
            batch_size=BATCH,
        )
        bodies = [
            Body(
                unit=self.top,
                kind=BodyKind.STANDING_COMMITTEE,
                name=f"Ban Thường vụ {self.top.name}",
                member_count=15,
            ),
            Body(
                unit=self.top,
                kind=BodyKind.ORGANISATION_COMMITTEE,
                name=f"Ban Tổ chức {self.top.name}",
                member_count=9,
            ),
        ]
        for unit in self.units:
            if unit.depth == 2:
                bodies += [
                    Body(
                        unit=unit,
                        kind=BodyKind.STANDING_COMMITTEE,
                        name=f"Ban Thường vụ {unit.name}",
                        member_count=13,
                    ),
                    Body(
                        unit=unit,
                        kind=BodyKind.ORGANISATION_COMMITTEE,
                        name=f"Ban Tổ chức {unit.name}",
                        member_count=7,
                    ),
                ]
            elif unit.depth == 3:
                bodies.append(
                    Body(
                        unit=unit,
                        kind=BodyKind.STANDING_COMMITTEE,
                        name=f"Ban Thường vụ {unit.name}",
                        member_count=7,
                    )
                )
        Body.objects.bulk_create(bodies, batch_size=BATCH)

    # --- people and ratings --------------------------------------------------------------

    def years(self) -> list[int]:
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        last = int(data["rating_year"])
        return [last - 2, last - 1, last]

    def people(self) -> None:
        rng, years = self.rng, self.years()
        self.rating_year = years[-1]
        unit_ratings = []
        for unit in self.units:
            for year in years:
                rating = rng.choices(*zip(*GOOD_UNIT_RATINGS, strict=True))[0]
                unit_ratings.append(
                    UnitRating(unit=unit, year=year, rating=rating, score=self.score(rating, year))
                )
        UnitRating.objects.bulk_create(unit_ratings, batch_size=BATCH)
        self.count("unit ratings", len(unit_ratings))

        per_cell, extra = divmod(self.scale.people, len(self.cells))
        # (person id, cell id, can be nominated, is the cell's secretary) by district path
        self.nominees: dict[str, list[tuple[int, int, bool]]] = {}
        number = 0
        batch: list[tuple[Person, list[tuple[int, str]], bool]] = []
        people = ratings = reviews = 0
        for index, cell in enumerate(self.cells):
            for i in range(per_cell + (1 if index < extra else 0)):
                number += 1
                gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
                member = i == 0 or rng.random() > 0.08
                position = (
                    "Bí thư chi bộ"
                    if i == 0
                    else "Phó Bí thư chi bộ"
                    if i == 1
                    else "Đảng viên"
                    if member
                    else "Quần chúng"
                )
                person = Person(
                    code=f"DV{number:07d}",
                    full_name=self.name(gender),
                    date_of_birth=datetime.date(
                        rng.randint(1958, 2002), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    gender=gender,
                    unit_id=cell.pk,
                    is_party_member=member,
                    position=position,
                    phone=f"09{rng.randrange(10**8):08d}",
                )
                person_ratings = []
                if member:
                    person_ratings = [
                        (y, rng.choices(*zip(*PERSON_RATING_WEIGHTS, strict=True))[0])
                        for y in years
                    ]
                batch.append((person, person_ratings, i == 0))
            if len(batch) >= BATCH or index == len(self.cells) - 1:
                counted = self.write_people(batch)
                people, ratings, reviews = (
                    people + counted[0],
                    ratings + counted[1],
                    reviews + counted[2],
                )
                batch = []
        self.count("people", people)
        self.count("person ratings", ratings)
        self.count("inspection records", reviews)

    def score(self, rating: str, year: int) -> int | None:
        return self.rng.randint(*SCORE_RANGES[rating]) if year >= 2025 else None

    def write_people(self, batch) -> tuple[int, int, int]:
        rng = self.rng
        Person.objects.bulk_create([p for p, _r, _s in batch], batch_size=BATCH)
        ratings, reviews = [], []
        district_of_cell = {}
        for person, person_ratings, secretary in batch:
            for year, rating in person_ratings:
                ratings.append(
                    PersonRating(
                        person_id=person.pk,
                        year=year,
                        rating=rating,
                        score=self.score(rating, year),
                    )
                )
            under_review = bool(person_ratings) and rng.random() < 0.005
            if under_review:
                reviews.append(
                    ReviewRecord(
                        person_id=person.pk,
                        kind=ReviewKind.INSPECTION,
                        started_on=(
                            self.now - datetime.timedelta(days=rng.randint(30, 200))
                        ).date(),
                        reference=f"{rng.randint(1, 300)}-QĐ/UBKT",
                    )
                )
            latest = person_ratings[-1][1] if person_ratings else None
            eligible = (
                person.is_party_member
                and not under_review
                and Rating.at_least(latest, Rating.HTTNV)
            )
            if eligible:
                cell_id = person.unit_id
                district = district_of_cell.get(cell_id)
                if district is None:
                    district = district_of_cell[cell_id] = self.parent_of[
                        self.parent_of[cell_id].pk
                    ].path
                self.nominees.setdefault(district, []).append((person.pk, cell_id, secretary))
        PersonRating.objects.bulk_create(ratings, batch_size=BATCH)
        ReviewRecord.objects.bulk_create(reviews, batch_size=BATCH)
        return len(batch), len(ratings), len(reviews)

    # --- accounts ------------------------------------------------------------------------

    def users(self) -> None:
        """A secretary for every cell, staff at every grassroots and district committee, a
        standing member at every district, and every role at the top."""
        users: list[User] = []

        def account(username, role, unit, full_name, printed=False):
            users.append(
                User(
                    username=username,
                    password=self.password,
                    role=role,
                    unit=unit,
                    full_name=full_name,
                )
            )
            if printed:
                self.accounts.rows.append((username, Role(role).label, unit.name))

        top = self.top
        account("tp_admin", Role.ADMIN, top, "Quản trị Thành ủy", True)
        account("tp_tochuc", Role.STAFF, top, "Chuyên viên Ban Tổ chức Thành ủy", True)
        account("tp_btv", Role.STANDING_MEMBER, top, "Ủy viên Ban Thường vụ Thành ủy", True)
        first_district = self.districts[0]
        for unit in self.units:
            code = unit.code.lower().replace("-", "_")
            first_branch = unit.path.startswith(first_district.path)
            if unit.depth == 2:
                account(
                    f"tc_{code}",
                    Role.STAFF,
                    unit,
                    f"Ban Tổ chức {unit.name}",
                    unit == first_district,
                )
                account(
                    f"btv_{code}",
                    Role.STANDING_MEMBER,
                    unit,
                    f"Thường vụ {unit.name}",
                    unit == first_district,
                )
            elif unit.depth == 3:
                account(
                    f"tc_{code}",
                    Role.STAFF,
                    unit,
                    f"Văn phòng {unit.name}",
                    first_branch and unit.code.endswith("G01"),
                )
            elif unit.depth == 4:
                account(
                    f"bt_{code}",
                    Role.CELL_SECRETARY,
                    unit,
                    f"Bí thư {unit.name}",
                    unit == self.cells[0],
                )
        User.objects.bulk_create(users, batch_size=BATCH)
        self.users_by_unit = {}
        for user in User.objects.filter(unit__path__startswith=top.path).select_related("unit"):
            self.users_by_unit[(user.unit_id, user.role)] = user
        self.count("accounts", len(users))

    # --- the campaign --------------------------------------------------------------------

    def load_campaign(self) -> Campaign:
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        data = shift_config(data, days_to_shift(data, timezone.localdate(self.now), ahead=30))
        data["status"] = CampaignStatus.OPEN.value
        return import_campaign(data, organiser=self.top, code=CAMPAIGN_CODE)

    # --- nominations ---------------------------------------------------------------------

    def nominations(self) -> None:
        sc, rng = self.scale, self.rng
        campaign = self.campaign
        self.levels = {lvl.position: lvl for lvl in campaign.levels.all()}
        self.categories = {c.code: c for c in campaign.categories.all()}
        self.requirement = DocumentRequirement.objects.filter(campaign=campaign).first()
        self.sessions: dict[tuple[int, int, bool], VoteSession] = {}
        first = round(sc.nominations * sc.first_district_share)
        others = _spread(sc.nominations - first, {d.path: 1 for d in self.districts[1:]})
        shares = {self.districts[0].path: first, **others}
        sims: list[Sim] = []
        for district in self.districts:
            pool = self.nominees.get(district.path, [])
            routes = district_routes(
                min(shares[district.path], len(pool)), first=district == self.districts[0]
            )
            rng.shuffle(routes)
            chosen = rng.sample(pool, len(routes))
            chosen.sort()
            for route, (person_id, cell_id, secretary) in zip(routes, chosen, strict=True):
                sims.append(self.simulate(route, person_id, cell_id, secretary, district))
        self.write_nominations(sims)

    def session(self, level: int, unit: Unit, closed: bool) -> VoteSession:
        key = (level, unit.pk, closed)
        session = self.sessions.get(key)
        if session is None:
            held = self.now - datetime.timedelta(
                days=(11 if level == 2 else 4) if closed else (2 if level == 2 else 1)
            )
            sitting = 15 if level == 3 else 13
            session = VoteSession(
                public_id=self.uuid(),
                campaign=self.campaign,
                level=self.levels[level],
                unit=unit,
                body=Body.objects.unscoped("dataset generator").get(
                    unit=unit, kind=BodyKind.STANDING_COMMITTEE
                ),
                held_at=held,
                sitting_members=sitting,
                present_members=sitting - 2,
                written_votes=1,
                chaired_by="Bí thư",
                state=SessionState.OPEN,
                recorded_by=self.users_by_unit[(unit.pk, Role.STANDING_MEMBER)],
            )
            if closed:
                session.state = SessionState.CLOSED
                session.closed_at = held + datetime.timedelta(hours=3)
            session.save()
            self.sessions[key] = session
        return session

    def simulate(
        self, route: str, person_id: int, cell_id: int, secretary: bool, district: Unit
    ) -> Sim:
        rng = self.rng
        grassroots = self.parent_of[cell_id]
        chain = {1: grassroots, 2: district, 3: self.top}
        category = self.categories[SECRETARIES if secretary and rng.random() < 0.7 else MEMBERS]
        size = len(category.checklist or [])
        sim = Sim(
            nomination=Nomination(
                public_id=self.uuid(),
                campaign=self.campaign,
                category=category,
                person_id=person_id,
                filing_unit_id=cell_id,
                field_of_work="",
                achievement_summary=self.summary(),
                checklist_confirmed=[True] * size,
                filed_by=self.users_by_unit[(cell_id, Role.CELL_SECRETARY)],
            ),
        )
        n = sim.nomination
        # Each step happens in its phase of the campaign, in the same order for everyone.
        phase_days = {
            "draft": 30,
            "submit": 26,
            "withdraw": 23,
            "return": 22,
            "reject": 21,
            "appraise": 22,
            "pass_on": 19,
            "send_up": 9,
        }
        for step in ROUTES[route]:
            level = n.level.position if n.level_id else 1
            if step == "draft":
                sim.event(
                    "", S.DRAFT, self.cell_user(cell_id), _("Draft created"), self.moment(30, 3)
                )
                continue
            if step == "submit":
                sim.set(S.PROPOSED, level=self.levels[1], reviewing=chain[1])
                n.submitted_at = self.moment(26, 3)
                sim.event(S.DRAFT, S.PROPOSED, self.cell_user(cell_id), "", n.submitted_at)
                continue
            if step == "withdraw":
                sim.set(S.WITHDRAWN)
                n.state_reason = "Chi bộ rút hồ sơ để bổ sung thành tích năm sau."
                sim.event(
                    S.PROPOSED,
                    S.WITHDRAWN,
                    self.cell_user(cell_id),
                    n.state_reason,
                    self.moment(23, 1),
                )
                continue
            staff = self.users_by_unit[(chain[level].pk, Role.STAFF)]
            back = {1: 0, 2: 15 - 22, 3: 6 - 22}[level]  # later levels act later
            if step == "return":
                sim.set(S.RETURNED)
                n.state_reason = (
                    "Đề nghị bổ sung minh chứng cụ thể cho thành tích nêu trong báo cáo."
                )
                sim.event(
                    S.PROPOSED,
                    S.RETURNED,
                    staff,
                    n.state_reason,
                    self.moment(phase_days["return"] + back, 1),
                )
            elif step == "reject":
                from_state = n.state
                sim.set(S.REJECTED)
                n.state_reason = "Chưa nổi trội so với các trường hợp khác của đơn vị."
                sim.decide(
                    chain[level],
                    self.levels[level],
                    Outcome.REJECT,
                    None,
                    self.moment(phase_days["reject"] + back, 1),
                )
                sim.event(from_state, S.REJECTED, staff, n.state_reason, sim.decisions[-1][3])
            elif step == "appraise":
                sim.set(S.APPRAISED)
                n.checklist_verified = [True] * size
                sim.event(
                    S.PROPOSED,
                    S.APPRAISED,
                    staff,
                    "",
                    self.moment(phase_days["appraise"] + back, 2),
                )
            elif step == "pass_on":
                at = self.moment(phase_days["pass_on"], 1)
                sim.set(S.FORWARDED)
                sim.decide(chain[1], self.levels[1], Outcome.FORWARD, None, at)
                sim.event(S.APPRAISED, S.FORWARDED, staff, "", at)
                sim.set(S.PROPOSED, level=self.levels[2], reviewing=chain[2])
                sim.event(
                    S.FORWARDED,
                    S.PROPOSED,
                    staff,
                    _("Forwarded by %(unit)s") % {"unit": chain[1].name},
                    at,
                )
            elif step.startswith("vote_"):
                closed = not step.endswith("_open")
                outcome = Outcome.FORWARD if "forward" in step else Outcome.HONOR
                session = self.session(level, chain[level], closed)
                votes_for = session.sitting_members - 2 - rng.randint(0, 2)
                against = rng.randint(0, 1)
                abstain = session.taking_part - votes_for - against
                sim.tallies.append(
                    Tally(
                        session=session,
                        proposed_outcome=outcome,
                        votes_for=votes_for,
                        votes_against=against,
                        votes_abstain=abstain,
                    )
                )
                sim.set(S.VOTED)
                n.vote_outcome = outcome
                sim.event(
                    S.APPRAISED,
                    S.VOTED,
                    session.recorded_by,
                    _("Votes: %(f)s for, %(a)s against, %(b)s abstain")
                    % {"f": votes_for, "a": against, "b": abstain},
                    session.held_at + datetime.timedelta(minutes=rng.randint(5, 150)),
                )
                sim.session = session
            elif step == "close":
                session = sim.session
                outcome = n.vote_outcome
                if outcome == Outcome.HONOR:
                    sim.set(S.HONORED)
                    n.honored_level = self.levels[level]
                else:
                    sim.set(S.FORWARDED)
                sim.decide(chain[level], self.levels[level], outcome, session, session.closed_at)
                sim.event(S.VOTED, n.state, session.recorded_by, "", session.closed_at)
            elif step == "send_up":
                at = self.moment(phase_days["send_up"], 1)
                sim.set(S.PROPOSED, level=self.levels[level + 1], reviewing=chain[level + 1])
                n.vote_outcome = ""
                sim.event(
                    S.FORWARDED,
                    S.PROPOSED,
                    staff,
                    _("Forwarded by %(unit)s") % {"unit": chain[level].name},
                    at,
                )
        return sim

    def cell_user(self, cell_id: int) -> User:
        return self.users_by_unit[(cell_id, Role.CELL_SECRETARY)]

    def moment(self, days_ago: int, spread_days: int) -> datetime.datetime:
        seconds = self.rng.randrange(spread_days * 86400)
        return self.now - datetime.timedelta(days=days_ago) + datetime.timedelta(seconds=seconds)

    def summary(self) -> str:
        """Most summaries are a few sentences; one in forty fills the two pages of a report."""
        rng = self.rng
        sentences = rng.sample(ACHIEVEMENTS, k=min(len(ACHIEVEMENTS), rng.randint(2, 5)))
        if rng.random() < 0.025:
            sentences = [s for _ in range(3) for s in rng.sample(ACHIEVEMENTS, len(ACHIEVEMENTS))][
                :25
            ]
        return "\n".join(sentences)

    def write_nominations(self, sims: list[Sim]) -> None:
        nominations = [s.nomination for s in sims]
        Nomination.objects.bulk_create(nominations, batch_size=BATCH)
        events, decisions, tallies, evidence = [], [], [], []
        media = Path(settings.MEDIA_ROOT)
        pdf = sample_pdf("Bao cao tom tat thanh tich")
        for sim in sims:
            n = sim.nomination
            for from_state, to_state, level, unit, actor, reason, at in sim.events:
                events.append(
                    NominationEvent(
                        nomination=n,
                        from_state=from_state,
                        to_state=to_state,
                        level=level,
                        unit=unit,
                        actor=actor,
                        actor_role=actor.role,
                        actor_unit_id=actor.unit_id,
                        at=at,
                        reason=reason,
                    )
                )
            for unit, level, outcome, at, session in sim.decisions:
                decisions.append(
                    LevelDecision(
                        nomination=n,
                        level=level,
                        unit=unit,
                        outcome=outcome,
                        vote_session=session,
                        decided_at=at,
                    )
                )
            for tally in sim.tallies:
                tally.nomination = n
                tallies.append(tally)
            if n.state != S.DRAFT and self.requirement is not None:
                name = f"evidence/{n.public_id}/{self.uuid().hex}.pdf"
                target = media / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf)
                evidence.append(
                    Evidence(
                        public_id=self.uuid(),
                        nomination=n,
                        requirement=self.requirement,
                        file=name,
                        original_name="bao-cao-tom-tat-thanh-tich.pdf",
                        content_type="application/pdf",
                        size=len(pdf),
                        sha256="0" * 64,
                        uploaded_by=n.filed_by,
                        uploaded_at=n.submitted_at,
                    )
                )
        bulk_append(NominationEvent, events, batch_size=BATCH)
        LevelDecision.objects.bulk_create(decisions, batch_size=BATCH)
        Tally.objects.bulk_create(tallies, batch_size=BATCH)
        Evidence.objects.bulk_create(evidence, batch_size=BATCH)
        self.count("nominations", len(nominations))
        self.count("history events", len(events))
        self.count("level decisions", len(decisions))
        self.count("vote sessions", len(self.sessions))
        self.count("tallies", len(tallies))
        self.count("evidence files", len(evidence))

    def count(self, what: str, n: int) -> None:
        self.counts[what] = n
        self.say(f"  {what}: {n:,}")


@dataclass
class Sim:
    """A nomination on its way, with the rows each step wrote."""

    nomination: Nomination
    events: list[tuple] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    session: VoteSession | None = None
    state: str = S.DRAFT

    def set(self, state: str, *, level=None, reviewing=None) -> None:
        # The state field is protected: a new instance would be the only way to assign it,
        # so the generator writes it through __dict__, as loading a row from the database does.
        self.nomination.__dict__["state"] = state
        if level is not None:
            self.nomination.level = level
            self.nomination.reviewing_unit = reviewing

    def event(self, from_state, to_state, actor, reason, at) -> None:
        n = self.nomination
        unit = n.reviewing_unit or n.filing_unit
        self.events.append(
            (from_state, to_state, n.level if n.level_id else None, unit, actor, reason, at)
        )

    def decide(self, unit, level, outcome, session, at) -> None:
        self.decisions.append((unit, level, outcome, at, session))


ACHIEVEMENTS = [
    "Vận động 45 hộ hiến đất mở rộng hẻm, xây dựng mô hình “Tuyến hẻm sáng - xanh - sạch”.",
    "Chủ nhiệm mô hình “Dân vận khéo” chăm lo 20 hộ cận nghèo; 100% hộ trong khu vực đạt "
    "gia đình văn hóa.",
    "Đề xuất sáng kiến số hóa sổ theo dõi đảng viên, được Đảng ủy phường nhân rộng.",
    "Trực tiếp phụ trách tổ an ninh tự quản, khu vực không có tội phạm ma túy trong ba năm.",
    "Vận động quyên góp 120 triệu đồng xây nhà tình nghĩa cho gia đình chính sách.",
    "Hướng dẫn 30 hộ chuyển đổi cây trồng, thu nhập bình quân tăng 25% so với năm trước.",
    "Tham gia giảng dạy lớp bồi dưỡng nhận thức về Đảng cho 60 quần chúng ưu tú.",
    "Gương mẫu thực hành tiết kiệm, vận động đoàn viên thanh niên tham gia hiến máu tình nguyện.",
    "Phát hiện và kiến nghị xử lý kịp thời hai vụ lấn chiếm đất công tại địa phương.",
    "Xây dựng mô hình “Chi bộ bốn tốt”, chi bộ ba năm liền hoàn thành tốt nhiệm vụ.",
]
