"""The Celery tasks that build a bundle.

Inline (no Redis) the task builds the whole bundle in the request, after the commit, in one go
(``build``). In a worker, ``build_bundle`` lists the files and hands over to a chord: the files
that are not ``light`` (the rendered documents: nearly all of the time) are produced in parts by
``build_bundle_part`` tasks, which the worker's processes run side by side, into a work folder
beside the partial zips; ``finish_bundle`` then writes the zip from them and from the light
files, and its result is the bundle's (it inherits the task id). Every task lists the files
again and checks that the list is the one planned.

Either way the ``DossierBundle`` row carries the state and the progress (``done`` of ``total``
files), which the page polls; in a worker the tasks also report ``PROGRESS`` to the result
backend under the bundle's task id. A bundle that cannot be built ends ``failed`` with a message
for the user (the first part that fails says why; the others stop), and no partial file stays:
what a killed worker left is removed with the bundle marked failed (``fail_interrupted``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from itertools import accumulate
from pathlib import Path

from celery import chord, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.celery import QUEUE_ERRORS
from notifications.models import NoticeKind
from notifications.services import notify

from ..models import BundleState, DossierBundle, bundle_path
from . import building, limits, providers, selection

logger = logging.getLogger(__name__)

#: in a worker, the files of this many nominees make one part (each level-wide file that is not
#: light is a part of its own: a list of every nominee takes as long as many nominees' files)
NOMINEES_PER_PART = 25
#: the folder where the parts of one build leave their files, in ``partial_dir()``
WORK_SUFFIX = ".parts"
#: what a part that produced all its files returns
PRODUCED = "produced"
#: what a part returns when the bundle failed (in another part) or is gone
STOPPED = "stopped"


class _PartialZip(File):
    """The finished temporary zip: a file system storage moves it into place (no copy; a copy
    when the work folder is on another file system); any other storage reads it in chunks."""

    def temporary_file_path(self) -> str:
        return self.name


def partial_dir() -> Path:
    """Where zips are written while they are built, and the parts' work folders: the setting
    ``BUNDLE_WORK_DIR``, by default beside the bundles' final place under MEDIA_ROOT (with the
    file system storage the final move is then a rename), never under a served URL. Every worker
    process that runs the parts of a bundle must see the same folder: on several worker hosts it
    is a shared volume (docs/scaling.md). The finished zip always goes through the storage API.
    What a killed worker left here is removed once it is older than ``STALE_AFTER``."""
    configured = getattr(settings, "BUNDLE_WORK_DIR", "")
    path = Path(configured) if configured else Path(settings.MEDIA_ROOT) / "bundles" / "partial"
    path.mkdir(parents=True, exist_ok=True)
    too_old = time.time() - limits.STALE_AFTER.total_seconds()
    for leftover in [*path.glob("*.part"), *path.glob(f"*{WORK_SUFFIX}")]:
        try:
            if leftover.stat().st_mtime < too_old:
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink()
        except FileNotFoundError:
            pass
    return path


class Progress:
    """Writes ``done``/``total`` to the row at most every ``PROGRESS_INTERVAL`` seconds (and
    always at the end), and, in a worker, reports ``PROGRESS`` with the same numbers."""

    def __init__(self, task, bundle: DossierBundle, total: int):
        self.task = task
        self.bundle = bundle
        self.total = total
        self.last = 0.0

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and done < self.total and now - self.last < limits.PROGRESS_INTERVAL:
            return
        self.last = now
        DossierBundle.objects.filter(pk=self.bundle.pk).update(done=done, total=self.total)
        request = self.task.request
        if request.id and not request.is_eager:
            self.task.update_state(
                state="PROGRESS",
                meta={
                    "bundle": str(self.bundle.public_id),
                    "done": done,
                    "total": self.total,
                },
            )


def _claim(bundle_id: int) -> DossierBundle | None:
    """Mark the bundle running, unless it is gone or finished (a message delivered twice)."""
    with transaction.atomic():
        bundle = (
            DossierBundle.objects.select_for_update(of=("self",))
            .select_related("campaign__organiser", "unit", "requested_by__unit")
            .filter(pk=bundle_id)
            .first()
        )
        if bundle is None or bundle.state in (BundleState.DONE, BundleState.FAILED):
            return None
        bundle.state = BundleState.RUNNING
        bundle.started_at = timezone.now()
        bundle.done = bundle.total = 0
        bundle.error = ""
        bundle.save(update_fields=["state", "started_at", "done", "total", "error"])
    return bundle


def _fail(bundle: DossierBundle, message: str) -> str:
    """Mark the bundle failed, unless it is not running any more: the first failure of a bundle
    built in parts is the one the user is told about."""
    DossierBundle.objects.filter(pk=bundle.pk, state=BundleState.RUNNING).update(
        state=BundleState.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    return BundleState.FAILED.value


def _tell_ready(bundle: DossierBundle) -> None:
    """The notice to whoever asked for the bundle (e-mailed after the commit)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The dossier bundle of %(unit)s for %(campaign)s is ready to download") % {
            "unit": bundle.unit.name,
            "campaign": bundle.campaign.title,
        }
    notify(
        [bundle.requested_by],
        NoticeKind.BUNDLE_READY,
        title,
        "",
        reverse("bundles:detail", args=[bundle.public_id]),
    )


