# The movement's records, moved out of campaigns: the tables stay (db_table), only Django's
# state changes; campaigns 0007 removes the models from that app's state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('campaigns', '0006_milestone_report'),
        ('committees', '0003_unit_change_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Judgement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('political_task', models.BooleanField(blank=True, null=True, verbose_name='T1 political task')),
                        ('meeting_quality', models.BooleanField(blank=True, null=True, verbose_name='T2 meeting quality')),
                        ('unity_discipline', models.BooleanField(blank=True, null=True, verbose_name='T3 unity and discipline')),
                        ('press_exposed_violation', models.BooleanField(default=False, verbose_name="a member's violation was exposed by the press or the public")),
                        ('notes', models.TextField(blank=True, verbose_name='notes and evidence')),
                        ('judged_at', models.DateTimeField(verbose_name='judged at')),
                        ('judged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('movement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='judgements', to='campaigns.movement')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='four_good_judgements', to='committees.unit')),
                    ],
                    options={
                        'verbose_name': 'four-good judgement',
                        'verbose_name_plural': 'four-good judgements',
                        'db_table': 'campaigns_judgement',
                    },
                ),
                migrations.CreateModel(
                    name='JudgementChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('political_task', models.BooleanField(null=True)),
                        ('meeting_quality', models.BooleanField(null=True)),
                        ('unity_discipline', models.BooleanField(null=True)),
                        ('press_exposed_violation', models.BooleanField(default=False)),
                        ('notes', models.TextField(blank=True)),
                        ('changed_at', models.DateTimeField()),
                        ('source', models.CharField(max_length=16)),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('judgement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='movements.judgement')),
                    ],
                    options={
                        'verbose_name': 'judgement change',
                        'verbose_name_plural': 'judgement history',
                        'db_table': 'campaigns_judgementchange',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='MovementRegistration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('registered_at', models.DateTimeField(verbose_name='registered at')),
                        ('content', models.TextField(blank=True, verbose_name='commitments (Mẫu 1)')),
                        ('movement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='campaigns.movement')),
                        ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='movement_registrations', to='committees.unit')),
                    ],
                    options={
                        'verbose_name': 'movement registration',
                        'verbose_name_plural': 'movement registrations',
                        'db_table': 'campaigns_movementregistration',
                    },
                ),
                migrations.AddConstraint(
                    model_name='judgement',
                    constraint=models.UniqueConstraint(fields=('movement', 'unit', 'year'), name='one_judgement_per_unit_year'),
                ),
                migrations.AddConstraint(
                    model_name='movementregistration',
                    constraint=models.UniqueConstraint(fields=('movement', 'unit'), name='one_registration_per_unit'),
                ),
            ],
            database_operations=[],
        ),
        move_content_types("campaigns", "movements", ("movementregistration", "judgement", "judgementchange")),
    ]
