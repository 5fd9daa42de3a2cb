"""Nothing assumes that the worker that built a bundle and the web process that serves it share
a disk: with a storage backend that is not the file system (here Django's in-memory storage, as
object storage would be), the evidence is read, the bundle built in parts and downloaded through
the storage API, and no file of either lands under MEDIA_ROOT. The parts share only the work
folder, ``BUNDLE_WORK_DIR``."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.test import TestCase
from django.urls import reverse

from dossiers.bundles import providers, services, tasks
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle

from .conftest import attach, forwarded, open_zip

pytestmark = pytest.mark.django_db

NAMES = ("Trần Thị Bích", "Lê Văn Ánh")


@pytest.fixture
def in_memory(settings, tmp_path):
    """Uploads and bundles in memory; MEDIA_ROOT and the work folder are separate folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BUNDLE_WORK_DIR = str(tmp_path / "work")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert isinstance(storages["default"], InMemoryStorage)
    return tmp_path


def note(context, nominee):
    yield BundleFile("Ghi chú.txt", lambda: f"Ghi chú: {nominee.nomination.nominee_name}".encode())


def files_under(folder) -> list[str]:
    if not folder.exists():
        return []
    return [os.path.join(root, f) for root, _dirs, names in os.walk(folder) for f in names]


def test_a_bundle_built_in_parts_is_stored_and_served_through_the_storage(
    seed000, in_memory, extra_provider, monkeypatch, client
):
    extra_provider(note, per=providers.NOMINEE)
    monkeypatch.setattr(tasks, "NOMINEES_PER_PART", 1)
    for name in NAMES:
        attach(forwarded(seed000, full_name=name), "Báo cáo thành tích.pdf")
    with TestCase.captureOnCommitCallbacks(execute=False):
        bundle = services.request_bundle(
            seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
        )
    state = tasks.build_bundle.apply(args=[bundle.pk], kwargs={"split": True}).get()
    bundle.refresh_from_db()
    assert state == BundleState.DONE == bundle.state
    assert default_storage.exists(bundle.file.name)
    assert bundle.size == default_storage.size(bundle.file.name)
    # Nothing on the disk: neither the evidence nor the zip, and the parts' folder is emptied.
    assert files_under(in_memory / "media") == []
    assert files_under(in_memory / "work") == []

    client.force_login(seed000.staff_district_a)
    response = client.get(reverse("bundles:download", args=[bundle.public_id]))
    assert response.status_code == 200
    archive = open_zip(b"".join(response.streaming_content))
    assert any(n.endswith("/Ghi chú.txt") for n in archive.names)
    assert any(n.endswith("Báo cáo thành tích.pdf") for n in archive.names)


def test_the_work_folder_is_the_setting(settings, tmp_path):
    settings.BUNDLE_WORK_DIR = str(tmp_path / "shared" / "bundles")
    assert tasks.partial_dir() == tmp_path / "shared" / "bundles"
    assert (tmp_path / "shared" / "bundles").is_dir()


def test_without_the_setting_it_is_beside_the_bundles(settings, tmp_path):
    settings.BUNDLE_WORK_DIR = ""
    settings.MEDIA_ROOT = tmp_path
    assert tasks.partial_dir() == tmp_path / "bundles" / "partial"


def test_an_old_zip_is_removed_from_the_storage(seed000, in_memory, settings):
    attach(forwarded(seed000, full_name=NAMES[0]), "Báo cáo thành tích.pdf")
    with TestCase.captureOnCommitCallbacks(execute=True):
        bundle = services.request_bundle(
            seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
        )
    bundle.refresh_from_db()
    name = bundle.file.name
    assert default_storage.exists(name)
    later = bundle.finished_at + datetime.timedelta(days=settings.BUNDLE_KEEP_DAYS + 1)
    assert tasks.remove_old_zips(now=later) == 1
    assert not default_storage.exists(name)
    assert DossierBundle.objects.get(pk=bundle.pk).file.name == ""


ROUTE = (
    "import django; django.setup(); from config.celery import app; "
    "print(*(app.amqp.router.route({}, n)['queue'].name for n in "
    "('dossiers.build_bundle', 'dossiers.build_bundle_part', 'dossiers.finish_bundle', "
    "'notifications.send_digests')))"
)


@pytest.mark.parametrize(("queue", "expected"), [("bundles", "bundles"), ("", "celery")])
def test_bundle_queue_sends_every_bundle_task_to_one_queue(queue, expected):
    """``BUNDLE_QUEUE``: the bundle's tasks (the parts of a chord included) go to the queue of
    the one worker host that builds bundles; every other task stays on the default queue."""
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {**os.environ, "BUNDLE_QUEUE": queue, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", ROUTE],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected, expected, expected, "celery"]
