# The units' reports, moved out of dossiers: the table stays (db_table), only Django's state
# changes; dossiers 0004 removes the model from that app's state.

import django.db.models.deletion
import reports.models
import uuid
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('campaigns', '0006_milestone_report'),
        ('committees', '0003_unit_change_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('dossiers', '0003_unit_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='UnitReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('sections', models.JSONField(blank=True, default=dict, verbose_name='sections')),
                        ('file', models.FileField(blank=True, max_length=200, upload_to=reports.models.report_path, verbose_name='file')),
                        ('original_name', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                        ('content_type', models.CharField(blank=True, max_length=100, verbose_name='type')),
                        ('size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='size')),
                        ('sha256', models.CharField(blank=True, max_length=64)),
                        ('state', models.CharField(choices=[('draft', 'Being written'), ('submitted', 'Submitted')], default='draft', max_length=16, verbose_name='state')),
                        ('updated_at', models.DateTimeField(verbose_name='last saved')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('reopened_reason', models.TextField(blank=True, verbose_name='reason for reopening')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='unit_reports', to='campaigns.reportrequest', verbose_name='report request')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='committees.unit', verbose_name='unit')),
                        ('updated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'unit report',
                        'verbose_name_plural': 'unit reports',
                        'db_table': 'dossiers_unitreport',
                        'ordering': ['unit__path'],
                        'constraints': [models.UniqueConstraint(fields=('request', 'unit'), name='one_report_per_unit'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'submitted'), _negated=True), ('submitted_at__isnull', False), _connector='OR'), name='submitted_report_has_moment')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("dossiers", "reports", ("unitreport",)),
    ]
