"""Two clerks entering the district's conference at the same moment make one conference (the
unit's row is locked while saving; the unique constraint behind it). PostgreSQL only."""

import pytest
from django.db import connection

from awards.conference_services import ConferenceDetails, save_conference
from awards.models import Conference
from committees.models import Role
from tests.awards.conference_fixtures import NOW, STARTS_AT
from tests.factories import UserFactory
from tests.nominations.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_clerks_at_once_make_one_conference(seed000, attempt):
    district = seed000.tree.district_a
    clerks = [seed000.staff_district_a, UserFactory(unit=district, role=Role.STAFF)]

    def enter(user, place):
        details = ConferenceDetails(title="Hội nghị", starts_at=STARTS_AT, place=place)
        return lambda: save_conference(user, seed000.campaign, district, details, now=NOW)

    results = race(enter(clerks[0], "Hội trường A"), enter(clerks[1], "Hội trường B"))

    assert all(isinstance(result, Conference) for result in results), results
    (conference,) = Conference.objects.within(district)
    # The second saved over the first, in whichever order they came.
    assert conference.place in {"Hội trường A", "Hội trường B"}
