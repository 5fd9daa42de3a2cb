"""``ChainHead`` now belongs to ``core`` (``core.0001``): removed from this app's migration
state only; the table stays, with its rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0003_unit_change_append_only"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ChainHead")],
            database_operations=[],
        ),
    ]
