# UnitReport now belongs to reports (same table): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0004_evidence_moved_to_nominations'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='UnitReport',
                ),
            ],
            database_operations=[],
        ),
    ]
