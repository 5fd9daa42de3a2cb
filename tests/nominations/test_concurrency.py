"""Two staff acting at the same moment must not break a count-based rule (PostgreSQL row locks).

Each worker is a thread with its own database connection; a barrier releases them together.
Every race runs several times; each run adds its attempts and the invariant violations it saw to
the figures printed at the end of the test run ("race ...: N runs, M concurrent attempts, 0
invariant violations"), and then fails on any violation.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from campaigns.models import CapBase, QuotaScope
from nominations import services
from nominations.models import LevelDecision, Nomination, Outcome, SessionState, Tally
from nominations.models import NominationState as S
from tests.factories import QuotaFactory
from tests.security import figures
from tests.workflow_fixtures import BEFORE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(*actions):
    """Run the actions at once; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait(timeout=10)
            results[i] = action()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


RUNS = range(5)


def verdict(name: str, attempts: int, invariants: dict[str, bool]) -> None:
    """Count the run in the figures, then fail on any broken invariant."""
    broken = [rule for rule, held in invariants.items() if not held]
    figures.record_race(name, attempts, len(broken))
    assert not broken, broken


@pytest.mark.parametrize("attempt", RUNS)
def test_two_sessions_closing_at_once_cannot_pass_the_cap(seed000, attempt):
    # 10 honored already: the district may forward exactly one individual.
    first, _ = seed000.decide_at_district(honor=10, forward=0)
    services.close_session(seed000.staff_district_a, first, now=BEFORE)
    session_a, _ = seed000.decide_at_district(honor=0, forward=1)
    session_b, _ = seed000.decide_at_district(honor=0, forward=1)
    results = race(
        lambda: services.close_session(seed000.staff_district_a, session_a, now=BEFORE),
        lambda: services.close_session(seed000.standing_district_a, session_b, now=BEFORE),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    forwarded = LevelDecision.objects.filter(level=seed000.district, outcome=Outcome.FORWARD)
    verdict(
        "two sessions closing past the cap",
        2,
        {
            "exactly one close refused": len(refused) == 1,
            "the cap is never passed": forwarded.count() == 1,
            # The losing session is untouched: its nominee still waits as voted.
            "the loser is untouched": Nomination.objects.filter(state=S.VOTED).count() == 1,
        },
    )
    assert "10% × 10 = 1" in str(refused[0])


@pytest.mark.parametrize("attempt", RUNS)
def test_two_submissions_at_once_cannot_pass_a_quota(seed000, attempt):
    QuotaFactory(campaign=seed000.campaign, unit_kinds=["chi_bo"], max_total=1)
    drafts = []
    for _ in range(2):
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary="Tiêu biểu trong công tác dân vận.",
        )
        drafts.append(
            services.save_draft(seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft)
        )
    results = race(
        *(lambda d=d: services.submit(seed000.secretary_a1, d, now=BEFORE) for d in drafts)
    )
    verdict(
        "two submissions against a quota of one",
        2,
        {
            "exactly one refused": sum(isinstance(r, ValidationError) for r in results) == 1,
            "the quota is never passed": Nomination.objects.filter(state=S.PROPOSED).count() == 1,
        },
    )


@pytest.mark.parametrize("attempt", RUNS)
def test_the_same_form_posted_twice_submits_once(seed000, attempt):
    draft = services.Draft(
        category=seed000.members,
        person=seed000.member(seed000.tree.cell_a1),
        achievement_summary="Tiêu biểu trong công tác dân vận.",
    )
    nomination = services.save_draft(
        seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
    )
    results = race(
        *(lambda: services.submit(seed000.secretary_a1, nomination, now=BEFORE) for _ in range(2))
    )
    verdict(
        "the same submission posted twice",
        2,
        {
            "exactly one refused": sum(isinstance(r, ValidationError) for r in results) == 1,
            "one submission in the history": nomination.events.filter(to_state=S.PROPOSED).count()
            == 1,
        },
    )