def _store(bundle: DossierBundle, partial: str, total: int, nominees: int) -> str:
    size = os.path.getsize(partial)
    storage = DossierBundle.file.field.storage
    with open(partial, "rb") as handle:
        name = storage.save(bundle_path(bundle, ""), _PartialZip(handle, name=partial))
    try:
        with transaction.atomic():
            stored = DossierBundle.objects.filter(pk=bundle.pk, state=BundleState.RUNNING).update(
                state=BundleState.DONE,
                file=name,
                size=size,
                done=total,
                total=total,
                nominees=nominees,
                finished_at=timezone.now(),
            )
            if stored:
                _tell_ready(bundle)
    except BaseException:
        storage.delete(name)
        raise
    if not stored:  # marked failed meanwhile (interrupted, past its time): nothing is kept
        storage.delete(name)
        return BundleState.FAILED.value
    return BundleState.DONE.value


def _reason(error: BaseException) -> str:
    """What the user is told about a provider's failure (the sentence around it ends it): its
    own words for a ``BundleError`` or a ``ValidationError``, the kind of error otherwise (the
    details go to the log)."""
    if isinstance(error, providers.BundleError):
        return str(error).rstrip(" .")
    if isinstance(error, ValidationError):
        return " ".join(error.messages).rstrip(" .")
    return _("unexpected error (%(kind)s); the details are in the server log") % {
        "kind": type(error).__name__
    }


