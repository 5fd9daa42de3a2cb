"""The public vote under gunicorn (2 workers), in one run: ``/healthz/``'s throughput, the
anonymous vote page's throughput and its ratio to ``/healthz/``, and ballots cast per second.

``bench/run.py --only public-vote`` calls :func:`measure`. With ``--before-root DIR`` (a copy of
main's code, e.g. ``git archive main | tar -x -C DIR``) the same measurements run first against
gunicorn started from DIR, then from this tree, and the section shows both side by side.

The city dataset has no public vote: the first run makes one through the services (as
``demo/public_vote.py`` does) on a campaign of its own at the city committee, open for 30 days,
30 shortlisted nominees written straight into the appraised state. Each ballot measured is cast
by a voter prepared beforehand (a verified e-mail challenge and a session holding it, with a CSRF
cookie), so that the figure is the cast itself, not the e-mail round. Afterwards every invariant
is checked: one ballot per verified address, every choice on the shortlist, at most the maximum.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from bench.dataset import TOP_CODE
from bench.http_load import Answered, Request, hammer, percentile, wait_for_healthz
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Category,
    NomineeKind,
    Placement,
    ReviewLevel,
)
from committees.models import BodyKind, Person, Unit, UnitKind, User
from nominations.models import Nomination
from nominations.models import NominationState as S
from public_votes import services
from public_votes.models import Ballot, BallotChoice, EmailChallenge, PublicVote, PublicVoteState

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = "bench-binh-chon"
SHORTLIST = 30
STAFF = "tp_tochuc"


# --- the vote ----------------------------------------------------------------------------------


def the_vote() -> PublicVote:
    """The bench's open vote, made once through the services."""
    vote = PublicVote.objects.unscoped("benchmark").filter(campaign__code=CAMPAIGN).first()
    if vote is not None:
        if vote.state != PublicVoteState.OPEN or vote.closes_at <= timezone.now():
            raise SystemExit(f"The bench's vote ({CAMPAIGN}) is no longer open.")
        return vote
    top = Unit.objects.get(code=TOP_CODE)
    staff = User.objects.get(username=STAFF)
    today = timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            code=CAMPAIGN,
            title="Tuyên dương điển hình học tập, lao động sáng tạo (đo hiệu năng)",
            organiser=top,
            period_start=today - datetime.timedelta(days=30),
            period_end=today + datetime.timedelta(days=60),
            rating_year=today.year - 1,
            status=CampaignStatus.OPEN,
            filing_kinds=[UnitKind.CHI_BO, UnitKind.CHI_BO_CO_SO],
        )
        level = ReviewLevel.objects.create(
            campaign=campaign,
            position=1,
            name="Thành ủy",
            placement=Placement.ORGANISER,
            appraising_body=BodyKind.PROPAGANDA_COMMITTEE,
            voting_body=BodyKind.STANDING_COMMITTEE,
            can_honor=True,
            can_forward=False,
        )
        category = Category.objects.create(
            campaign=campaign,
            code="dien-hinh",
            name="Điển hình tiêu biểu",
            nominee_kind=NomineeKind.INDIVIDUAL,
            party_members_only=False,
            min_person_rating="",
            min_unit_rating="",
            exclude_under_review=False,
        )
        people = Person.objects.within(top).select_related("unit").order_by("code")[:SHORTLIST]
        nominations = [
            Nomination.objects.create(
                campaign=campaign,
                category=category,
                person=person,
                filing_unit=person.unit,
                level=level,
                reviewing_unit=top,
                state=S.APPRAISED,
                field_of_work="Xây dựng Đảng, đoàn thể",
                filed_by=staff,
                achievement_summary=(
                    f"Sáng kiến số {i + 1}: số hóa sổ theo dõi đảng viên, được nhân rộng "
                    "trong toàn Đảng bộ; ba năm liền hoàn thành xuất sắc nhiệm vụ."
                ),
            )
            for i, person in enumerate(people)
        ]
        now = timezone.now()
        vote = services.save_vote(
            staff,
            campaign,
            services.VoteSettings(
                title="Bình chọn 16 gương điển hình tiêu biểu (đo hiệu năng)",
                opens_at=now - datetime.timedelta(minutes=1),
                closes_at=now + datetime.timedelta(days=30),
            ),
        )
        services.set_shortlist(staff, vote, nominations)
        return services.publish(staff, vote, now=now)


