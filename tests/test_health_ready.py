"""/healthz/ready/: the database, the cache, a worker that answered recently and free disk,
each on its own line; 503 when one fails, never a 500."""

import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from core import health
from core.tasks import heartbeat


def lines(response) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


@pytest.mark.django_db
def test_all_well_answers_200(client):
    heartbeat()  # the worker's, as beat asks for it every minute (inline tasks need none)
    response = client.get(reverse("healthz-ready"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert set(lines(response)) == {"database", "cache", "worker", "disk"}
    assert all(value.startswith("ok") for value in lines(response).values())


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get(reverse("healthz-ready"))
    assert response.status_code == 503
    assert lines(response)["database"] == "FAILED (OperationalError)"


@pytest.mark.django_db
def test_a_worker_silent_too_long_is_a_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_WORKER_STALE_SECONDS = 300
    response = client.get(reverse("healthz-ready"))
    assert (response.status_code, lines(response)["worker"]) == (503, "FAILED (no heartbeat yet)")
    heartbeat()  # what the worker runs when beat sends it
    assert client.get(reverse("healthz-ready")).status_code == 200
    assert health.worker(now=time.time() + 299).ok
    assert not health.worker(now=time.time() + 301).ok


@pytest.mark.django_db
def test_too_little_disk_for_uploads_is_a_503(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12
    response = client.get(reverse("healthz-ready"))
    assert response.status_code == 503
    assert lines(response)["disk"].startswith("FAILED (")


@pytest.mark.django_db
def test_the_disk_check_applies_to_the_file_system_storage_only(client, settings):
    """Uploads in object storage fill no disk of this host: a full MEDIA_ROOT is not a reason
    to take the host out of the pool."""
    settings.HEALTH_MIN_FREE_MB = 10**12
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert lines(client.get(reverse("healthz-ready")))["disk"] == "ok (uploads in InMemoryStorage)"
