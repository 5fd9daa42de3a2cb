"""A btree index for a person's code prefix ("DV000012" finds DV00001234), on PostgreSQL.

The search box matches a word that has a digit in it against the beginning of a person's code
(``code__istartswith``: ``UPPER(code::text) LIKE 'DV000012%'``). The trigram index answers that
too, but slowly: every code shares the trigrams "dv0", "v00", "000", whose lists hold all
250,000 people of a city. This index, on the same expression with ``text_pattern_ops`` (so
``LIKE 'X%'`` can use it whatever the database's collation), reads the ten rows directly.
SQLite needs none: its ``LIKE`` on 250 rows of a test is instant.
"""

from django.db import migrations

INDEX = "person_code_prefix"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON committees_person "
            "(UPPER(code::text) text_pattern_ops)"
        )
        # The planner knows an expression's values only once the table is analysed: without
        # it, it guesses a thousand matches and walks the name order instead (150 ms).
        cursor.execute("ANALYZE committees_person")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0008_search_and_sort_keys"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