@dataclass
class Voter:
    session: str
    csrf: str
    choices: list[str]


def prepare_voters(vote: PublicVote, count: int) -> list[Voter]:
    """``count`` voters who proved their address: a used challenge each, a session that holds
    it (as ``VerifyCodeView`` leaves it) and a CSRF secret for the cookie and the form."""
    now = timezone.now()
    run = secrets.token_hex(4)
    entries = [str(e) for e in vote.entries.values_list("public_id", flat=True)]
    rng = random.Random(run)  # noqa: S311 - which nominees a test voter picks
    challenges = EmailChallenge.objects.bulk_create(
        EmailChallenge(
            vote=vote,
            voter_hash=services.voter_hash(f"cu-tri-{run}-{i}@example.vn"),
            code_hash="-",
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=10),
            used_at=now,
        )
        for i in range(count)
    )
    voters, sessions = [], []
    expires = now + datetime.timedelta(hours=2)
    store = SessionStore()
    for challenge in challenges:
        key = secrets.token_hex(16)
        held = {"challenge": str(challenge.public_id), "verified": True}
        data = store.encode({f"public_vote:{vote.public_id}": held})
        sessions.append(Session(session_key=key, session_data=data, expire_date=expires))
        picked = rng.sample(entries, rng.randint(1, vote.max_choices))
        voters.append(Voter(session=key, csrf=secrets.token_hex(16), choices=picked))
    Session.objects.bulk_create(sessions)
    return voters


# --- load --------------------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    done: int
    errors: int
    median_ms: float
    p95_ms: float


def summarise(answered: Answered) -> Load:
    latencies = answered.latencies
    return Load(
        rps=answered.rate,
        done=len(latencies),
        errors=answered.errors,
        median_ms=statistics.median(latencies) if latencies else 0.0,
        p95_ms=percentile(latencies, 95) if latencies else 0.0,
    )


def get_load(port: int, path: str, *, seconds: float, threads: int) -> Load:
    """GETs by visitors without any cookie."""
    request = Request("GET", path, {"Accept-Language": "vi"})
    return summarise(hammer(port, lambda: request, seconds=seconds, threads=threads))


def ballot_load(port: int, path: str, voters: list[Voter], *, seconds: float, threads: int) -> Load:
    """Each voter POSTs its ballot once; a redirect (302) is a ballot recorded."""
    queue = list(voters)

    def next_ballot() -> Request | None:
        if not queue:
            return None
        voter = queue.pop()
        body = urllib.parse.urlencode(
            [("csrfmiddlewaretoken", voter.csrf)] + [("entries", c) for c in voter.choices]
        )
        headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={voter.session}; "
            f"{settings.CSRF_COOKIE_NAME}={voter.csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "vi",
        }
        return Request("POST", path, headers, body)

    return summarise(hammer(port, next_ballot, seconds=seconds, threads=threads, expect=302))


@dataclass
class Side:
    label: str
    healthz: Load
    page: Load
    ballots: Load

    @property
    def ratio(self) -> float:
        return self.page.rps / self.healthz.rps if self.healthz.rps else 0.0


def measure_side(
    label: str, app_root: Path, port: int, vote: PublicVote, seconds: float, ballots: int
) -> Side:
    print(f"Public vote, {label}: gunicorn (2 workers) from {app_root}…", flush=True)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=app_root,
        env={**os.environ, "PYTHONPATH": str(app_root)},
    )
    page = reverse("public_votes:public-vote", kwargs={"public_id": vote.public_id})
    cast = reverse("public_votes:public-vote-ballot", kwargs={"public_id": vote.public_id})
    try:
        wait_for_healthz(port)
        get_load(port, "/healthz/", seconds=2, threads=4)  # warm the workers
        healthz = get_load(port, "/healthz/", seconds=seconds, threads=4)
        get_load(port, page, seconds=2, threads=4)
        page_load = get_load(port, page, seconds=seconds, threads=4)
        voters = prepare_voters(vote, ballots)
        ballot_load(port, cast, voters[:20], seconds=5, threads=4)  # warm
        cast_load = ballot_load(port, cast, voters[20:], seconds=seconds, threads=4)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    side = Side(label, healthz, page_load, cast_load)
    print(
        f"  /healthz/ {healthz.rps:.0f} req/s; vote page {page_load.rps:.0f} req/s "
        f"({side.ratio:.0%}); ballots {cast_load.rps:.1f}/s ({cast_load.errors} refused)",
        flush=True,
    )
    return side


