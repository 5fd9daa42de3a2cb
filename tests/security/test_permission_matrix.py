"""Every URL of the project, asked by every role, about an object inside and outside the role's
subtree, and by an anonymous visitor: the answer must be the one declared below.

The URLs come from the resolver, not from this file: a new page without a line in ``DECLARED``
fails ``test_every_url_is_declared``. A declaration is one line:

    Page("app:name", kwargs-builder, get="S T M A", post="S T M A", out="...", anon=302)

* the builder takes a ``Side`` (the objects of one district, see ``world.py``) and returns the
  URL's kwargs, or is ``None`` for a URL without an object (asked once per role, in scope);
* ``get``/``post`` are the statuses for the cell secretary, staff, standing member and admin
  (``Role`` order) on the inside object; one number stands for all four; ``-`` is a POST that is
  allowed and would change something, so it is left to the feature's own tests;
* ``out`` is the answer about district B's object (default 404 for GET and POST: an object
  elsewhere does not exist for the user), ``anon`` the anonymous answer (default 302 to log in).

POST requests carry no CSRF check here (the test client's default) and an empty body: a refused
POST must be refused before anything is read or changed. ``test_csrf.py`` reuses this table.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.models import Conference, Decision, DecisionEntry, ResultsReport
from committees.models import Unit
from core import two_factor
from core.health import record_heartbeat
from nominations.models import Nomination
from notifications.models import Notice
from tests.factories import UserFactory
from tests.security import figures
from tests.security.world import FOUR_GOOD_YEAR, ROLES, SCOPES, Side

ADMIN_NAMESPACE = "admin"
ADMIN_PREFIX = "/quan-tri/"


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable[[Side], dict] | dict | None
    get: str
    post: str = "405"
    out: str = "404"
    out_post: str | None = None
    anon: int = 302
    anon_post: int | None = None

    @property
    def scoped(self) -> bool:
        return callable(self.kwargs)

    def reverse(self, side: Side) -> str:
        kwargs = self.kwargs(side) if self.scoped else self.kwargs
        return reverse(self.name, kwargs=kwargs)

    def statuses(self, method: str, scope: str) -> list[str]:
        if scope == "inside":
            text = self.get if method == "get" else self.post
        elif method == "get":
            text = self.out
        else:
            # A view that only answers GET refuses a POST before looking anything up.
            text = self.out_post or ("405" if self.post == "405" else self.out)
        codes = text.split()
        return codes * len(ROLES) if len(codes) == 1 else codes


def campaign(side: Side) -> dict:
    """Inside: the city's campaign, which every role in district A takes part in; outside: a
    campaign district B runs for itself."""
    return {"code": side.extras["campaign"].code}


def own_campaign(side: Side) -> dict:
    """A campaign run by the district itself (A inside, B outside)."""
    return {"code": side.campaign.code}


def unit_doc(side: Side) -> dict:
    """The city's campaign both times: only the unit is inside or outside."""
    return {"code": side.extras["city_campaign"].code, "unit": side.district.code}


def obj(attr: str, key: str = "public_id", field: str = "public_id") -> Callable[[Side], dict]:
    return lambda side: {key: getattr(getattr(side, attr), field)}


def extra(name: str) -> Callable[[Side], dict]:
    return lambda side: {"public_id": side.extras[name].public_id}


def tally(side: Side) -> dict:
    return {"public_id": side.session.public_id, "nomination_id": side.voted.public_id}


def someone_elses_notice(side: Side) -> dict:
    """A notice of an account that is none of the roles asking, in the side's district."""
    notice = side.extras.get("notice")
    if notice is None:
        owner = UserFactory(unit=side.district, role="staff")
        notice = Notice.objects.create(recipient=owner, kind="deadline", title="Nhắc hạn")
        side.extras["notice"] = notice
    return {"pk": notice.pk}


def movement(side: Side) -> dict:
    """Inside: the city's four-good movement; outside: one district B runs for itself."""
    return {"code": side.movement.campaign.code}


