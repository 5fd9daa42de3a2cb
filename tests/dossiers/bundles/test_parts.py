"""A bundle built in parts, as a worker builds it (here eagerly, with ``split=True``): the same
zip as when it is built in one go, the progress, a part that fails, a list that changed between
two tasks, and what a part killed midway leaves behind."""

from __future__ import annotations

import os
import time

import pytest
from django.test import TestCase

from dossiers.bundles import limits, providers, services, tasks
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle

from .conftest import attach, build, forwarded, open_zip

pytestmark = pytest.mark.django_db

ROOT = "QA - bieu-duong-2025"
NAMES = ("Trần Thị Bích", "Lê Văn Ánh", "Phạm Minh Châu")


@pytest.fixture
def nominees(seed000):
    made = []
    for name in NAMES:
        nomination = forwarded(seed000, full_name=name)
        attach(nomination, "Báo cáo thành tích.pdf")
        made.append(nomination)
    return made


def note(context, nominee):
    """A file that is not light: produced by a part."""
    yield BundleFile("Ghi chú.txt", lambda: f"Ghi chú: {nominee.nomination.nominee_name}".encode())


def memo(context):
    yield BundleFile("01 - Tờ trình.txt", lambda: f"{len(context.nominees)} hồ sơ".encode())


@pytest.fixture
def heavy(extra_provider, monkeypatch):
    """A level-wide file and a file per nominee to be produced in parts, one nominee a part."""
    extra_provider(memo)
    extra_provider(note, per=providers.NOMINEE)
    monkeypatch.setattr(tasks, "NOMINEES_PER_PART", 1)


@pytest.fixture
def parts_run(monkeypatch):
    """The files each part was given and what it returned."""
    runs = []
    original = tasks.build_part

    def spy(task, job, indices):
        result = original(task, job, indices)
        runs.append((list(indices), result))
        return result

    monkeypatch.setattr(tasks, "build_part", spy)
    return runs