def check_invariants(vote: PublicVote) -> list[str]:
    """What must hold after the load, whatever the server was."""
    problems = []
    ballots = Ballot.objects.filter(vote=vote)
    doubled = ballots.values("voter_hash").annotate(n=Count("id")).filter(n__gt=1).count()
    if doubled:
        problems.append(f"{doubled} addresses with more than one ballot")
    too_many = ballots.annotate(n=Count("choices")).filter(n__gt=vote.max_choices).count()
    empty = ballots.annotate(n=Count("choices")).filter(n=0).count()
    if too_many or empty:
        problems.append(f"{too_many} ballots over {vote.max_choices} choices, {empty} empty")
    foreign = BallotChoice.objects.filter(ballot__vote=vote).exclude(entry__vote=vote).count()
    if foreign:
        problems.append(f"{foreign} choices outside the shortlist")
    unverified = ballots.exclude(
        voter_hash__in=EmailChallenge.objects.filter(vote=vote, used_at__isnull=False).values(
            "voter_hash"
        )
    ).count()
    if unverified:
        problems.append(f"{unverified} ballots without a verified address")
    return problems


def fmt(load: Load) -> str:
    return (
        f"{load.rps:.1f}/s (median {load.median_ms:.0f} ms, p95 {load.p95_ms:.0f} ms, "
        f"{load.errors} errors)"
    )


def measure(
    output: Path, *, seconds: float, before_root: Path | None, port: int, ballots: int
) -> str:
    vote = the_vote()
    started_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    uptime = subprocess.run(
        ["/usr/bin/uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    sides = []
    if before_root is not None:
        sides.append(measure_side("before (main)", before_root, port, vote, seconds, ballots))
    sides.append(measure_side("after (this tree)", ROOT, port + 1, vote, seconds, ballots))
    problems = check_invariants(vote)
    ended_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = "| Measure | " + " | ".join(side.label for side in sides) + " | Target |"
    rows = [
        head,
        "|---|" + "---|" * len(sides) + "---|",
        "| `/healthz/` | " + " | ".join(fmt(s.healthz) for s in sides) + " | reference |",
        "| Anonymous vote page | " + " | ".join(fmt(s.page) for s in sides) + " | |",
        "| Vote page / `/healthz/` | " + " | ".join(f"{s.ratio:.0%}" for s in sides) + " | ≥ 50% |",
        "| Ballots cast (POST of verified voters; recorded / s) | "
        + " | ".join(fmt(s.ballots) for s in sides)
        + " | ≥ 50/s, 0 errors |",
    ]
    after = sides[-1]
    met = after.ratio >= 0.5 and after.ballots.rps >= 50 and not after.ballots.errors
    text = "\n".join(
        [
            "",
            f"## Public vote ({stamp})",
            "",
            f"- `uptime` at the start: {uptime}",
            f"- Load average at the start {started_load}, at the end {ended_load} (2 cores, "
            "shared: the load generator runs on the same machine)",
            f"- gunicorn 2 sync workers; 4 client threads; {seconds:.0f} s per measure; "
            f"{vote.entries.count()} nominees shortlisted; PostgreSQL + Redis",
            "",
            *rows,
            "",
            f"Targets met by the tree measured last: {'yes' if met else '**no**'}. "
            + (
                "Invariants after the run: one ballot per verified address, every choice on "
                "the shortlist, at most the maximum: hold."
                if not problems
                else "Invariants **broken**: " + "; ".join(problems)
            ),
            "",
        ]
    )
    with output.open("a", encoding="utf-8") as file:
        file.write(text)
    print(text)
    return text
