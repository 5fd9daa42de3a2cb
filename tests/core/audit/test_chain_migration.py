"""The rows written before the chain existed are chained by the data migration, with the same
hashes the application computes (one canonical form for both)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from committees import services as unit_services
from committees.models import UnitChange
from core.audit.records import verify_model
from nominations.models import NominationEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


def test_existing_rows_are_chained_by_the_migration(seed000):
    for _ in range(2):
        seed000.file(seed000.member(seed000.tree.cell_a1))
    unit_services.rename_unit(
        seed000.tree.cell_a2, "Chi bộ khu vực Hai", effective_on=datetime.date(2025, 1, 2)
    )
    written = {
        model: list(model.objects.order_by("pk").values_list("pk", "chain_seq", "record_hash"))
        for model in (NominationEvent, UnitChange)
    }
    assert len(written[NominationEvent]) == 4
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # Back to before the chain: the columns and the heads' table are gone, the rows stay.
        migrate(("nominations", "0002_public_vote"), ("committees", "0001_initial"))
        migrate(*latest)
    finally:
        migrate(*latest)
    for model, rows in written.items():
        assert (
            list(model.objects.order_by("pk").values_list("pk", "chain_seq", "record_hash")) == rows
        )
        assert verify_model(model) == (len(rows), None)
