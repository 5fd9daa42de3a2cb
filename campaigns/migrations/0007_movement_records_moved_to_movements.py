# Registrations and judgements now belong to movements (same tables): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_milestone_report'),
        ('movements', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='judgementchange',
                    name='judgement',
                ),
                migrations.RemoveField(
                    model_name='judgementchange',
                    name='changed_by',
                ),
                migrations.RemoveField(
                    model_name='movementregistration',
                    name='movement',
                ),
                migrations.RemoveField(
                    model_name='movementregistration',
                    name='registered_by',
                ),
                migrations.RemoveField(
                    model_name='movementregistration',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='Judgement',
                ),
                migrations.DeleteModel(
                    name='JudgementChange',
                ),
                migrations.DeleteModel(
                    name='MovementRegistration',
                ),
            ],
            database_operations=[],
        ),
    ]
