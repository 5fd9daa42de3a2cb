"""What each test process owns, so that pytest-xdist's workers (``-n 2``) never share state.

Loaded with ``-p tests.parallel`` (pyproject's ``addopts``), so this module runs before
pytest-django imports the settings, which read the environment once:

* ``REDIS_URL``: worker ``gwN`` uses database ``base + N`` (mod 16) of the same server. The tests
  empty the cache before and after each test (``FLUSHDB``), and a Celery worker started by a
  ``celery_worker`` test takes any task on its broker: on a shared database one process would
  wipe another's queued tasks and run tasks against another process's test database.
* ``MEDIA_ROOT``: uploads a test makes without its own ``tmp_path`` land in a directory of this
  process, removed at exit, never under ``var/``.

PostgreSQL needs nothing here: pytest-django gives each worker its own test database
(``test_<name>_gwN``), and the live server listens on a free port.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", …; empty when not parallel
REDIS_DATABASES = 16  # Redis's default number of databases


def worker_number(worker: str = WORKER) -> int:
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def redis_url_for(url: str, number: int) -> str:
    """``url`` moved to database ``base + number``: ``redis://h:6379/6`` → ``…/7`` for gw1."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    base = int(path) if path.isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{(base + number) % REDIS_DATABASES}"))


def _own_media_root() -> str:
    root = tempfile.mkdtemp(prefix=f"commendations-media-{WORKER or 'main'}-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


if os.environ.get("REDIS_URL") and WORKER:
    os.environ["REDIS_URL"] = redis_url_for(os.environ["REDIS_URL"], worker_number())
os.environ["MEDIA_ROOT"] = _own_media_root()
# Test databases are thrown away: their commits need not wait for the disk (config/settings.py).
os.environ.setdefault("PG_SYNCHRONOUS_COMMIT", "off")


# --- the security figures, gathered from every worker ---------------------------------------------
# tests/conftest.py prints them at the end of the run; under xdist the tests run in the workers,
# so each worker hands its figures to the controller, which adds them up.


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is None:
        return
    from tests.security import figures

    workeroutput["security_figures"] = figures.export()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    exported = getattr(node, "workeroutput", {}).get("security_figures")
    if exported:
        from tests.security import figures

        figures.merge(exported)
