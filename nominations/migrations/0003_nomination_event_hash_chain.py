"""NominationEvent joins the hash chain "nominations": the new columns, then the hashes of the
rows written so far (``0003`` makes them required and adds the append-only trigger)."""

import functools

from django.db import migrations, models

from core.audit.migration_helpers import chain_existing_rows

FIELDS = ("nomination", "from_state", "to_state", "level", "unit", "actor", "actor_role",
          "actor_unit", "at", "reason")


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0002_unit_change_hash_chain"),
        ("nominations", "0002_public_vote"),
    ]

    operations = [
        migrations.AddField(
            model_name="nominationevent",
            name="chain_seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True,
                                                 verbose_name="position in the history"),
        ),
        migrations.AddField(
            model_name="nominationevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="nominationevent",
            name="record_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(
            functools.partial(chain_existing_rows, model="nominations.NominationEvent",
                              chain_name="nominations", fields=FIELDS),
            migrations.RunPython.noop,
        ),
    ]