def movement_unit(side: Side) -> dict:
    """The city's movement both times: only the judged cell is inside or outside."""
    return {
        "code": side.extras["city_movement"].campaign.code,
        "unit": side.cell.code,
        "year": FOUR_GOOD_YEAR,
    }


def report_request(side: Side) -> dict:
    """The report the district's own campaign asks of its cells."""
    return {"code": side.campaign.code, "report": side.report.request.code}


def vote_campaign(side: Side) -> dict:
    return {"code": side.public_vote.campaign.code}


def photo(side: Side) -> dict:
    return {"public_id": side.public_vote.public_id, "entry_id": side.entry.public_id}


def decision(side: Side) -> dict:
    """A draft decision of the side's district on the nomination voted there (its document
    needs no annex line to answer)."""
    found = side.extras.get("decision")
    if found is None:
        found = Decision.objects.create(
            campaign=side.voted.campaign,
            level=side.session.level,
            unit=side.district,
            subject="về việc biểu dương đảng viên tiêu biểu",
            created_by=side.session.recorded_by,
        )
        side.extras["decision"] = found
    return {"public_id": found.public_id}


def results_report(side: Side) -> dict:
    """The district's draft report of results in the city's campaign (written directly: only
    where it stands matters)."""
    report = side.extras.get("results_report")
    if report is None:
        campaign = side.voted.campaign
        report = ResultsReport.objects.create(
            campaign=campaign,
            level=campaign.level_played_by(side.district),
            unit=side.district,
            recipient=Unit.objects.get(path=side.district.path[: Unit.steplen]),
            text="Báo cáo kết quả.",
            created_by=side.extras["account"],
        )
        side.extras["results_report"] = report
    return {"public_id": report.public_id}


def conference(side: Side) -> dict:
    """The district's conference in the city's campaign (made on first use)."""
    found = side.extras.get("conference")
    if found is None:
        found = Conference.objects.create(
            campaign=side.extras["city_campaign"],
            unit=side.district,
            title="Hội nghị biểu dương",
            starts_at=timezone.now(),
            place="Hội trường",
            created_by=UserFactory(unit=side.district, role="staff"),
        )
        side.extras["conference"] = found
    return {"public_id": found.public_id}


def account(side: Side) -> dict:
    """The cell secretary of the side's cell: an account the district's admin manages."""
    return {"pk": side.extras["account"].pk}


def certificate_decision(side: Side) -> dict:
    """An issued decision of the side's district honoring its voted nomination, written
    straight to the tables (built once per side, the first time a certificates URL asks)."""
    decision = side.extras.get("certificate_decision")
    if decision is None:
        voted = side.voted
        decision = Decision.objects.create(
            campaign=voted.campaign,
            level=voted.level,
            unit=side.district,
            subject="về việc biểu dương",
            place="Ninh Kiều",
            signer_name="Nguyễn Văn Ký",
            number=15,  # one per unit: the two sides are two districts
            year=2025,
            issued_on=datetime.date(2025, 1, 20),
            issued_at=timezone.now(),
            issued_by=voted.filed_by,
            created_by=voted.filed_by,
        )
        DecisionEntry.objects.create(
            decision=decision,
            nomination=voted,
            order=1,
            form_code="giay-khen",
            nominee_name=voted.nominee_name,
            position="Đảng viên",
            unit_name=side.cell.name,
            achievement="Gương mẫu, nhiều sáng kiến.",
        )
        side.extras["certificate_decision"] = decision
    return {"public_id": decision.public_id}


def certificate_of(side: Side) -> dict:
    return {**certificate_decision(side), "order": 1}


unit, person, draft, voted = (
    obj("cell", "code", "code"),
    obj("person", "code", "code"),
    obj("draft"),
    obj("voted"),
)
evidence, bundle, session = obj("evidence"), obj("bundle"), obj("session")
report, public_vote = obj("report"), obj("public_vote")
entry = obj("entry", "entry_id")

