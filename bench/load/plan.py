"""The Django side of the load test: what the simulated people do (the plan Locust reads), the
public vote they vote in, and the checks afterwards that no rule was broken under load.

Imported by ``bench/load/run.py`` after ``django.setup()``, and by the tests (SQLite).
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from bench.dataset import CAMPAIGN_CODE, PASSWORD, TOP_CODE
from campaigns.models import Campaign
from committees.models import Person, Role, Unit, User
from committees.scoping import unscoped_block
from nominations import selectors
from nominations.completeness import requirements_of
from nominations.eligibility import FactSheet, criteria_for
from nominations.evidence_forms import document_field_name
from nominations.models import Nomination, SessionState, Tally, VoteSession
from nominations.models import NominationState as S
from nominations.quotas import limits, quota_errors, quotas_for, usage
from nominations.samples import sample_pdf
from public_votes import services as vote_services
from public_votes.models import Ballot, BallotChoice, PublicVote, PublicVoteState

#: every URL name the mixes request (the test reverses each one)
URL_NAMES = [
    "login",
    "dashboard",
    "nominations:unit-nominations",
    "nominations:create",
    "nominations:queue",
    "nominations:handled",
    "nominations:subtree",
    "nominations:progress",
    "nominations:final-list",
    "nominations:session-list",
    "nominations:session-detail",
    "nominations:session-tally",
    "public_votes:public-vote",
    "public_votes:public-vote-code",
    "public_votes:public-vote-verify",
    "public_votes:public-vote-ballot",
]


def _eligible(campaign: Campaign, category, people: list[Person]) -> list[Person]:
    from campaigns.rules_engine import check_eligibility

    sheet = FactSheet.load(campaign.rating_year, timezone.localdate(), people=people, units=[])
    criteria = criteria_for(category, campaign)
    return [
        p
        for p in people
        if all(r.passed for r in check_eligibility(criteria, sheet.facts(p, None)))
    ]


def cells(campaign: Campaign, count: int, rng: random.Random) -> list[dict]:
    """Cells that have filed nothing yet, each with an eligible party member to file for."""
    category = campaign.categories.order_by("order", "id").first()
    checklist = len(selectors.campaign_checklist(category))
    documents = [document_field_name(r) for r in requirements_of(campaign.pk, category.pk)]
    filed = Nomination.objects.unscoped("load plan").filter(campaign=campaign)
    free = list(
        Unit.objects.filter(depth=4, path__startswith=campaign.organiser.path)
        .exclude(pk__in=filed.values("filing_unit_id"))
        .values_list("pk", flat=True)
    )
    rng.shuffle(free)
    secretaries = {
        u.unit_id: u
        for u in User.objects.filter(role=Role.CELL_SECRETARY, unit_id__in=free[: count * 2])
    }
    plan = []
    for unit_id in free[: count * 2]:
        user = secretaries.get(unit_id)
        if user is None:
            continue
        people = list(
            Person.objects.unscoped("load plan: the cells that file")
            .filter(unit_id=unit_id, is_party_member=True)
            .order_by("id")[:8]
        )
        eligible = _eligible(campaign, category, people) if people else []
        if not eligible:
            continue
        plan.append(
            {
                "username": user.username,
                "unit": unit_id,
                "category": category.pk,
                "person": eligible[0].pk,
                "field_of_work": "Xây dựng Đảng",
                "summary": "Hoàn thành xuất sắc nhiệm vụ; gương mẫu trong sinh hoạt chi bộ.",
                "checklist": checklist,
                "documents": documents,
            }
        )
        if len(plan) >= count:
            break
    return plan


def _pages(code: str, *names: str) -> list[list[str]]:
    return [[name, reverse(name, args=[code])] for name in names]


def staff_accounts(campaign: Campaign, rng: random.Random, per_role: int = 20) -> dict:
    code = campaign.code
    top = campaign.organiser
    wards = list(
        User.objects.filter(role=Role.STAFF, unit__depth=3, unit__path__startswith=top.path)
        .order_by("username")
        .values_list("username", flat=True)
    )
    districts = list(
        User.objects.filter(role=Role.STAFF, unit__depth=2, unit__path__startswith=top.path)
        .order_by("username")
        .values_list("username", flat=True)
    )
    ward_pages = [
        *_pages(code, "nominations:queue", "nominations:handled", "nominations:subtree"),
        ["dashboard", reverse("dashboard")],
    ]
    district_pages = _pages(
        code,
        "nominations:queue",
        "nominations:handled",
        "nominations:progress",
        "nominations:subtree",
    )
    # The progress page is for the staff; the standing committee reads the final list.
    city = [
        {
            "username": u.username,
            "pages": _pages(code, "nominations:final-list", "nominations:progress")
            if u.role == Role.STAFF
            else [*_pages(code, "nominations:final-list"), ["dashboard", reverse("dashboard")]],
        }
        for u in User.objects.filter(
            unit=top, role__in=[Role.STAFF, Role.STANDING_MEMBER]
        ).order_by("username")
    ]
    return {
        "ward": [
            {"username": u, "pages": ward_pages}
            for u in rng.sample(wards, min(per_role, len(wards)))
        ],
        "district": [
            {"username": u, "pages": district_pages}
            for u in rng.sample(districts, min(per_role, len(districts)))
        ],
        "city": city,
        "standing": standing_accounts(campaign),
    }


def standing_accounts(campaign: Campaign, most: int = 10) -> list[dict]:
    """Standing members of the units with an open vote session, each with its session's rows
    and the figures to record (a tally already there is recorded again as it is)."""
    accounts = []
    sessions = (
        VoteSession.objects.filter(campaign=campaign, state=SessionState.OPEN)
        .select_related("level", "unit")
        .order_by("unit__path", "id")
    )
    for session in sessions:
        member = User.objects.filter(role=Role.STANDING_MEMBER, unit=session.unit).first()
        if member is None:
            continue
        tallies = list(Tally.objects.filter(session=session).select_related("nomination")[:20])
        rows = [
            {
                "tally": reverse(
                    "nominations:session-tally",
                    args=[session.public_id, t.nomination.public_id],
                ),
                "values": {
                    "proposed_outcome": t.proposed_outcome,
                    "votes_for": t.votes_for,
                    "votes_against": t.votes_against,
                    "votes_abstain": t.votes_abstain,
                },
            }
            for t in tallies
        ]
        if not rows:
            continue
        accounts.append(
            {
                "username": member.username,
                "pages": [
                    [
                        "nominations:session-list",
                        reverse("nominations:session-list", args=[campaign.code]),
                    ]
                ],
                "sessions": [
                    {
                        "detail": reverse("nominations:session-detail", args=[session.public_id]),
                        "rows": rows,
                    }
                ],
            }
        )
        if len(accounts) >= most:
            break
    return accounts


# --- the public vote ---------------------------------------------------------------------------


def open_vote(campaign: Campaign) -> PublicVote | None:
    """The campaign's public vote, open for ballots: created and published through the services
    (as the committee would) when there is none, from the nominations appraised at the top."""
    vote = PublicVote.objects.unscoped("load test").filter(campaign=campaign).first()
    now = timezone.now()
    if vote is not None:
        return vote if vote.state == PublicVoteState.OPEN else None
    staff = User.objects.filter(unit=campaign.organiser, role=Role.STAFF).order_by("pk").first()
    draft = vote_services.save_vote(
        staff,
        campaign,
        vote_services.VoteSettings(
            title="Bình chọn (kiểm thử tải)",
            min_shortlist=1,
            max_shortlist=1,
            max_choices=1,
            honor_count=1,
        ),
    )
    chosen = list(vote_services.candidates(draft).order_by("id")[:30])
    if not chosen:
        draft.delete()
        return None
    size = len(chosen)
    draft = vote_services.save_vote(
        staff,
        campaign,
        vote_services.VoteSettings(
            title="Bình chọn gương điển hình (kiểm thử tải)",
            min_shortlist=size,
            max_shortlist=size,
            max_choices=max(1, min(5, size // 2)),
            honor_count=max(1, size // 2),
            opens_at=now - datetime.timedelta(minutes=5),
            closes_at=now + datetime.timedelta(days=7),
        ),
        draft,
    )
    vote_services.set_shortlist(staff, draft, chosen)
    return vote_services.publish(staff, draft, now=now)


def vote_plan(vote: PublicVote) -> dict:
    ids = [str(i) for i in vote.entries.order_by("order").values_list("public_id", flat=True)]
    return {
        "page": reverse("public_votes:public-vote", args=[vote.public_id]),
        "code": reverse("public_votes:public-vote-code", args=[vote.public_id]),
        "verify": reverse("public_votes:public-vote-verify", args=[vote.public_id]),
        "ballot": reverse("public_votes:public-vote-ballot", args=[vote.public_id]),
        "entries": ids,
        "max_choices": vote.max_choices,
    }


def make_plan(*, mix: str, cells_count: int, mail_dir: str, run: str, seed: int = 19) -> dict:
    """What Locust needs, as JSON: URLs (reversed here), accounts, the cells' filings."""
    # The benchmark reads across the whole tree on purpose, as the dataset's generator does.
    with unscoped_block("load test: the plan spans the city"):
        return _make_plan(mix=mix, cells_count=cells_count, mail_dir=mail_dir, run=run, seed=seed)


