"""The bundle built by a real Celery worker on Redis (skipped without ``REDIS_URL``), and the task
known to a worker started the usual way (``celery -A config worker``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.result import AsyncResult

from campaigns.models import DocumentRequirement
from dossiers.bundles import limits, providers, services
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle
from dossiers.samples import sample_pdf

from .conftest import attach, forwarded, open_zip

BASE_DIR = Path(__file__).resolve().parents[3]
NOMINEES = 50


def test_a_worker_started_from_the_config_knows_the_task():
    """``app.autodiscover_tasks()`` finds ``<app>.tasks`` only; the bundle task lives a package
    deeper and must be found all the same."""
    script = ("from config.celery import app; app.loader.import_default_modules(); "
              "print('dossiers.build_bundle' in app.tasks)")
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR,  # noqa: S603
                            capture_output=True,
                            text=True, timeout=60, check=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.stdout.strip() == "True", result.stderr


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL and a broker")
@pytest.mark.django_db(transaction=True)
# Celery's Redis result backend still calls redis-py's deprecated ``setex``.
@pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning")
def test_a_real_worker_bundles_a_district_of_fifty(seed000, extra_provider, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    seed = seed000
    report = DocumentRequirement.objects.create(
        campaign=seed.campaign, code="bao-cao", name="Báo cáo tóm tắt thành tích", copies=3)
    for n in range(1, NOMINEES + 1):
        attach(forwarded(seed, full_name=f"Nguyễn Thị Mười {n:02d}"), "Báo cáo thành tích.pdf",
               report)

    # A stand-in for the documents still to come (a PDF rendered per nominee takes a moment):
    # the build lasts long enough for the progress to be seen between 0 and the total.
    def rendered_report(context, nominee):
        def produce():
            time.sleep(0.02)
            return sample_pdf(nominee.nomination.nominee_name)
        yield BundleFile("Báo cáo thành tích (mẫu 07).pdf", produce)

    extra_provider(rendered_report, per=providers.NOMINEE)
    monkeypatch.setattr(limits, "PROGRESS_INTERVAL", 0.05)

    app.conf.task_always_eager = False
    app.conf.result_backend = os.environ["REDIS_URL"]
    rows, states = [], set()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            started = time.monotonic()
            # Outside any transaction: the task is sent as the row is committed.
            bundle = services.request_bundle(seed.staff_district_a, seed.campaign,
                                             seed.tree.district_a)
            result = AsyncResult(bundle.task_id, app=app)
            while time.monotonic() - started < 60:
                row = DossierBundle.objects.values_list("state", "done", "total").get(
                    pk=bundle.pk)
                rows.append(row)
                states.add(result.state)
                if row[0] in (BundleState.DONE, BundleState.FAILED):
                    break
                time.sleep(0.02)
            assert result.get(timeout=20) == BundleState.DONE
    finally:
        app.conf.task_always_eager = True

    bundle.refresh_from_db()
    seconds = (bundle.finished_at - bundle.started_at).total_seconds()
    print(f"\n{NOMINEES} nominees, {bundle.total} files, {bundle.size} bytes: built in "
          f"{seconds:.2f} s by the worker, {time.monotonic() - started:.2f} s from the request")
    assert bundle.state == BundleState.DONE, bundle.error
    total = 2 + 2 * NOMINEES
    assert (bundle.done, bundle.total, bundle.nominees) == (total, total, NOMINEES)
    assert any(state == BundleState.RUNNING and 0 < done < total for state, done, _t in rows)
    assert "PROGRESS" in states

    archive = open_zip(bundle)
    folders = [f for f in archive.folders if f.count("/") == 2]
    assert len(folders) == NOMINEES
    assert folders[0] == "QA - bieu-duong-2025/01 - Nguyễn Thị Mười 01/"
    assert folders[-1] == "QA - bieu-duong-2025/50 - Nguyễn Thị Mười 50/"
    assert len(archive.names) == total
