"""Generations move on after every committed write to the tables they follow
(``core.generations``): the statements are read, the commit is waited for, a rollback moves
nothing on for good."""

import threading

import pytest
from django.db import connection, transaction

from committees.dashboard import GENERATION
from committees.models import Person, User
from core import generations
from core.generations import written_table
from tests.factories import PersonFactory


class TestTheWrittenTable:
    @pytest.mark.parametrize(
        ("sql", "table"),
        [
            ('INSERT INTO "committees_person" ("code") VALUES (%s)', "committees_person"),
            ('UPDATE "nominations_nomination" SET "state" = %s', "nominations_nomination"),
            ('DELETE FROM "committees_unit" WHERE "id" = %s', "committees_unit"),
            ("delete from committees_unit where id = 1", "committees_unit"),
            ('COPY "committees_person" ("code") FROM STDIN', "committees_person"),
            ("UPDATE ONLY committees_person SET code = 'x'", "committees_person"),
        ],
    )
    def test_a_write_names_its_table(self, sql, table):
        assert written_table(sql) == table

    @pytest.mark.parametrize(
        "sql",
        [
            'SELECT "id" FROM "nominations_nomination" FOR UPDATE',
            'SAVEPOINT "s1_x1"',
            'RELEASE SAVEPOINT "s1_x1"',
            "SET TIME ZONE 'UTC'",
            "CREATE INDEX x ON y (z)",
        ],
    )
    def test_a_read_or_a_schema_change_writes_nothing(self, sql):
        assert written_table(sql) is None

    @pytest.mark.parametrize(
        "sql",
        ["WITH moved AS (UPDATE a SET b = 1 RETURNING id) SELECT 1", 'TRUNCATE "a", "b"'],
    )
    def test_a_write_whose_table_cannot_be_read_moves_everything(self, sql):
        assert written_table(sql) == "*"


@pytest.mark.django_db(transaction=True)
class TestAfterTheCommit:
    def test_a_write_moves_the_generation_on_once_it_commits(self, city_tree):
        before = generations.current(GENERATION)
        seen_inside = []
        with transaction.atomic():
            PersonFactory(unit=city_tree.cell_a1)
            # Another connection, reading while the write is not yet visible to it…
            reader = threading.Thread(
                target=lambda: (
                    seen_inside.append(generations.current(GENERATION)),
                    connection.close(),
                )
            )
            reader.start()
            reader.join()
        after = generations.current(GENERATION)
        # …may cache the old rows under the number it read: the commit replaced that number.
        assert after not in (before, seen_inside[0])

    def test_a_rolled_back_write_does_not_keep_later_writes_from_counting(self, city_tree):
        with pytest.raises(RuntimeError, match="changed my mind"), transaction.atomic():
            PersonFactory(unit=city_tree.cell_a1)
            raise RuntimeError("changed my mind")
        before = generations.current(GENERATION)
        with transaction.atomic():
            Person.objects.filter(unit=city_tree.cell_a1).update(full_name="Nguyễn Văn Mới")
        assert generations.current(GENERATION) != before

    def test_writes_to_other_tables_leave_it_alone(self, city_tree):
        before = generations.current(GENERATION)
        with transaction.atomic():
            User.objects.filter(unit=city_tree.city).update(last_login=None)
        assert generations.current(GENERATION) == before