def _make_plan(*, mix: str, cells_count: int, mail_dir: str, run: str, seed: int) -> dict:
    rng = random.Random(seed)
    campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
    plan = {
        "run": run,
        "password": PASSWORD,
        "pdf": sample_pdf("Minh chứng").hex(),
        "urls": {
            "login": reverse("login"),
            "dashboard": reverse("dashboard"),
            "unit_nominations": reverse("nominations:unit-nominations", args=[campaign.code]),
            "create": reverse("nominations:create", args=[campaign.code]),
        },
        "mail_dir": mail_dir,
        "code_digits": vote_services.CODE_DIGITS,
    }
    if mix == "deadline":
        plan["cells"] = cells(campaign, cells_count, rng)
        plan["accounts"] = staff_accounts(campaign, rng)
    else:
        vote = open_vote(campaign)
        if vote is None:
            raise SystemExit("No public vote could be opened on the dataset's campaign.")
        plan["vote"] = vote_plan(vote)
    return plan


def drop_used_cells(plan: dict) -> None:
    """Leave out the cells that filed in an earlier stage: a cell's quota allows one."""
    filed = set(
        Nomination.objects.unscoped("load plan")
        .filter(campaign__code=CAMPAIGN_CODE, filing_unit_id__in=[c["unit"] for c in plan["cells"]])
        .values_list("filing_unit_id", flat=True)
    )
    plan["cells"] = [c for c in plan["cells"] if c["unit"] not in filed]


