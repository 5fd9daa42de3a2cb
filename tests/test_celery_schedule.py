"""What beat runs: every task the schedule names is one the worker knows (a typo in a name
would only show as a task that never runs)."""

from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "dossiers.remove_old_bundle_zips" in names
    assert names <= set(app.tasks)