@pytest.mark.parametrize("attempt", RUNS)
def test_two_pass_ons_at_a_capped_level_forward_only_what_fits(seed000, attempt):
    # Half of what the grassroots committee received may go on: of 2 received, 1.
    seed000.grassroots.forward_cap_percent = 50
    seed000.grassroots.cap_base = CapBase.RECEIVED_HERE
    seed000.grassroots.save()
    nominations = [
        services.appraise(
            seed000.staff_grassroots_a,
            seed000.file(seed000.member(seed000.tree.cell_a1)),
            now=BEFORE,
        )
        for _ in range(2)
    ]
    results = race(
        *(
            lambda n=n: services.pass_on(seed000.staff_grassroots_a, n, now=BEFORE)
            for n in nominations
        )
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    forwarded = LevelDecision.objects.filter(level=seed000.grassroots, outcome=Outcome.FORWARD)
    verdict(
        "two pass-ons past the cap of a level without a vote",
        2,
        {
            "exactly one refused": len(refused) == 1,
            "no other error": all(isinstance(r, (Nomination, ValidationError)) for r in results),
            "the cap is never passed": forwarded.count() == 1,
            "the loser still waits, appraised": Nomination.objects.filter(
                state=S.APPRAISED, level=seed000.grassroots
            ).count()
            == 1,
        },
    )
    assert "50% × 2 = 1" in str(refused[0])


@pytest.mark.parametrize("attempt", range(20))
def test_the_new_nomination_form_posted_twice_at_once_creates_one_draft(seed000, attempt):
    # Both requests check for a duplicate before either creates: the nominee's row is locked
    # first, so the second sees the first's draft and gets the sequential duplicate's message.
    person = seed000.member(seed000.tree.cell_a1)
    draft = services.Draft(
        category=seed000.members, person=person, achievement_summary="Tiêu biểu."
    )
    results = race(
        *(
            lambda: services.save_draft(
                seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
            )
            for _ in range(2)
        )
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    verdict(
        "the new-nomination form posted twice at once",
        2,
        {
            "exactly one refused": len(refused) == 1,
            "no other error": all(isinstance(r, (Nomination, ValidationError)) for r in results),
            "one draft": Nomination.objects.filter(person=person).count() == 1,
            "the duplicate's own message": len(refused) == 1
            and any(
                words in str(refused[0])
                for words in ("already nominated in this campaign", "đã được đề nghị")
            ),
        },
    )


def appraised_at_grassroots(seed000, count, category=None):
    def person():
        if category is None:
            return seed000.member(seed000.tree.cell_a1)
        return seed000.member(seed000.tree.cell_a1, position="Bí thư chi bộ khu vực 1")

    return [
        services.appraise(
            seed000.staff_grassroots_a,
            seed000.file(person(), category=category),
            now=BEFORE,
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("attempt", range(20))
def test_three_pass_ons_at_once_keep_the_forwarding_quota_of_their_category(seed000, attempt):
    # A level without a vote, one forwarded per category: the unit is locked before counting.
    QuotaFactory(
        campaign=seed000.campaign,
        scope=QuotaScope.FORWARDED,
        unit_kinds=["dang_uy_co_so"],
        category=seed000.members,
        max_total=1,
    )
    QuotaFactory(
        campaign=seed000.campaign,
        scope=QuotaScope.FORWARDED,
        unit_kinds=["dang_uy_co_so"],
        category=seed000.secretaries,
        max_total=1,
    )
    nominations = appraised_at_grassroots(seed000, 3)
    results = race(
        *(
            lambda n=n: services.pass_on(seed000.staff_grassroots_a, n, now=BEFORE)
            for n in nominations
        )
    )
    forwarded = LevelDecision.objects.filter(level=seed000.grassroots, outcome=Outcome.FORWARD)
    # The full quota of one category leaves the other's open.
    (secretary,) = appraised_at_grassroots(seed000, 1, category=seed000.secretaries)
    other = services.pass_on(seed000.staff_grassroots_a, secretary, now=BEFORE)
    verdict(
        "three pass-ons against a forwarding quota of one",
        3,
        {
            "exactly two refused": sum(isinstance(r, ValidationError) for r in results) == 2,
            "no other error": all(isinstance(r, (Nomination, ValidationError)) for r in results),
            "the quota is never passed": forwarded.filter(
                nomination__category=seed000.members
            ).count()
            == 1,
            "the losers still wait, appraised": Nomination.objects.filter(
                state=S.APPRAISED, level=seed000.grassroots
            ).count()
            == 2,
            "the other category still goes on": other.level_id == seed000.district.pk,
        },
    )


# --- one vote session, two staff at once --------------------------------------------------------


def appraised_before_an_open_session(seed000, count=1):
    nominations = seed000.appraised_at_district(count)
    return seed000.session(), nominations


@pytest.mark.parametrize("attempt", RUNS)
def test_two_staff_recording_the_same_tally_at_once_vote_once(seed000, attempt):
    session, (nomination,) = appraised_before_an_open_session(seed000)
    staff = (seed000.staff_district_a, seed000.standing_district_a)
    results = race(
        *(
            lambda user=user, votes=votes: seed000.vote(
                session, nomination, Outcome.HONOR, votes_for=votes, user=user
            )
            for user, votes in zip(staff, (11, 9), strict=True)
        )
    )
    nomination.refresh_from_db()
    tallies = Tally.objects.filter(session=session, nomination=nomination)
    verdict(
        "two staff recording one tally",
        2,
        {
            "no unexpected error": not any(isinstance(r, Exception) for r in results),
            "one tally": tallies.count() == 1,
            "the tally is one of the two recorded": tallies.get().votes_for in (11, 9),
            # The second to record is a correction: on the record, but not a second vote.
            "voted once in the history": nomination.events.filter(
                from_state=S.APPRAISED, to_state=S.VOTED
            ).count()
            == 1,
            "the nomination is voted": nomination.state == S.VOTED,
        },
    )


@pytest.mark.parametrize("attempt", RUNS)
def test_a_tally_recorded_while_the_session_closes_is_applied_or_refused(seed000, attempt):
    session, (first, second) = appraised_before_an_open_session(seed000, count=2)
    seed000.vote(session, first, Outcome.HONOR)
    results = race(
        lambda: services.close_session(seed000.staff_district_a, session, now=BEFORE),
        lambda: seed000.vote(session, second, Outcome.HONOR, user=seed000.standing_district_a),
    )
    session.refresh_from_db()
    second.refresh_from_db()
    tallied = Tally.objects.filter(session=session).count()
    decided = LevelDecision.objects.filter(vote_session=session).count()
    late = results[1]
    verdict(
        "a tally racing the close of its session",
        2,
        {
            "the close succeeded": not isinstance(results[0], Exception),
            "the session is closed": session.state == SessionState.CLOSED,
            # Either the tally made it in before the close (and was applied with the others) or
            # it was refused as late; never a tally left behind in a closed session.
            "every tally of the closed session is decided": tallied == decided,
            "a late tally is refused, not lost": (
                isinstance(late, ValidationError) and second.state == S.APPRAISED
            )
            if isinstance(late, Exception)
            else second.state == S.HONORED,
        },
    )


@pytest.mark.parametrize("attempt", RUNS)
def test_two_staff_closing_one_session_at_once_close_it_once(seed000, attempt):
    session, nominations = seed000.decide_at_district(honor=2, forward=0)
    results = race(
        lambda: services.close_session(seed000.staff_district_a, session, now=BEFORE),
        lambda: services.close_session(seed000.standing_district_a, session, now=BEFORE),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    verdict(
        "two staff closing one session",
        2,
        {
            "exactly one close refused": len(refused) == 1 and len(results) == 2,
            "no other error": not any(
                isinstance(r, Exception) and not isinstance(r, ValidationError) for r in results
            ),
            "one decision per nominee": LevelDecision.objects.filter(vote_session=session).count()
            == len(nominations),
            "honored once in the history": all(
                n.events.filter(to_state=S.HONORED).count() == 1 for n in nominations
            ),
        },
    )