# --- after the run: no rule broken -------------------------------------------------------------


def check_invariants(since: datetime.datetime) -> list[tuple[str, str, bool]]:
    """(what, result, ok) for each rule: the quotas of the units that filed, the forwarding caps,
    one ballot per verified address within the ballot's choices, the history chains."""
    with unscoped_block("load test: the checks span the city"):
        return _check_invariants(since)


def _check_invariants(since: datetime.datetime) -> list[tuple[str, str, bool]]:
    from core.audit.records import chained_models, verify_model

    campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
    results = []
    filed = (
        Nomination.objects.unscoped("load checks")
        .filter(campaign=campaign, created_at__gte=since)
        .values_list("filing_unit_id", flat=True)
        .distinct()
    )
    over = []
    units = Unit.objects.filter(pk__in=list(filed))
    for unit in units:
        for quota in quotas_for(campaign, unit, "filed"):
            used = usage(campaign, unit, "filed", category_id=quota.category_id)
            if quota_errors(limits(quota), used):
                over.append(unit.code)
    results.append(
        ("Quotas of the units that filed", f"{len(units)} units, {len(over)} over", not over)
    )
    sent = Nomination.objects.unscoped("load checks").filter(
        campaign=campaign, created_at__gte=since, state=S.DRAFT
    )
    results.append(("Drafts left unsent by the run", f"{sent.count()}", True))
    capped = 0
    breached = []
    for session in VoteSession.objects.filter(campaign=campaign).select_related("level", "unit"):
        check = selectors.cap_status(session.level, session.unit)
        if check is None:
            continue
        capped += 1
        if not check.ok:
            breached.append(session.unit.code)
    results.append(
        (
            "Forwarding caps (every session's unit and level)",
            f"{capped} checked, {len(set(breached))} over",
            not breached,
        )
    )
    for vote in PublicVote.objects.unscoped("load checks").filter(campaign=campaign):
        twice = (
            Ballot.objects.filter(vote=vote)
            .values("voter_hash")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        unverified = (
            Ballot.objects.filter(vote=vote)
            .exclude(
                voter_hash__in=vote.challenges.filter(used_at__isnull=False).values("voter_hash")
            )
            .count()
        )
        too_many = (
            Ballot.objects.filter(vote=vote)
            .annotate(n=Count("choices"))
            .filter(Q(n__gt=vote.max_choices) | Q(n=0))
            .count()
        )
        foreign = BallotChoice.objects.filter(ballot__vote=vote).exclude(entry__vote=vote).count()
        ballots = Ballot.objects.filter(vote=vote).count()
        results.append(
            (
                "Public vote: one ballot per verified address, 1..max choices",
                f"{ballots} ballots; {twice} addresses twice, {unverified} unverified, "
                f"{too_many} with a wrong number of choices, {foreign} foreign choices",
                not (twice or unverified or too_many or foreign),
            )
        )
    for model in chained_models():
        checked, failure = verify_model(model, "default")
        results.append(
            (
                f"History chain: {model.chain_name}",
                f"{checked} records, " + ("intact" if failure is None else f"broken: {failure}"),
                failure is None,
            )
        )
    return results


__all__ = ["TOP_CODE", "URL_NAMES", "check_invariants", "make_plan"]
