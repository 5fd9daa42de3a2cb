"""Evidence moved from ``dossiers`` to ``nominations`` in the migration state only: a database
holding evidence from before the move keeps its rows, now read through ``nominations``."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nominations.models import Evidence

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

BEFORE_MOVE = [("dossiers", "0003_unit_reports"), ("nominations", "0006_nomination_queue_order")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_evidence_written_before_the_move_is_found_after_it(seed000):
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE_MOVE)
        with pytest.raises(LookupError):
            old_apps.get_model("nominations", "Evidence")
        OldEvidence = old_apps.get_model("dossiers", "Evidence")
        old = OldEvidence.objects.create(
            nomination_id=nomination.pk,
            file="evidence/x/old.pdf",
            original_name="Quyết định cũ.pdf",
            content_type="application/pdf",
            size=123,
            sha256="0" * 64,
            uploaded_by_id=seed000.secretary_a1.pk,
            uploaded_at=timezone.make_aware(datetime.datetime(2025, 1, 2, 9, 0)),
        )
        assert ContentType.objects.filter(app_label="dossiers", model="evidence").exists()
        migrate(latest)
    finally:
        migrate(latest)
    evidence = Evidence.objects.get(public_id=old.public_id)
    assert (evidence.pk, evidence.nomination, evidence.original_name, evidence.size) == (
        old.pk,
        nomination,
        "Quyết định cũ.pdf",
        123,
    )
    assert list(nomination.evidence.all()) == [evidence]
    # The permissions naming the model follow it.
    assert ContentType.objects.filter(app_label="nominations", model="evidence").exists()
    assert not ContentType.objects.filter(app_label="dossiers", model="evidence").exists()
