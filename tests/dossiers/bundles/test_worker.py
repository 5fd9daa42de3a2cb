"""The bundle built by a real Celery worker on Redis (skipped without ``REDIS_URL``), in parts as
a worker builds it, and the tasks known to a worker started the usual way (``celery -A config
worker``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings

from campaigns.models import DocumentRequirement
from dossiers.bundles import limits, providers, services, tasks
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle
from nominations.samples import sample_pdf

from .conftest import attach, forwarded, open_zip

BASE_DIR = Path(__file__).resolve().parents[3]
NOMINEES = 50

WORKER_MARKS = (
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL and a broker"),
    pytest.mark.django_db(transaction=True),
    # Celery's Redis result backend still calls redis-py's deprecated ``setex``.
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
)


def needs_a_worker(test):
    for mark in WORKER_MARKS:
        test = mark(test)
    return test


def spy_on_parts(monkeypatch) -> list:
    """The files each part was given and what it returned (the worker runs in this process)."""
    runs = []
    original = tasks.build_part

    def spy(task, job, indices):
        result = original(task, job, indices)
        runs.append((list(indices), result))
        return result

    monkeypatch.setattr(tasks, "build_part", spy)
    return runs


def build_by_a_worker(seed, expected=BundleState.DONE):
    """Ask for district A's bundle with a worker running; the bundle, the rows the page would
    have read while it was built, and the states of its task."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    app.conf.result_backend = os.environ["REDIS_URL"]
    rows, states = [], set()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            started = time.monotonic()
            # Outside any transaction: the task is sent as the row is committed.
            bundle = services.request_bundle(
                seed.staff_district_a, seed.campaign, seed.tree.district_a
            )
            result = AsyncResult(bundle.task_id, app=app)
            while time.monotonic() - started < 60:
                row = DossierBundle.objects.values_list("state", "done", "total").get(pk=bundle.pk)
                rows.append(row)
                states.add(result.state)
                if row[0] in (BundleState.DONE, BundleState.FAILED):
                    break
                time.sleep(0.02)
            # The chord's last task answers for the bundle's task id.
            assert result.get(timeout=20) == expected
    finally:
        app.conf.task_always_eager = True
    bundle.refresh_from_db()
    return bundle, rows, states


def test_a_worker_started_from_the_config_knows_the_task():
    """``app.autodiscover_tasks()`` finds ``<app>.tasks`` only; the bundle task lives a package
    deeper and must be found all the same."""
    script = (
        "from config.celery import app; app.loader.import_default_modules(); "
        "print(all(f'dossiers.{name}' in app.tasks "
        "for name in ('build_bundle', 'build_bundle_part', 'finish_bundle')))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.stdout.strip() == "True", result.stderr


@needs_a_worker
def test_a_real_worker_bundles_a_district_of_fifty(seed000, extra_provider, monkeypatch):
    seed = seed000
    report = DocumentRequirement.objects.create(
        campaign=seed.campaign, code="bao-cao", name="Báo cáo tóm tắt thành tích", copies=3
    )
    for n in range(1, NOMINEES + 1):
        attach(
            forwarded(seed, full_name=f"Nguyễn Thị Mười {n:02d}"), "Báo cáo thành tích.pdf", report
        )

    # A stand-in for the documents still to come (a PDF rendered per nominee takes a moment):
    # the build lasts long enough for the progress to be seen between 0 and the total.
    def rendered_report(context, nominee):
        def produce():
            time.sleep(0.02)
            return sample_pdf(nominee.nomination.nominee_name)

        yield BundleFile("Báo cáo thành tích (mẫu 07).pdf", produce)

    extra_provider(rendered_report, per=providers.NOMINEE)
    monkeypatch.setattr(limits, "PROGRESS_INTERVAL", 0.05)
    parts = spy_on_parts(monkeypatch)

    started = time.monotonic()
    bundle, rows, states = build_by_a_worker(seed)
    assert [result for _indices, result in parts] == [tasks.PRODUCED, tasks.PRODUCED]
    assert sorted(len(indices) for indices, _result in parts) == [25, 25]
    seconds = (bundle.finished_at - bundle.started_at).total_seconds()
    print(
        f"\n{NOMINEES} nominees, {bundle.total} files, {bundle.size} bytes: built in "
        f"{seconds:.2f} s by the worker, {time.monotonic() - started:.2f} s from the request"
    )
    assert bundle.state == BundleState.DONE, bundle.error
    total = 2 + 2 * NOMINEES
    assert (bundle.done, bundle.total, bundle.nominees) == (total, total, NOMINEES)
    assert any(state == BundleState.RUNNING and 0 < done < total for state, done, _t in rows)
    assert "PROGRESS" in states
    assert os.listdir(Path(settings.MEDIA_ROOT) / "bundles" / "partial") == []

    archive = open_zip(bundle)
    folders = [f for f in archive.folders if f.count("/") == 2]
    assert len(folders) == NOMINEES
    assert folders[0] == "QA - bieu-duong-2025/01 - Nguyễn Thị Mười 01/"
    assert folders[-1] == "QA - bieu-duong-2025/50 - Nguyễn Thị Mười 50/"
    assert len(archive.names) == total


@needs_a_worker
def test_a_part_that_fails_in_a_real_worker_fails_the_bundle(seed000, extra_provider, monkeypatch):
    for n in range(1, 4):
        forwarded(seed000, full_name=f"Nguyễn Thị Mười {n:02d}")

    def report(context, nominee):
        def produce():
            if nominee.number == 2:
                raise providers.BundleError("Chưa chọn mẫu báo cáo thành tích.")
            return b"ok"

        yield BundleFile("Báo cáo.txt", produce)

    extra_provider(report, per=providers.NOMINEE)
    monkeypatch.setattr(tasks, "NOMINEES_PER_PART", 1)
    parts = spy_on_parts(monkeypatch)

    bundle, _rows, _states = build_by_a_worker(seed000, expected=BundleState.FAILED)
    assert bundle.state == BundleState.FAILED and not bundle.file
    assert bundle.error == (
        "The file “02 - Nguyễn Thị Mười 02/Báo cáo.txt” could not be "
        "produced: Chưa chọn mẫu báo cáo thành tích."
    )
    assert [result for _indices, result in parts] == [
        tasks.PRODUCED,
        BundleState.FAILED,
        tasks.STOPPED,
    ]
    assert os.listdir(Path(settings.MEDIA_ROOT) / "bundles" / "partial") == []
