"""Two clerks at once on one report of results (PostgreSQL row locks and the unique report per
campaign and unit)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards import results_services as svc
from awards.models import ResultsReport
from committees.models import Role
from notifications.models import Notice, NoticeKind
from tests.factories import UserFactory
from tests.nominations.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_drafts_at_once_make_one_report(seed000, attempt):
    other = UserFactory(unit=seed000.tree.district_a, role=Role.STAFF)
    results = race(
        lambda: svc.draft_report(
            seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
        ),
        lambda: svc.draft_report(other, seed000.campaign, seed000.tree.district_a),
    )
    assert all(isinstance(r, ResultsReport) for r in results), results
    assert results[0].pk == results[1].pk
    assert ResultsReport.objects.unscoped("test").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_sends_at_once_send_once(seed000, attempt):
    other = UserFactory(unit=seed000.tree.district_a, role=Role.STAFF)
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    results = race(
        lambda: svc.send_report(seed000.staff_district_a, report),
        lambda: svc.send_report(other, report),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    told = Notice.objects.filter(kind=NoticeKind.RESULTS_REPORT, recipient=seed000.staff_city)
    assert told.count() == 1
