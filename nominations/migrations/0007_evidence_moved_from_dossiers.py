"""``Evidence`` moves here from ``dossiers``: the nomination owns its evidence. In the migration
state only: the table (``dossiers_evidence``), its index, constraint and rows stay as they are;
its content type follows it, so permissions that name it stay attached
(``dossiers.0004`` removes it from the dossiers' state)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types

import nominations.models


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0006_milestone_report"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dossiers", "0003_unit_reports"),
        ("nominations", "0006_nomination_queue_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Evidence",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("file", models.FileField(max_length=200, upload_to=nominations.models.evidence_path, verbose_name="file")),
                        ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                        ("content_type", models.CharField(max_length=100, verbose_name="type")),
                        ("size", models.PositiveBigIntegerField(verbose_name="size")),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(verbose_name="uploaded at")),
                        ("nomination", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="evidence", to="nominations.nomination", verbose_name="nomination")),
                        ("requirement", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="evidence", to="campaigns.documentrequirement", verbose_name="required document")),
                        ("uploaded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="uploaded by")),
                    ],
                    options={
                        "verbose_name": "evidence",
                        "verbose_name_plural": "evidence",
                        "db_table": "dossiers_evidence",
                        "ordering": ["uploaded_at", "id"],
                        "indexes": [models.Index(fields=["nomination", "requirement"], name="dossiers_ev_nominat_d9ca39_idx")],
                        "constraints": [models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="evidence_not_empty")],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("dossiers", "nominations", ("evidence",)),
    ]
