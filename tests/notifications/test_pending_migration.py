"""Before issue 14 an e-mail that could not be queued was kept as a ``PendingNotification``;
migration ``nominations.0010`` turns each into notices that owe their e-mail (the same people:
whoever filed and the level's staff, not the actor, with an address), so none is lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import Delivery, Notice

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

BEFORE = [("nominations", "0009_history_cannot_be_emptied")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_an_email_kept_waiting_becomes_a_notice_that_owes_it(seed000):
    staff = seed000.staff_grassroots_a
    staff.email = "tochuc.anhoa@example.vn"
    staff.save()
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
    event = nomination.events.last()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE)
        Notice.objects.all().delete()
        old_apps.get_model("nominations", "PendingNotification").objects.create(event_id=event.pk)
        migrate(latest)
    finally:
        migrate(latest)
    (notice,) = Notice.objects.all()
    assert notice.recipient == staff  # the filer acted: not told
    assert notice.delivery == Delivery.QUEUED
    assert notice.url == f"/ho-so/{nomination.public_id}/"
    assert nomination.nominee_name in notice.title
