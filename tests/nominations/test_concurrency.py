"""Two staff acting at the same moment must not break a count-based rule (PostgreSQL row locks).

Each worker is a thread with its own database connection; a barrier releases them together.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from nominations import services
from nominations.models import LevelDecision, Nomination, Outcome
from nominations.models import NominationState as S
from tests.factories import QuotaFactory
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


@pytest.mark.parametrize("attempt", range(3))
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
    assert len(refused) == 1, results
    assert "10% × 10 = 1" in str(refused[0])
    forwarded = LevelDecision.objects.filter(level=seed000.district, outcome=Outcome.FORWARD)
    assert forwarded.count() == 1
    # The losing session is untouched: its nominee still waits as voted.
    assert Nomination.objects.filter(state=S.VOTED).count() == 1


def test_two_submissions_at_once_cannot_pass_a_quota(seed000):
    QuotaFactory(campaign=seed000.campaign, unit_kinds=["chi_bo"], max_total=1)
    drafts = []
    for _ in range(2):
        draft = services.Draft(category=seed000.members,
                               person=seed000.member(seed000.tree.cell_a1),
                               achievement_summary="Tiêu biểu trong công tác dân vận.")
        drafts.append(services.save_draft(seed000.secretary_a1, seed000.campaign,
                                          seed000.tree.cell_a1, draft))
    results = race(*(lambda d=d: services.submit(seed000.secretary_a1, d, now=BEFORE)
                     for d in drafts))
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert Nomination.objects.filter(state=S.PROPOSED).count() == 1


def test_the_same_form_posted_twice_submits_once(seed000):
    draft = services.Draft(category=seed000.members,
                           person=seed000.member(seed000.tree.cell_a1),
                           achievement_summary="Tiêu biểu trong công tác dân vận.")
    nomination = services.save_draft(seed000.secretary_a1, seed000.campaign,
                                     seed000.tree.cell_a1, draft)
    results = race(*(lambda: services.submit(seed000.secretary_a1, nomination, now=BEFORE)
                     for _ in range(2)))
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert nomination.events.filter(to_state=S.PROPOSED).count() == 1
