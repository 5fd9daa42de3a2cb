"""The number register under simultaneous requests, and the database's refusal to change an
issued decision (PostgreSQL: row locks and the trigger)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from awards import services
from awards.models import Decision, NumberRegister
from nominations import services as nominations
from tests.nominations.test_concurrency import race
from tests.security import figures
from tests.workflow_fixtures import BEFORE

from .conftest import ISSUED_ON

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

CLERKS = 4


def one_line_drafts(honored, count: int) -> list[Decision]:
    """``count`` drafts of one annex line each (more honored at the district first)."""
    seed = honored.seed
    session, _ = seed.decide_at_district(honor=count, forward=0)
    nominations.close_session(seed.staff_district_a, session, now=BEFORE)
    drafts = []
    for _ in range(count):
        draft = services.draft_decision(
            seed.staff_district_a, seed.campaign, honored.district, seed.district
        )
        others = list(draft.entries.exclude(order=1).values_list("pk", flat=True))
        if others:
            services.update_draft(seed.staff_district_a, draft, {"remove_entries": others})
        drafts.append(draft)
    return drafts


def test_simultaneous_issues_get_distinct_consecutive_numbers(honored):
    staff = honored.seed.staff_district_a
    drafts = one_line_drafts(honored, CLERKS)
    results = race(
        *(
            lambda d=draft: services.issue_decision(staff, d, issued_on=ISSUED_ON)
            for draft in drafts
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(
        Decision.objects.within(honored.district).issued().values_list("number", flat=True)
    )
    figures.record_race("decisions numbered at once", CLERKS, int(numbers != [1, 2, 3, 4]))
    assert numbers == list(range(1, CLERKS + 1))
    register = NumberRegister.objects.get(unit=honored.district, type_code="QĐ", year=2025)
    assert register.last_number == CLERKS


def test_two_clerks_typing_the_same_number(honored):
    staff = honored.seed.staff_district_a
    first, second = one_line_drafts(honored, 2)
    results = race(
        lambda: services.issue_decision(staff, first, number=15, issued_on=ISSUED_ON),
        lambda: services.issue_decision(staff, second, number=15, issued_on=ISSUED_ON),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    issued = [r for r in results if isinstance(r, Decision)]
    figures.record_race("one number typed twice at once", 2, int(len(refused) != 1))
    assert len(refused) == 1 and len(issued) == 1, results
    assert refused[0].error_dict["number"][0].code == "number_used"
    assert Decision.objects.within(honored.district).issued().get().number == 15


def test_the_trigger_refuses_to_change_an_issued_decision(honored):
    seed = honored.seed
    draft = services.draft_decision(
        seed.staff_district_a, seed.campaign, honored.district, seed.district
    )
    decision = services.issue_decision(seed.staff_district_a, draft, issued_on=ISSUED_ON)
    rows = Decision.objects.filter(pk=decision.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(subject="về việc khác")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows._raw_delete(rows.db)
    assert Decision.objects.get(pk=decision.pk).subject == decision.subject
    # A draft is still the clerk's to change.
    other = Decision.objects.create(
        campaign=seed.campaign,
        level=seed.district,
        unit=honored.district,
        subject="x",
        created_by=seed.staff_district_a,
    )
    Decision.objects.filter(pk=other.pk).update(subject="y")


def test_two_clerks_drafting_at_once_do_not_share_a_nomination(honored):
    seed = honored.seed

    def draft(user):
        return services.draft_decision(user, seed.campaign, honored.district, seed.district)

    other_staff = type(seed.staff_district_a).objects.create(
        username="staff_qa_2", unit=honored.district, role=seed.staff_district_a.role
    )
    results = race(lambda: draft(seed.staff_district_a), lambda: draft(other_staff))
    drafts = [r for r in results if isinstance(r, Decision)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    figures.record_race("two drafts at once", 2, int(len(drafts) != 1))
    assert len(drafts) == 1 and len(refused) == 1, results
    assert refused[0].code == "nothing_to_decide"
    assert drafts[0].entries.count() == 2
