"""UnitChange joins the hash chain "units": the new columns, then the hashes of the rows
written so far (``0003`` makes them required and adds the append-only trigger)."""

import functools

import django.utils.timezone
from django.db import migrations, models

from core.audit.migration_helpers import chain_existing_rows

FIELDS = ("unit", "kind", "effective_on", "old_value", "new_value", "related_unit", "note",
          "recorded_by", "recorded_at")


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0001_initial"),
    ]

    operations = [
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
            },
        ),
        migrations.AddField(
            model_name="unitchange",
            name="chain_seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True,
                                                 verbose_name="position in the history"),
        ),
        migrations.AddField(
            model_name="unitchange",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="unitchange",
            name="record_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="unitchange",
            name="recorded_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(
            functools.partial(chain_existing_rows, model="committees.UnitChange",
                              chain_name="units", fields=FIELDS),
            migrations.RunPython.noop,
        ),
    ]
