"""``ChainHead`` moves here from ``committees``: in the migration state only, its table
(``committees_chainhead``) and its rows stay as they are; its content type follows it, so the
permissions that name it stay attached (``committees.0004`` removes it from committees' state)."""

from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("committees", "0002_unit_change_hash_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChainHead",
                    fields=[
                        ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                        ("length", models.PositiveBigIntegerField(default=0)),
                        ("last_hash", models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64)),
                    ],
                    options={
                        "verbose_name": "history chain",
                        "verbose_name_plural": "history chains",
                        "db_table": "committees_chainhead",
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("committees", "core", ("chainhead",)),
    ]
