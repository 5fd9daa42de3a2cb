"""The Celery task that builds a bundle.

Inline (no Redis) it runs in the request, after the commit; with Redis, in a worker. Either way
the ``DossierBundle`` row carries the state and the progress (``done`` of ``total`` files), which
the page polls; in a worker the task also reports ``PROGRESS`` to the result backend. A bundle
that cannot be built ends ``failed`` with a message for the user, and no partial file stays.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import BundleState, DossierBundle, bundle_path
from . import building, limits, providers, selection

logger = logging.getLogger(__name__)


class _PartialZip(File):
    """The finished temporary zip: a file system storage moves it into place (no copy)."""

    def temporary_file_path(self) -> str:
        return self.name


def partial_dir() -> Path:
    """Where zips are written while they are built: beside their final place, so the final
    move is a rename, and never under a served URL (nothing serves MEDIA_ROOT). What a killed
    worker left there is removed once it is older than ``STALE_AFTER``."""
    path = Path(settings.MEDIA_ROOT) / "bundles" / "partial"
    path.mkdir(parents=True, exist_ok=True)
    too_old = time.time() - limits.STALE_AFTER.total_seconds()
    for leftover in path.glob("*.part"):
        try:
            if leftover.stat().st_mtime < too_old:
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
            self.task.update_state(state="PROGRESS", meta={
                "bundle": str(self.bundle.public_id), "done": done, "total": self.total,
            })


def _claim(bundle_id: int) -> DossierBundle | None:
    """Mark the bundle running, unless it is gone or finished (a message delivered twice)."""
    with transaction.atomic():
        bundle = (DossierBundle.objects.select_for_update(of=("self",))
                  .select_related("campaign__organiser", "unit", "requested_by__unit")
                  .filter(pk=bundle_id).first())
        if bundle is None or bundle.state in (BundleState.DONE, BundleState.FAILED):
            return None
        bundle.state = BundleState.RUNNING
        bundle.started_at = timezone.now()
        bundle.done = bundle.total = 0
        bundle.error = ""
        bundle.save(update_fields=["state", "started_at", "done", "total", "error"])
    return bundle


def _fail(bundle: DossierBundle, message: str) -> str:
    DossierBundle.objects.filter(pk=bundle.pk).update(
        state=BundleState.FAILED, error=message[:2000], finished_at=timezone.now())
    return BundleState.FAILED.value


def _store(bundle: DossierBundle, partial: str, total: int, nominees: int) -> str:
    size = os.path.getsize(partial)
    storage = DossierBundle.file.field.storage
    with open(partial, "rb") as handle:
        name = storage.save(bundle_path(bundle, ""), _PartialZip(handle, name=partial))
    try:
        DossierBundle.objects.filter(pk=bundle.pk).update(
            state=BundleState.DONE, file=name, size=size, done=total, total=total,
            nominees=nominees, finished_at=timezone.now())
    except BaseException:
        storage.delete(name)
        raise
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
        "kind": type(error).__name__}


def _too_long() -> str:
    return _("Building the dossier took longer than %(minutes)s minutes and was stopped. "
             "Try again when the server is less busy.") % {
        "minutes": limits.SOFT_TIME_LIMIT // 60}


def build(task, bundle_id: int) -> str:
    bundle = _claim(bundle_id)
    if bundle is None:
        return "skipped"
    deadline = time.monotonic() + limits.SOFT_TIME_LIMIT
    partial = None
    try:
        context = selection.context_for(bundle)
        files = building.resolve(providers.collect(context))
        context.manifest = [file.path for file in files]
        progress = Progress(task, bundle, len(files))
        progress(0, force=True)
        with tempfile.NamedTemporaryFile(dir=partial_dir(), suffix=".zip.part",
                                         delete=False) as handle:
            partial = handle.name
            building.write_zip(handle, context.root, files, moment=context.moment,
                               folders=[nominee.folder for nominee in context.nominees],
                               on_file=progress, deadline=deadline)
        return _store(bundle, partial, len(files), len(context.nominees))
    except (SoftTimeLimitExceeded, building.BuildTooLong):
        return _fail(bundle, _too_long())
    except building.FileFailed as error:
        if isinstance(error.cause, SoftTimeLimitExceeded):
            return _fail(bundle, _too_long())
        _log(error.cause, bundle)
        return _fail(bundle, _("The file “%(path)s” could not be produced: %(reason)s.")
                     % {"path": error.path, "reason": _reason(error.cause)})
    except providers.ListingFailed as error:
        if isinstance(error.cause, SoftTimeLimitExceeded):
            return _fail(bundle, _too_long())
        _log(error.cause, bundle)
        if error.nominee is None:
            message = _("The documents of the level could not be listed: %(reason)s.")
            return _fail(bundle, message % {"reason": _reason(error.cause)})
        message = _("The documents of %(nominee)s could not be listed: %(reason)s.")
        return _fail(bundle, message % {"nominee": error.nominee.folder,
                                        "reason": _reason(error.cause)})
    except Exception as error:
        _log(error, bundle)
        return _fail(bundle, _("The dossier could not be built: %(reason)s.")
                     % {"reason": _reason(error)})
    finally:
        if partial and os.path.exists(partial):
            os.unlink(partial)


def _log(error: BaseException, bundle: DossierBundle) -> None:
    if not isinstance(error, providers.BundleError | ValidationError):
        logger.error("Bundle %s failed", bundle.public_id, exc_info=error)


def interrupted_message() -> str:
    return _("The worker building the dossier stopped before it finished (it was restarted or "
             "lost). Nothing was kept: ask for the dossier again.")


def fail_interrupted() -> int:
    """Mark failed the bundles still ``running`` past ``STALE_AFTER`` (their worker was killed
    before it could say so) and remove the partial zips such a worker left; returns how many
    were marked. Their page showed them failed already (``is_interrupted``)."""
    cutoff = timezone.now() - limits.STALE_AFTER
    marked = DossierBundle.objects.filter(state=BundleState.RUNNING,
                                          started_at__lt=cutoff).update(
        state=BundleState.FAILED, error=interrupted_message(), finished_at=timezone.now())
    partial_dir()  # removes what is older than STALE_AFTER
    return marked


@shared_task(name="dossiers.fail_interrupted_bundles", ignore_result=True)
def fail_interrupted_bundles() -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return fail_interrupted()


@shared_task(bind=True, name="dossiers.build_bundle", acks_late=True,
             soft_time_limit=limits.SOFT_TIME_LIMIT, time_limit=limits.TIME_LIMIT)
def build_bundle(self, bundle_id: int) -> str:
    """Build the zip of the ``DossierBundle`` ``bundle_id``; returns the state it ended in
    (``"skipped"`` for a bundle that is gone or finished already)."""
    providers.discover()
    with translation.override(settings.LANGUAGE_CODE):
        return build(self, bundle_id)
