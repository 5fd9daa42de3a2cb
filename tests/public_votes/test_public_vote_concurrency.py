"""Several browsers casting a ballot for the same verified address at the same moment: the unique
constraint on (vote, voter) lets exactly one through (PostgreSQL, one connection per thread)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from public_votes import services
from public_votes.models import Ballot, BallotChoice
from tests.nominations.test_concurrency import race
from tests.public_vote_fixtures import DURING

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_same_address_voting_at_once_stores_one_ballot(seed002, settings, attempt):
    settings.PUBLIC_VOTE_CODES_PER_ADDRESS = 10
    vote = seed002.open_vote()
    entries = list(vote.entries.all())
    # Four codes for one address, each verified in its own browser.
    challenges = [seed002.verified(vote, "cung-mot-nguoi@example.vn") for _ in range(3)]
    challenges.append(seed002.verified(vote, "Cung-Mot-Nguoi@Example.vn"))
    results = race(
        *(
            lambda c=c, i=i: services.cast_ballot(vote, c, [entries[i].public_id], now=DURING)
            for i, c in enumerate(challenges)
        )
    )
    stored = [r for r in results if isinstance(r, Ballot)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(stored) == 1 and len(refused) == 3, results
    assert all("đã bỏ phiếu" in " ".join(r.messages) for r in refused)
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert BallotChoice.objects.count() == 1
