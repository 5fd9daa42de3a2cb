"""Readiness: what the site needs beyond answering at all. ``/healthz/`` tells the load balancer
the process is up (no database, no cache, nothing that can be slow); ``/healthz/ready/`` checks
what a request needs: the database, the cache and broker (Redis), a Celery worker that answered
recently, and free disk for uploaded files.

A small hand-written check rather than django-health-check: its current line needs Python 3.14
and Django 6, and its Celery check waits for a worker's answer inside the request, where ours
reads the heartbeat the worker last left."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

HEARTBEAT_KEY = "health:worker-heartbeat"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.name}: {'ok' if self.ok else 'FAILED'} ({self.detail})"


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the connection is the answer, not a 500
        return Check("database", False, type(error).__name__)
    return Check("database", True, connection.vendor)


def cache_and_broker() -> Check:
    try:
        cache.set("health:probe", "ok", timeout=10)
        answered = cache.get("health:probe") == "ok"
    except Exception as error:
        return Check("cache", False, type(error).__name__)
    return Check("cache", answered, "read back" if answered else "did not read back")


def record_heartbeat() -> None:
    """Left by the worker each time beat sends it ``core.heartbeat``."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def worker(now: float | None = None) -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("worker", True, "tasks run inline")
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as error:
        return Check("worker", False, type(error).__name__)
    if beat is None:
        return Check("worker", False, "no heartbeat yet")
    age = (now or time.time()) - beat
    limit = settings.HEALTH_WORKER_STALE_SECONDS
    return Check("worker", age <= limit, f"last heartbeat {age:.0f} s ago, limit {limit} s")


def disk() -> Check:
    """Free space under MEDIA_ROOT, where a file system storage keeps the uploads; another
    storage (object storage) has no disk of ours to fill, and the check says so."""
    if not isinstance(storages["default"], FileSystemStorage):
        return Check("disk", True, f"uploads in {type(storages['default']).__name__}")
    try:
        free = shutil.disk_usage(settings.MEDIA_ROOT).free // (1024 * 1024)
    except OSError as error:
        return Check("disk", False, error.strerror or type(error).__name__)
    needed = settings.HEALTH_MIN_FREE_MB
    return Check("disk", free >= needed, f"{free} MB free for uploads, {needed} MB needed")


def readiness() -> list[Check]:
    return [database(), cache_and_broker(), worker(), disk()]
