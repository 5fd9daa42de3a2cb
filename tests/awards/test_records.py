"""The decisions in a person's and a unit's record: each live line cited as issued, an annulled
one marked with its annulment; the section reads in a number of queries that does not grow."""

import datetime

from django.urls import reverse

from awards import records, services
from awards.models import DecisionEntry
from nominations.models import Nomination

from .conftest import ISSUED_ON


def issue_at_district(honored, **kwargs):
    seed = honored.seed
    draft = services.draft_decision(
        seed.staff_district_a, seed.campaign, honored.district, seed.district
    )
    kwargs.setdefault("issued_on", ISSUED_ON)
    return services.issue_decision(seed.staff_district_a, draft, **kwargs)


def test_the_record_cites_the_decision(client, honored):
    issue_at_district(honored, number=15)
    person = honored.at_district[0].person
    client.force_login(honored.seed.staff_district_a)
    page = client.get(reverse("committees:person-detail", args=[person.code]))
    text = page.content.decode()
    assert 'data-testid="decisions-record"' in text
    assert (
        "Giấy khen</strong> — Quyết định số 15-QĐ/QU ngày 20/01/2025 của "
        "Ban Thường vụ Quận ủy Ninh Kiều"
    ) in text


def test_an_annulled_line_is_marked_with_its_annulment(honored):
    seed = honored.seed
    original = issue_at_district(honored, number=15)
    services.annul_decision(
        seed.staff_district_a, original, reason="Sai tên", issued_on=datetime.date(2025, 2, 1)
    )
    again = issue_at_district(honored, issued_on=datetime.date(2025, 2, 2))
    person = honored.at_district[0].person
    section = records.person_record(seed.staff_district_a, person)
    rows = section.context["rows"]
    assert [(r["live"], r["citation"][:35]) for r in rows] == [
        (True, f"Quyết định số {again.number_text} ngày 02/02/2025"[:35]),
        (False, "Quyết định số 15-QĐ/QU ngày 20/01/2025"[:35]),
    ]
    assert rows[1]["annulment_citation"] == (
        "Quyết định số 16-QĐ/QU ngày 01/02/2025 của Ban Thường vụ Quận ủy Ninh Kiều"
    )


def test_a_person_without_a_decision_has_no_section(honored):
    person = honored.at_district[0].person
    assert records.person_record(honored.seed.staff_district_a, person) is None


def test_outside_the_users_scope_nothing_shows(honored):
    issue_at_district(honored)
    person = honored.at_district[0].person
    # District B's staff does not see cell A1's nominations.
    assert records.person_record(honored.seed.staff_district_b, person) is None


def test_the_section_reads_in_constant_queries(honored, queries):
    seed = honored.seed
    person = honored.at_district[0].person
    issue_at_district(honored)

    def section():
        return records.person_record(seed.staff_district_a, person)

    one = queries.of(section)
    for day in (3, 4, 5):
        original = DecisionEntry.objects.filter(nomination__person=person, live=True).get().decision
        services.annul_decision(
            seed.staff_district_a, original, reason="x", issued_on=datetime.date(2025, 2, day)
        )
        issue_at_district(honored, issued_on=datetime.date(2025, 2, day))
    assert len(records.person_record(seed.staff_district_a, person).context["rows"]) == 4
    assert queries.of(section) == one


def test_a_collective_in_the_units_record(honored):
    seed = honored.seed
    cell = seed.tree.cell_a2
    # A unit honored as a collective at the district, written as the workflow leaves it.
    nomination = honored.at_district[1]
    Nomination.objects.unscoped("test").filter(pk=nomination.pk).update(
        person=None, collective=cell
    )
    issue_at_district(honored)
    section = records.unit_record(seed.staff_district_a, cell)
    (row,) = section.context["rows"]
    assert row["entry"].nominee_name == cell.name
    assert row["entry"].unit_name == "Đảng ủy phường An Hòa"