# The cell secretary sits in cell A1, the others in district A: district A's own objects (its
# sessions, bundles, documents) are outside the secretary's subtree, hence their 404s. Drafts and
# their files belong to the filing cell until submitted: 404 above it.
# Roles:                                         secretary staff standing admin
DECLARED = [
    Page("dashboard", None, get="200"),
    Page("search", None, get="200"),
    Page("login", None, get="200", post="200", anon=200),
    Page("logout", None, get="405", post="-", anon=405, anon_post=302),
    Page("two-factor-verify", None, get="302", post="302"),  # without the password step
    Page("two-factor-enrol", None, get="200", post="200"),
    Page("password_change", None, get="200", post="200"),
    Page("password_change_done", None, get="200"),
    # Sign-in help: the reset pages answer anyone the same (the link's page refuses a made-up
    # token with 200 and its reason); the profile and the backup codes are the user's own.
    Page("password_reset", None, get="200", post="200", anon=200),
    Page("password_reset_done", None, get="200", anon=200),
    Page(
        "password_reset_confirm",
        {"uidb64": "MQ", "token": "x-y"},
        get="200",
        post="200",
        anon=200,
    ),
    Page("password_reset_complete", None, get="200", anon=200),
    Page("profile", None, get="200", post="200"),
    Page("two-factor-backup-codes", None, get="200", post="302"),
    Page("set_language", None, get="302", post="302", anon=302),
    Page("admin-login", None, get="302", post="302", anon=302),  # to the app's own login
    Page("committees:unit-tree", None, get="302"),
    Page("committees:unit-detail", unit, get="200"),
    Page("committees:unit-rename", unit, get="403 403 403 200", post="403 403 403 -"),
    Page("committees:unit-merge", unit, get="403 403 403 200", post="403 403 403 -"),
    Page("committees:unit-close", unit, get="403 403 403 200", post="403 403 403 -"),
    Page("committees:person-list", None, get="200"),
    Page("committees:person-detail", person, get="200"),
    Page("committees:import", None, get="403 403 403 200", post="403 403 403 200"),
    Page("access:read-records", None, get="403 403 403 200", post="403 403 403 405"),
    Page(
        "committees:import-template",
        {"slug": "people"},
        get="403 403 403 200",
        post="403 403 403 405",
    ),
    # Accounts: the unit's administrator manages those of the subtree (the account asked about
    # is the cell's secretary, inside every role's scope: 403 for those who do not manage
    # accounts). The sheet has nothing in it yet (404); the set-password page answers anyone,
    # here about an invalid link.
    Page("accounts:list", None, get="403 403 403 200", post="403 403 403 405"),
    Page("accounts:create", None, get="403 403 403 200", post="403 403 403 200"),
    Page("accounts:detail", account, get="403 403 403 200", post="403 403 403 200"),
    Page("accounts:deactivate", account, get="403 403 403 405", post="403 403 403 -"),
    Page("accounts:reactivate", account, get="403 403 403 405", post="403 403 403 302"),
    Page("accounts:reset-password", account, get="403 403 403 405", post="403 403 403 302"),
    Page("accounts:log", None, get="403 403 403 200", post="403 403 403 405"),
    Page("accounts:import", None, get="403 403 403 200", post="403 403 403 200"),
    Page("accounts:import-template", None, get="403 403 403 200", post="403 403 403 405"),
    Page("accounts:sheet", None, get="403 403 403 200", post="403 403 403 302"),
    Page(
        "accounts:sheet-download",
        {"fmt": "pdf"},
        get="403 403 403 404",
        post="403 403 403 405",
    ),
    Page(
        "accounts:set_password",
        {"uidb64": "MQ", "token": "set-password"},
        get="200",
        post="200",
        anon=200,
    ),
    Page("campaigns:list", None, get="200"),
    Page("campaigns:create", None, get="403 403 403 200", post="403 403 403 200"),
    Page("campaigns:import", None, get="403 403 403 200", post="403 403 403 200"),
    Page("campaigns:detail", campaign, get="200"),
    Page("campaigns:edit", own_campaign, get="403 403 403 200", post="403 403 403 200"),
    Page("campaigns:clone", own_campaign, get="403 403 403 200", post="403 403 403 200"),
    Page(
        "campaigns:export",
        own_campaign,
        get="403 403 403 200",
        post="403 403 403 405",
        out_post="404",
    ),
    Page("evidence:upload", draft, get="405 404 404 404", post="- 404 404 404"),
    Page("evidence:download", evidence, get="200 404 404 404"),
    Page("evidence:remove", evidence, get="405", post="- 404 404 404", out="405", out_post="404"),
    Page("bundles:list", campaign, get="403 200 200 200", post="403 - - -"),
    Page("bundles:detail", bundle, get="404 200 200 200", post="404 405 405 405"),
    Page("bundles:progress", bundle, get="404 200 200 200", post="404 405 405 405"),
    Page("bundles:download", bundle, get="404"),  # not built yet: nothing to download
    Page("nominations:unit-nominations", campaign, get="200"),
    Page("nominations:create", campaign, get="200 200 403 403", post="- - 403 403"),
    Page("nominations:edit", draft, get="200 404 404 404", post="- 404 404 404"),
    Page("nominations:submit", draft, get="405 404 404 404", post="- 404 404 404"),
    Page("nominations:withdraw", draft, get="405 404 404 404", post="- 404 404 404"),
    Page("nominations:detail", voted, get="200", out_post="404"),
    Page("nominations:queue", campaign, get="403 200 403 403", post="403 - 403 403"),
    Page("nominations:appraise", voted, get="405", post="-"),
    Page("nominations:reason-form", voted, get="403", out_post="404"),  # voted: no one may
    Page("nominations:return", voted, get="405", post="-"),
    Page("nominations:reject", voted, get="405", post="-"),
    Page("nominations:pass-on", voted, get="405", post="-"),
    Page("nominations:session-list", campaign, get="403 200 200 403", post="403 405 405 403"),
    Page("nominations:session-create", campaign, get="403 200 200 403", post="403 - - 403"),
    Page("nominations:session-detail", session, get="404 200 200 200", post="404 405 405 405"),
    Page("nominations:session-tally", tally, get="404 405 405 405", post="404 - - -"),
    Page("nominations:session-cap", session, get="404 200 200 200", post="404 405 405 405"),
    Page("nominations:session-close", session, get="404 405 405 405", post="404 - - -"),
    Page("nominations:send-up", campaign, get="403 200 403 403", post="403 - 403 403"),
    Page("nominations:final-list", campaign, get="403", post="403"),  # the organiser's
    Page("nominations:progress", campaign, get="403 200 403 403", post="403 405 403 403"),
    Page("nominations:handled", campaign, get="403 200 403 403", post="403 405 403 403"),
    Page("nominations:subtree", campaign, get="403 200 403 403", post="403 405 403 403"),
    Page(
        "nominations:progress-silent",
        lambda side: {**campaign(side), "unit": side.cell.code},
        get="403 200 403 403",
        post="403 405 403 403",
    ),
    Page("nominations:remind-units", campaign, get="403 405 403 403", post="403 - 403 403"),
    # Every user's own inbox; a notice of someone else does not exist for them (404).
    Page("notifications:inbox", None, get="200"),
    Page("notifications:mark-all-read", None, get="405", post="-"),
    Page("notifications:open", someone_elses_notice, get="404", post="405"),
    Page(
        "notifications:mark-read",
        someone_elses_notice,
        get="405",
        post="404",
        out="405",
        out_post="404",
    ),
    # Decisions: read by the unit's staff, standing committee and admins, prepared by its staff;
    # the cell's secretary does not see the district's decisions at all (404).
    Page("awards:decision-list", campaign, get="403 200 200 200", post="403 405 405 405"),
    Page("awards:decision-draft", campaign, get="403 405 403 403", post="403 404 403 403"),
    Page(
        "awards:decision-detail",
        extra("draft_decision"),
        get="404 200 200 200",
        post="404 405 405 405",
    ),
    Page(
        "awards:decision-edit", extra("draft_decision"), get="404 200 403 403", post="404 - 403 403"
    ),
    Page(
        "awards:decision-delete",
        extra("draft_decision"),
        get="404 405 403 403",
        post="404 - 403 403",
    ),
    Page(
        "awards:decision-issue",
        extra("draft_decision"),
        get="404 200 403 403",
        post="404 - 403 403",
    ),
    Page(
        "awards:decision-annul",
        extra("issued_decision"),
        get="404 200 403 403",
        post="404 - 403 403",
    ),
    Page("documents:achievement-report", voted, get="200", post="-"),
    Page("documents:nomination-index", voted, get="200", post="-"),
    Page("documents:proposal", unit_doc, get="404 200 200 403", post="404 - - 403"),
    Page("documents:nominee-list", unit_doc, get="404 200 200 403", post="404 - - 403"),
    Page("documents:level-index", unit_doc, get="404 200 200 403", post="404 - - 403"),
    Page("documents:registration", unit_doc, get="404 200 200 403", post="404 - - 403"),
    Page("documents:minutes", session, get="404 200 200 403", post="404 - - 403"),
    Page("documents:decision-pdf", decision, get="404 200 200 200", post="404 405 405 405"),
    Page("documents:decision-docx", decision, get="404 200 200 200", post="404 405 405 405"),
    # Certificates of an issued decision: its unit's staff print them (the cell's secretary
    # does not see the district's decision: 404; other roles of the district: 403). An empty
    # POST of the printer's shift is refused at its fields (400).
    Page(
        "awards:certificates", certificate_decision, get="404 200 403 403", post="404 400 403 403"
    ),
    Page(
        "documents:certificates",
        certificate_decision,
        get="404 200 403 403",
        post="404 405 403 403",
    ),
    Page("documents:certificate", certificate_of, get="404 200 403 403", post="404 405 403 403"),
    Page(
        "documents:calibration", certificate_decision, get="404 200 403 403", post="404 405 403 403"
    ),
    # The conference of the district (awards): its unit's staff, standing members and admins
    # read it and print its papers, its staff enter it (an empty form: 400).
    Page("awards:conference", unit_doc, get="404 200 200 200", post="404 405 405 405"),
    Page("awards:conference-edit", unit_doc, get="404 200 403 403", post="404 400 403 403"),
    Page("documents:invitations", conference, get="404 200 200 200", post="404 405 405 405"),
    Page(
        "documents:conference-list-pdf", conference, get="404 200 200 200", post="404 405 405 405"
    ),
    Page(
        "documents:conference-list-xlsx", conference, get="404 200 200 200", post="404 405 405 405"
    ),
    Page("healthz", None, get="200", anon=200),
    Page("healthz-ready", None, get="200", anon=200),
    # The four-good movement: every role reads it; its own unit (or the level above) registers
    # (a district is refused by the rule: 200 with the error), staff and admins above a cell
    # judge it, its secretary files the reward (refused here: not a candidate yet).
    Page("movements:four-good-home", None, get="302"),  # the one movement visible
    Page("movements:four-good", movement, get="200", post="- 200 403 200"),
    Page("movements:four-good-results", movement, get="200", out_post="404"),
    Page("movements:four-good-export", movement, get="200", out_post="404"),
    Page("movements:four-good-dashboard", movement, get="200", out_post="404"),
    Page("movements:four-good-candidates", movement, get="200", out_post="404"),
    Page("movements:four-good-import", movement, get="403 200 403 200", post="403 200 403 200"),
    Page("movements:four-good-unit", movement_unit, get="200", post="403 - 403 -"),
    Page(
        "movements:four-good-file",
        movement_unit,
        get="405",
        post="302 403 403 403",
        out="405",
        out_post="404",
    ),
    # Review reports of the district's own campaign, owed by its cells: the cell's secretary
    # writes and reads its own; the district's staff, standing members and admins read them
    # all; only its staff reopen one (an empty reason is refused: 400).
    Page("reports:list", own_campaign, get="200", out_post="404"),
    Page("reports:edit", report_request, get="200 403 403 403", post="400 403 403 403"),
    Page("reports:overview", report_request, get="403 200 200 200", post="403 405 405 405"),
    Page(
        "reports:compare",
        report_request,
        get="403 302 302 302",  # none chosen: back
        post="403 405 405 405",
    ),
    Page("reports:consolidated", report_request, get="403 200 200 200", post="403 405 405 405"),
    Page("reports:detail", report, get="200", out_post="404"),
    Page("reports:reopen", report, get="405", post="403 400 403 403", out="404"),
    Page("reports:file", report, get="200", out_post="404"),
    # The public vote: its public pages answer everybody about any published vote; the
    # committee's pages only the organiser's staff and standing members (the district's vote is
    # outside the secretary's subtree: 404; the unit's administrator is a wrong role: 403).
    Page("public_votes:public-vote", public_vote, get="200", out="200", anon=200),
    Page(
        "public_votes:public-vote-code",
        public_vote,
        get="405",
        post="200",
        out="405",
        out_post="200",
        anon=405,
        anon_post=200,
    ),
    Page(
        "public_votes:public-vote-verify",
        public_vote,
        get="302",
        post="200",
        out="302",
        out_post="200",
        anon=302,
        anon_post=200,
    ),  # no code asked for: back to the vote
    Page(
        "public_votes:public-vote-ballot", public_vote, get="302", post="302", out="302", anon=302
    ),
    Page("public_votes:public-vote-photo", photo, get="200", out="200", anon=200),
    Page(
        "public_votes:public-vote-manage",
        vote_campaign,
        get="404 200 200 403",
        post="404 200 200 403",
    ),
    Page(
        "public_votes:public-vote-shortlist",
        vote_campaign,
        get="404 200 200 403",
        post="404 200 200 403",
    ),  # published: the shortlist is refused with the reason
    Page("public_votes:public-vote-entry", entry, get="404 200 200 403", post="404 200 200 403"),
    Page(
        "public_votes:public-vote-ranking",
        vote_campaign,
        get="404 200 200 403",
        post="404 200 200 403",
    ),  # open: nothing to confirm yet
    Page(
        "public_votes:public-vote-audit",
        vote_campaign,
        get="404 403 403 403",  # still open
        post="404 405 405 403",
    ),
    # The report of results (awards): the district's staff write it, its standing members and
    # admins read it; a cell plays no level of the campaign (403), and reads no district's
    # report (404: above its subtree). The city reads a district's report once it is sent.
    Page("awards:results-own", campaign, get="403 200 200 200", post="403 - 403 403"),
    Page("awards:results-overview", campaign, get="403 200 200 200", post="403 405 405 405"),
    Page("awards:results-overview-xlsx", campaign, get="403 200 200 200", post="403 405 405 405"),
    Page("awards:results-detail", results_report, get="404 200 200 200", post="404 405 405 405"),
    Page("awards:results-reopen", results_report, get="404 403 403 403", post="404 403 403 403"),
    Page("documents:results-report", results_report, get="404 200 200 200", post="404 405 405 405"),
]


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, str]]:
    """``(name, route)`` of every pattern the resolver knows, namespaces included."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            found += [
                (name, str(pattern.pattern) + route) for name, route in url_names(pattern, inner)
            ]
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            found.append((name, str(pattern.pattern)))
    return found


def test_every_url_is_declared():
    declared = {page.name for page in DECLARED}
    missing = [
        f"{name or '(unnamed)'} → /{route}"
        for name, route in url_names()
        if not (name.split(":")[0] == ADMIN_NAMESPACE or name in declared)
    ]
    assert not missing, (
        "These URLs have no line in DECLARED of tests/security/test_permission_matrix.py; "
        "declare who may open them (one Page(...) line each):\n  " + "\n  ".join(missing)
    )
    stale = declared - {name for name, _ in url_names()}
    assert not stale, f"DECLARED names URLs that no longer exist: {sorted(stale)}"


def fingerprint():
    """What a refused request must leave untouched."""
    return sorted(Nomination.objects.values_list("public_id", "state", "achievement_summary"))


def ask(client: Client, method: str, url: str) -> int:
    response = client.get(url) if method == "get" else client.post(url, {})
    return response.status_code


@pytest.mark.django_db
def test_every_role_gets_the_declared_answer_inside_and_outside(world):
    # A worker's sign of life, as beat leaves it: /healthz/ready/ answers 200 with a real broker.
    record_heartbeat()
    clients = {"anonymous": Client()}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(world.users[role])
    before = fingerprint()
    wrong, checks, urls = [], 0, 0
    for page in DECLARED:
        urls += 1
        scopes = SCOPES if page.scoped else ("inside",)
        for scope in scopes:
            url = page.reverse(world.inside if scope == "inside" else world.outside)
            for method in ("get", "post"):
                if scope == "inside":
                    expected = page.anon if method == "get" else (page.anon_post or page.anon)
                    if page.post == "405" and method == "post" and page.anon != 302:
                        expected = 405
                    got = ask(clients["anonymous"], method, url)
                    checks += 1
                    if got != expected:
                        wrong.append(
                            f"{method.upper()} {page.name} anonymous: {got}, declared {expected}"
                        )
                for role, expected in zip(ROLES, page.statuses(method, scope), strict=True):
                    if expected == "-":
                        continue
                    got = ask(clients[role], method, url)
                    checks += 1
                    if str(got) != expected:
                        wrong.append(
                            f"{method.upper()} {page.name} {scope} {role}: {got}, "
                            f"declared {expected}"
                        )
    admin_checks = check_admin_site(world, clients, wrong)
    figures.lines["matrix"] = (
        f"permission matrix: {urls} URLs (+ {admin_checks[0]} admin URLs by rule) × "
        f"{len(ROLES)} roles + anonymous × {len(SCOPES)} scopes × GET/POST = "
        f"{checks + admin_checks[1]} checks"
    )
    assert not wrong, "\n".join(wrong)
    assert fingerprint() == before, "a refused request changed a nomination"


def admin_urls() -> list[tuple[str, str]]:
    """One concrete URL for every admin pattern, its arguments filled with harmless values: an
    object id is the id of an existing row of the URL's model, when there is one."""
    first_ids = {
        f"{model._meta.app_label}_{model._meta.model_name}_": model._default_manager.order_by("pk")
        .values_list("pk", flat=True)
        .first()
        for model in apps.get_models()
    }
    urls = []
    for name, route in url_names():
        if not name.startswith(f"{ADMIN_NAMESPACE}:"):
            continue
        short = name.split(":", 1)[1]
        object_id = next(
            (
                str(pk)
                for prefix, pk in first_ids.items()
                if pk is not None and short.startswith(prefix)
            ),
            "1",
        )
        path = re.sub(r"<(?:\w+:)?(\w+)>", object_id, route)  # object ids and the like
        path = re.sub(r"\(\?P<app_label>[^)]*\)", "committees", path).replace("^", "")
        urls.append((name, "/" + path.replace("$", "")))
    return urls


