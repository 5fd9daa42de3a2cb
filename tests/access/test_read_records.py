"""Who read what: each read of a person's page or a download is recorded (who, when, what,
whose, from where) in one insert after the page answered; a refused read records nothing; the
unit's admin reads and exports the records of the subtree; the retention removes old ones."""

import datetime
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from access.models import Kind, ReadRecord
from access.services import remove_expired
from committees.models import Role
from tests.factories import PersonFactory, UserFactory

LIST = reverse("access:read-records")


def person_url(person):
    return reverse("committees:person-detail", args=[person.code])


@pytest.fixture
def staff_a(city_tree):
    return UserFactory(username="qa_tochuc", role=Role.STAFF, unit=city_tree.district_a)


@pytest.fixture
def admin_a(city_tree):
    return UserFactory(username="qa_quantri", role=Role.ADMIN, unit=city_tree.district_a)


def test_opening_a_persons_page_is_recorded(client, city_tree, staff_a):
    person = PersonFactory(unit=city_tree.cell_a1, full_name="Phạm Thị Dung")
    client.force_login(staff_a)
    assert client.get(person_url(person), REMOTE_ADDR="203.0.113.9").status_code == 200
    [record] = ReadRecord.objects.unscoped("the test reads every record")
    assert (record.user, record.kind, record.label) == (staff_a, Kind.PERSON, "Phạm Thị Dung")
    assert (record.unit, record.object_id) == (city_tree.cell_a1, person.code)
    assert (record.ip_address, record.path) == ("203.0.113.9", person_url(person))


def test_a_refused_read_records_nothing(client, city_tree, staff_a):
    outside = PersonFactory(unit=city_tree.cell_b1)
    client.force_login(staff_a)
    assert client.get(person_url(outside)).status_code == 404
    assert not ReadRecord.objects.unscoped("the test reads every record").exists()


def test_the_reads_of_a_request_are_written_in_one_insert(client, city_tree, staff_a, queries):
    person = PersonFactory(unit=city_tree.cell_a1)
    client.force_login(staff_a)
    with queries() as counted:
        client.get(person_url(person))
    inserts = [q for q in counted.captured_queries if 'INSERT INTO "access_readrecord"' in q["sql"]]
    assert len(inserts) == 1


class TestTheAdminsPage:
    def record(self, user, unit, label, days_ago=0):
        return ReadRecord.objects.create(
            user=user,
            kind=Kind.EVIDENCE,
            label=label,
            unit=unit,
            path="/x/",
            at=timezone.now() - datetime.timedelta(days=days_ago),
        )

    def test_the_admin_sees_the_reads_of_the_subtree_only(self, client, city_tree, admin_a):
        self.record(admin_a, city_tree.cell_a1, "bao-cao-a1.pdf")
        self.record(admin_a, city_tree.cell_b1, "bao-cao-b1.pdf")
        client.force_login(admin_a)
        body = client.get(LIST).content.decode()
        assert "bao-cao-a1.pdf" in body
        assert "bao-cao-b1.pdf" not in body

    @pytest.mark.parametrize("role", [Role.STAFF, Role.CELL_SECRETARY, Role.STANDING_MEMBER])
    def test_other_roles_are_refused(self, client, city_tree, role):
        client.force_login(UserFactory(role=role, unit=city_tree.district_a))
        assert client.get(LIST).status_code == 403

    def test_anonymous_visitors_are_sent_to_log_in(self, client, db):
        assert client.get(LIST).status_code == 302

    def test_the_export_keeps_text_as_text(self, client, city_tree, admin_a):
        self.record(admin_a, city_tree.cell_a1, '=HYPERLINK("http://x")')
        client.force_login(admin_a)
        response = client.get(LIST, {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][4] == '=HYPERLINK("http://x")'
        assert sheet.cell(row=2, column=5).data_type == "s"

    def test_the_page_costs_the_same_whatever_the_rows(self, client, city_tree, admin_a, queries):
        client.force_login(admin_a)
        self.record(admin_a, city_tree.cell_a1, "one")
        few = queries.of(lambda: client.get(LIST))
        for n in range(30):
            self.record(admin_a, city_tree.cell_a2, f"file {n}")
        assert queries.of(lambda: client.get(LIST)) == few


def test_the_retention_removes_only_what_is_older(city_tree, admin_a, settings):
    settings.READ_RECORDS_KEEP_DAYS = 30
    old = TestTheAdminsPage().record(admin_a, city_tree.cell_a1, "old", days_ago=31)
    kept = TestTheAdminsPage().record(admin_a, city_tree.cell_a1, "kept", days_ago=29)
    assert remove_expired() == 1
    remaining = ReadRecord.objects.unscoped("the test reads every record")
    assert list(remaining.values_list("pk", flat=True)) == [kept.pk]
    assert old.pk not in remaining.values_list("pk", flat=True)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement", ["UPDATE access_readrecord SET label = 'x'", "DELETE FROM access_readrecord"]
)
def test_the_database_refuses_to_change_a_record(city_tree, admin_a, statement):
    TestTheAdminsPage().record(admin_a, city_tree.cell_a1, "kept")
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete rows"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