def build_in_parts(seed) -> DossierBundle:
    """Ask for district A's bundle and build it as a worker would, in parts."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        bundle = services.request_bundle(seed.staff_district_a, seed.campaign, seed.tree.district_a)
    state = tasks.build_bundle.apply(args=[bundle.pk], kwargs={"split": True}).get()
    bundle.refresh_from_db()
    assert state == bundle.state
    return bundle


def contents(bundle: DossierBundle) -> dict[str, bytes]:
    archive = open_zip(bundle)
    return {name: archive.read(name) for name in archive.names}


def assert_nothing_left(media):
    partial = media / "bundles" / "partial"
    assert not partial.exists() or os.listdir(partial) == []


def test_the_parts_make_the_same_zip_as_one_go(seed000, nominees, heavy, parts_run, media):
    whole = build(seed000)
    in_parts = build_in_parts(seed000)
    assert whole.state == in_parts.state == BundleState.DONE
    assert parts_run, "the files were produced by parts"
    archive, expected = open_zip(in_parts), open_zip(whole)
    assert archive.names == expected.names
    assert archive.folders == expected.folders
    # The list's spreadsheet carries the time it was written; every other file is the same.
    expected_contents = {n: c for n, c in contents(whole).items() if not n.endswith(".xlsx")}
    assert {
        n: c for n, c in contents(in_parts).items() if not n.endswith(".xlsx")
    } == expected_contents
    assert f"{ROOT}/02 - Phạm Minh Châu/Ghi chú.txt" in archive.names
    assert (in_parts.done, in_parts.total, in_parts.nominees) == (whole.total, whole.total, 3)
    assert in_parts.size == in_parts.file.size
    assert_nothing_left(media)


def test_each_part_gets_its_files_and_the_light_ones_go_straight_into_the_zip(
    seed000, nominees, heavy, parts_run
):
    bundle = build_in_parts(seed000)
    names = open_zip(bundle).names
    produced = [[names[index] for index in indices] for indices, _result in parts_run]
    assert produced == [
        [f"{ROOT}/01 - Tờ trình.txt"],
        [f"{ROOT}/01 - Lê Văn Ánh/Ghi chú.txt"],
        [f"{ROOT}/02 - Phạm Minh Châu/Ghi chú.txt"],
        [f"{ROOT}/03 - Trần Thị Bích/Ghi chú.txt"],
    ]
    assert {result for _indices, result in parts_run} == {tasks.PRODUCED}


def test_the_progress_follows_the_parts(seed000, nominees, heavy, extra_provider, monkeypatch):
    monkeypatch.setattr(limits, "PROGRESS_INTERVAL", 0)
    rows = []

    def watcher(context, nominee):
        yield BundleFile(
            "theo-doi.txt",
            lambda: (
                rows.append(DossierBundle.objects.values_list("state", "done", "total").get())
                or b""
            ),
        )

    extra_provider(watcher, per=providers.NOMINEE)
    bundle = build_in_parts(seed000)
    # 1 cover + 1 memo + 1 list + 3 × (report, note, watcher)
    assert (bundle.state, bundle.done, bundle.total) == (BundleState.DONE, 12, 12)
    dones = [done for _state, done, _total in rows]
    assert all(state == BundleState.RUNNING and total == 12 for state, _done, total in rows)
    assert dones == sorted(dones) and dones[0] > 0 and dones[-1] < 12


def test_a_failing_part_fails_the_bundle_and_the_others_stop(
    seed000, nominees, heavy, extra_provider, parts_run, media
):
    def broken(context, nominee):
        def produce():
            if nominee.number == 2:
                raise providers.BundleError("Chưa chọn mẫu báo cáo thành tích.")
            return b"ok"

        yield BundleFile("Mẫu.txt", produce)

    extra_provider(broken, per=providers.NOMINEE)
    bundle = build_in_parts(seed000)
    assert bundle.state == BundleState.FAILED and not bundle.file
    assert bundle.finished_at is not None
    assert bundle.error == (
        "The file “02 - Phạm Minh Châu/Mẫu.txt” could not be produced: "
        "Chưa chọn mẫu báo cáo thành tích."
    )
    assert [result for _indices, result in parts_run] == [
        tasks.PRODUCED,
        tasks.PRODUCED,
        BundleState.FAILED,
        tasks.STOPPED,
    ]
    assert not (media / "bundles" / f"{bundle.public_id}.zip").exists()
    assert_nothing_left(media)

    providers.unregister(broken)
    again = build_in_parts(seed000)
    assert again != bundle and again.state == BundleState.DONE


def test_a_light_file_that_fails_in_the_last_task(seed000, nominees, heavy, media):
    nominees[0].evidence.get().file.delete(save=False)
    bundle = build_in_parts(seed000)
    assert bundle.state == BundleState.FAILED
    assert "the stored file of Báo cáo thành tích.pdf is missing" in bundle.error
    assert_nothing_left(media)


def test_a_list_that_changed_since_the_plan_fails_the_bundle(
    seed000, nominees, heavy, extra_provider, media
):
    listed = []

    def changing(context):
        listed.append(1)
        yield BundleFile(f"Phụ lục {len(listed)}.txt", lambda: b"x")

    extra_provider(changing)
    bundle = build_in_parts(seed000)
    assert bundle.state == BundleState.FAILED
    assert bundle.error == (
        "The dossier could not be built: the nominations or their files "
        "changed while it was being built; ask for it again."
    )
    assert_nothing_left(media)


def test_with_light_files_only_it_is_built_in_one_go(seed000, nominees, parts_run):
    bundle = build_in_parts(seed000)
    assert bundle.state == BundleState.DONE and parts_run == []
    assert bundle.done == bundle.total == 1 + 1 + len(NAMES)


def test_past_its_time_no_part_starts(seed000, nominees, heavy, parts_run, media, monkeypatch):
    monkeypatch.setattr(limits, "SOFT_TIME_LIMIT", -1)
    bundle = build_in_parts(seed000)
    assert bundle.state == BundleState.FAILED
    assert bundle.error.startswith("Building the dossier took longer than")
    assert [result for _indices, result in parts_run][:1] == [BundleState.FAILED]
    assert_nothing_left(media)


def test_what_a_killed_part_left_is_removed_past_the_time_limit(media):
    partial = tasks.partial_dir()
    old, recent = partial / f"old{tasks.WORK_SUFFIX}", partial / f"recent{tasks.WORK_SUFFIX}"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "000001").write_bytes(b"%PDF-")
    past = time.time() - limits.STALE_AFTER.total_seconds() - 1
    os.utime(old, (past, past))
    tasks.fail_interrupted()
    assert not old.exists() and recent.exists()


class TestPartsOf:
    @staticmethod
    def files(*lights):
        return [BundleFile(f"{n}.txt", bytes, light=light) for n, light in enumerate(lights)]

    def test_level_files_alone_then_nominees_together(self):
        # cover (light), two documents, list (light); nominees 1-3: evidence (light), report
        files = self.files(True, False, False, True, True, False, True, False, True, False)
        owners = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3]
        assert tasks.parts_of(files, owners, per_part=2) == [[1], [2], [5, 7], [9]]
        assert tasks.parts_of(files, owners, per_part=5) == [[1], [2], [5, 7, 9]]

    def test_a_nominees_files_stay_in_one_part(self):
        files = self.files(False, False, False, False)
        assert tasks.parts_of(files, [1, 1, 1, 2], per_part=1) == [[0, 1, 2], [3]]

    def test_nothing_heavy_no_part(self):
        assert tasks.parts_of(self.files(True, True), [0, 1]) == []