def check_admin_site(world, clients, wrong) -> tuple[int, int]:
    """The rule for Django's admin (``quan-tri/``): only superusers; every other account and
    the anonymous visitor are sent to the admin's login page, whatever the URL."""
    superuser = get_user_model().objects.create_superuser(
        "sieu_quan_tri", password="Mat-khau-rat-dai-2025", unit=world.seed.tree.city
    )
    root = Client()
    root.force_login(superuser)
    two_factor.enrolling_device(superuser)  # so that the device admin's own pages have a row
    urls, checks = admin_urls(), 0
    public = {"admin:login", "admin:logout", "admin:view_on_site", "admin:jsi18n"}
    for name, url in urls:
        if name in public:
            continue
        for who in ("anonymous", *ROLES):
            response = clients[who].get(url)
            checks += 1
            if response.status_code != 302 or "/login/" not in response["Location"]:
                wrong.append(
                    f"GET {name} ({url}) {who}: {response.status_code}, "
                    "the admin rule wants a redirect to the admin login"
                )
        response = root.get(url)
        checks += 1
        if response.status_code >= 500 or (
            response.status_code == 302 and "/login/" in response["Location"]
        ):
            wrong.append(f"GET {name} ({url}) superuser: {response.status_code}")
    return len(urls), checks
