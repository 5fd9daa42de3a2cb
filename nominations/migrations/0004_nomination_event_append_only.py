"""Every NominationEvent is chained now: the position is required, and PostgreSQL refuses
UPDATE and DELETE on the table (django-pgtrigger; nothing is installed on SQLite)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("nominations", "0003_nomination_event_hash_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nominationevent",
            name="chain_seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True,
                                                 verbose_name="position in the history"),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="nominationevent",
            trigger=pgtrigger.compiler.Trigger(name="append_only", sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash="fb0c5dee8aa7ffb37ba171b5e0402308419eeacc", operation="UPDATE OR DELETE", pgid="pgtrigger_append_only_b7e9c", table="nominations_nominationevent", when="BEFORE")),
        ),
    ]