def _too_long() -> str:
    return _(
        "Building the dossier took longer than %(minutes)s minutes and was stopped. "
        "Try again when the server is less busy."
    ) % {"minutes": limits.SOFT_TIME_LIMIT // 60}


def _failure(bundle: DossierBundle, error: Exception) -> str:
    """Mark the bundle failed with what the user is told about ``error``."""
    if isinstance(error, SoftTimeLimitExceeded | building.BuildTooLong):
        return _fail(bundle, _too_long())
    if isinstance(error, building.FileFailed):
        if isinstance(error.cause, SoftTimeLimitExceeded):
            return _fail(bundle, _too_long())
        _log(error.cause, bundle)
        return _fail(
            bundle,
            _("The file “%(path)s” could not be produced: %(reason)s.")
            % {"path": error.path, "reason": _reason(error.cause)},
        )
    if isinstance(error, providers.ListingFailed):
        if isinstance(error.cause, SoftTimeLimitExceeded):
            return _fail(bundle, _too_long())
        _log(error.cause, bundle)
        if error.nominee is None:
            message = _("The documents of the level could not be listed: %(reason)s.")
            return _fail(bundle, message % {"reason": _reason(error.cause)})
        message = _("The documents of %(nominee)s could not be listed: %(reason)s.")
        return _fail(
            bundle, message % {"nominee": error.nominee.folder, "reason": _reason(error.cause)}
        )
    _log(error, bundle)
    return _fail(
        bundle, _("The dossier could not be built: %(reason)s.") % {"reason": _reason(error)}
    )


def _deadline(bundle: DossierBundle) -> float:
    """``SOFT_TIME_LIMIT`` after the bundle started, as a ``time.monotonic()`` value: the limit
    is the whole build's, however many tasks share it."""
    spent = (timezone.now() - bundle.started_at).total_seconds()
    return time.monotonic() + limits.SOFT_TIME_LIMIT - spent


def build(task, bundle_id: int) -> str:
    """The whole bundle in one go, in this process."""
    bundle = _claim(bundle_id)
    if bundle is None:
        return "skipped"
    return _build_here(task, bundle)


def _build_here(task, bundle: DossierBundle) -> str:
    deadline = _deadline(bundle)
    partial = None
    try:
        context = selection.context_for(bundle)
        files = building.resolve(providers.collect(context))
        context.manifest = [file.path for file in files]
        progress = Progress(task, bundle, len(files))
        progress(0, force=True)
        with (
            tempfile.NamedTemporaryFile(
                dir=partial_dir(), suffix=".zip.part", delete=False
            ) as handle,
            providers.producing(),
        ):
            partial = handle.name
            building.write_zip(
                handle,
                context.root,
                files,
                moment=context.moment,
                folders=[nominee.folder for nominee in context.nominees],
                on_file=progress,
                deadline=deadline,
            )
        return _store(bundle, partial, len(files), len(context.nominees))
    except Exception as error:
        return _failure(bundle, error)
    finally:
        if partial and os.path.exists(partial):
            os.unlink(partial)


# --- in a worker: in parts -----------------------------------------------------------------------


class ListChanged(providers.BundleError):
    """A task of the build listed other files than the first one planned with."""


def _listing(bundle: DossierBundle, moment: datetime.datetime | None = None):
    """The context and the resolved files (manifest set), and for each file its group in
    ``providers.collect_groups``: 0 for the level-wide files, then each nominee's number."""
    context = selection.context_for(bundle, moment)
    groups = providers.collect_groups(context)
    files = building.resolve(file for group in groups for file in group)
    context.manifest = [file.path for file in files]
    owners = [number for number, group in enumerate(groups) for _file in group]
    return context, files, owners


def digest(files: list[building.BundleFile]) -> str:
    text = "\n".join(f"{int(file.light)}{file.path}" for file in files)
    return hashlib.sha256(text.encode()).hexdigest()


def parts_of(
    files: list[building.BundleFile], owners: list[int], per_part: int | None = None
) -> list[list[int]]:
    """The indices of the files that are not light, in parts: each level-wide one alone, then
    the nominees' by ``per_part`` nominees (``NOMINEES_PER_PART``); the long ones first keep
    every process busy to the end."""
    per_part = per_part or NOMINEES_PER_PART
    parts: list[list[int]] = []
    chunk: list[int] = []
    nominees: set[int] = set()
    for index, (file, owner) in enumerate(zip(files, owners, strict=True)):
        if file.light:
            continue
        if owner == 0:
            parts.append([index])
            continue
        if owner not in nominees and len(nominees) == per_part:
            parts.append(chunk)
            chunk, nominees = [], set()
        chunk.append(index)
        nominees.add(owner)
    if chunk:
        parts.append(chunk)
    return parts


def _running(bundle_id: int) -> DossierBundle | None:
    return (
        DossierBundle.objects.select_related("campaign__organiser", "unit", "requested_by__unit")
        .filter(pk=bundle_id, state=BundleState.RUNNING)
        .first()
    )


def _relist(bundle: DossierBundle, job: dict):
    context, files, owners = _listing(bundle, datetime.datetime.fromisoformat(job["moment"]))
    if digest(files) != job["digest"]:
        raise ListChanged(
            _("the nominations or their files changed while it was being built; ask for it again")
        )
    return context, files, owners


def plan(task, bundle_id: int):
    """Claim the bundle and list its files: the job and the chord that builds it in parts, or
    the state it ended in (built here when every file is light: there is nothing to share)."""
    bundle = _claim(bundle_id)
    if bundle is None:
        return "skipped"
    try:
        context, files, owners = _listing(bundle)
        parts = parts_of(files, owners)
        if not parts:
            return _build_here(task, bundle)
        Progress(task, bundle, len(files))(0, force=True)
        work = partial_dir() / f"{uuid.uuid4().hex}{WORK_SUFFIX}"
        work.mkdir()
    except Exception as error:
        return _failure(bundle, error)
    job = {
        "bundle": bundle.pk,
        "folder": str(work),
        "digest": digest(files),
        "moment": context.moment.isoformat(),
    }
    return job, chord([build_bundle_part.si(job, part) for part in parts], finish_bundle.s(job))


class Stopped(Exception):
    """The bundle is no longer running: another part failed, or it was marked interrupted."""


class PartProgress:
    """Adds a part's files to ``done`` at most every ``PROGRESS_INTERVAL`` seconds (and at the
    end), and, in a worker, reports ``PROGRESS`` under the bundle's task id. Raises ``Stopped``
    once the bundle is no longer running, so that a part stops when another failed."""

    def __init__(self, task, bundle: DossierBundle, total: int):
        self.task = task
        self.bundle = bundle
        self.total = total
        self.last = time.monotonic()
        self.written = 0

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < limits.PROGRESS_INTERVAL:
            return
        self.last = now
        running = DossierBundle.objects.filter(pk=self.bundle.pk, state=BundleState.RUNNING)
        if not running.update(done=F("done") + done - self.written):
            raise Stopped
        self.written = done
        request = self.task.request
        if request.id and not request.is_eager:
            self.task.update_state(
                task_id=self.bundle.task_id,
                state="PROGRESS",
                meta={
                    "bundle": str(self.bundle.public_id),
                    "total": self.total,
                    "done": running.values_list("done", flat=True).first() or 0,
                },
            )


def build_part(task, job: dict, indices: list[int]) -> str:
    """Produce the files ``indices`` of the bundle into the job's folder."""
    bundle = _running(job["bundle"])
    if bundle is None:
        return STOPPED
    try:
        _context, files, _owners = _relist(bundle, job)
        progress = PartProgress(task, bundle, len(files))
        with providers.producing():
            building.write_files(
                job["folder"],
                [(index, files[index]) for index in indices],
                on_file=progress,
                deadline=_deadline(bundle),
            )
        progress(len(indices), force=True)
        return PRODUCED
    except Stopped:
        return STOPPED
    except Exception as error:
        return _failure(bundle, error)


def finish(task, results: list[str], job: dict) -> str:
    """The zip, from the files the parts produced and the light ones, once every part is
    through; the job's folder is removed whatever happened."""
    partial = None
    try:
        bundle = _running(job["bundle"])
        if bundle is None or any(result != PRODUCED for result in results):
            state = (
                DossierBundle.objects.filter(pk=job["bundle"])
                .values_list("state", flat=True)
                .first()
            )
            return state or "skipped"
        try:
            context, files, _owners = _relist(bundle, job)
            heavy = sum(1 for file in files if not file.light)
            # the light files among the first n of the zip: they are the ones written here
            light_before = [0, *accumulate(int(file.light) for file in files)]
            progress = Progress(task, bundle, len(files))
            files = [
                file if file.light else building.produced(job["folder"], file, index)
                for index, file in enumerate(files)
            ]
            with (
                tempfile.NamedTemporaryFile(
                    dir=partial_dir(), suffix=".zip.part", delete=False
                ) as handle,
                providers.producing(),
            ):
                partial = handle.name
                building.write_zip(
                    handle,
                    context.root,
                    files,
                    moment=context.moment,
                    folders=[nominee.folder for nominee in context.nominees],
                    on_file=lambda done: progress(heavy + light_before[done]),
                    deadline=_deadline(bundle),
                )
            return _store(bundle, partial, len(files), len(context.nominees))
        except Exception as error:
            return _failure(bundle, error)
    finally:
        if partial and os.path.exists(partial):
            os.unlink(partial)
        shutil.rmtree(job["folder"], ignore_errors=True)


def _log(error: BaseException, bundle: DossierBundle) -> None:
    if not isinstance(error, providers.BundleError | ValidationError):
        logger.error("Bundle %s failed", bundle.public_id, exc_info=error)


def interrupted_message() -> str:
    return _(
        "The worker building the dossier stopped before it finished (it was restarted or "
        "lost). Nothing was kept: ask for the dossier again."
    )


def fail_interrupted() -> int:
    """Mark failed the bundles still ``running`` past ``STALE_AFTER`` (their worker was killed
    before it could say so) and remove the partial zips such a worker left; returns how many
    were marked. Their page showed them failed already (``is_interrupted``)."""
    cutoff = timezone.now() - limits.STALE_AFTER
    marked = (
        DossierBundle.objects.unscoped("housekeeping over every unit")
        .filter(state=BundleState.RUNNING, started_at__lt=cutoff)
        .update(state=BundleState.FAILED, error=interrupted_message(), finished_at=timezone.now())
    )
    partial_dir()  # removes what is older than STALE_AFTER
    return marked


@shared_task(name="dossiers.fail_interrupted_bundles", ignore_result=True)
def fail_interrupted_bundles() -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return fail_interrupted()


def remove_old_zips(now: datetime.datetime | None = None) -> int:
    """Remove the zips of the bundles finished more than ``BUNDLE_KEEP_DAYS`` days before
    ``now``; the rows stay (who asked for what, when, how many nominees), shown as removed.
    Returns how many zips were removed. A zip is a copy: a new bundle rebuilds it."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.BUNDLE_KEEP_DAYS)
    removed = 0
    old = (
        DossierBundle.objects.unscoped("housekeeping over every unit")
        .filter(state=BundleState.DONE, finished_at__lt=cutoff)
        .exclude(file="")
    )
    for pk, name in old.values_list("pk", "file"):
        # The row first: a download that starts now finds no file rather than a broken one.
        if DossierBundle.objects.filter(pk=pk, file=name).update(file=""):
            DossierBundle.file.field.storage.delete(name)
            removed += 1
    return removed


@shared_task(name="dossiers.remove_old_bundle_zips", ignore_result=True)
def remove_old_bundle_zips() -> int:
    return remove_old_zips()


def _task_options(name: str) -> dict:
    return {
        "bind": True,
        "name": name,
        "acks_late": True,
        "soft_time_limit": limits.SOFT_TIME_LIMIT,
        "time_limit": limits.TIME_LIMIT,
    }


@shared_task(**_task_options("dossiers.build_bundle"))
def build_bundle(self, bundle_id: int, split: bool | None = None) -> str:
    """Build the zip of the ``DossierBundle`` ``bundle_id``; returns the state it ended in
    (``"skipped"`` for a bundle that is gone or finished already). ``split``: in parts, by a
    chord that replaces this task (the default in a worker); otherwise in one go (inline)."""
    providers.discover()
    if split is None:
        split = not self.request.is_eager
    with translation.override(settings.LANGUAGE_CODE):
        if not split:
            return build(self, bundle_id)
        planned = plan(self, bundle_id)
    if isinstance(planned, str):
        return planned
    job, parts = planned
    try:
        return self.replace(parts)
    except QUEUE_ERRORS as error:  # the broker went away since this task was received
        shutil.rmtree(job["folder"], ignore_errors=True)
        with translation.override(settings.LANGUAGE_CODE):
            return _failure(DossierBundle.objects.get(pk=bundle_id), error)


@shared_task(**_task_options("dossiers.build_bundle_part"))
def build_bundle_part(self, job: dict, indices: list[int]) -> str:
    providers.discover()
    with translation.override(settings.LANGUAGE_CODE):
        return build_part(self, job, indices)


@shared_task(**_task_options("dossiers.finish_bundle"))
def finish_bundle(self, results: list[str], job: dict) -> str:
    providers.discover()
    with translation.override(settings.LANGUAGE_CODE):
        return finish(self, results, job)
