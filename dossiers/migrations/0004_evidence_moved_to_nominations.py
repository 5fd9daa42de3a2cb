"""``Evidence`` now belongs to ``nominations`` (``nominations.0007``): removed from this app's
migration state only; the table stays, with its rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0003_unit_reports"),
        ("nominations", "0007_evidence_moved_from_dossiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Evidence")],
            database_operations=[],
        ),
    ]
