"""Transitions committing at the same moment keep one linear chain (PostgreSQL: each thread has
its own connection; the chain head row serialises the inserts)."""

from collections import Counter

import pytest
from django.db import connection

from core.audit.records import verify_model
from nominations import services
from nominations.models import NominationEvent
from tests.nominations.test_concurrency import race
from tests.workflow_fixtures import BEFORE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
]

THREADS = 8


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_transitions_keep_one_linear_chain(seed000, attempt):
    drafts = []
    for _ in range(THREADS):
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary="Tiêu biểu trong công tác dân vận.",
        )
        drafts.append(
            services.save_draft(seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft)
        )
    # Withdrawing locks only its own nomination: nothing but the chain head serialises them.
    results = race(
        *(lambda d=d: services.withdraw(seed000.secretary_a1, d, "Rút", now=BEFORE) for d in drafts)
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    rows = list(
        NominationEvent.objects.order_by("chain_seq").values_list(
            "chain_seq", "prev_hash", "record_hash"
        )
    )
    assert len(rows) == 2 * THREADS  # one "draft created" and one withdrawal each
    forks = sum(n - 1 for n in Counter(prev for _seq, prev, _hash in rows).values() if n > 1)
    assert forks == 0
    assert [seq for seq, _prev, _hash in rows] == list(range(1, 2 * THREADS + 1))
    assert verify_model(NominationEvent) == (2 * THREADS, None)
