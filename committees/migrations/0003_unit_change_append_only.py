"""Every UnitChange is chained now: the position is required, and PostgreSQL refuses UPDATE and
DELETE on the table (django-pgtrigger; nothing is installed on SQLite)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0002_unit_change_hash_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unitchange",
            name="chain_seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True,
                                                 verbose_name="position in the history"),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="unitchange",
            trigger=pgtrigger.compiler.Trigger(name="append_only", sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash="ebd886bd0e6b44cb52c9d749bc6fadf8c8fa8aef", operation="UPDATE OR DELETE", pgid="pgtrigger_append_only_ed3f3", table="committees_unitchange", when="BEFORE")),
        ),
    ]
