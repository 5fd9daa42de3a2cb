"""Backups that happen: beat's daily run of the backup, encrypted when a passphrase is set, copied
to a second place, pruned to a number of daily and weekly copies; and the restore of such a copy.

Encryption is GnuPG's symmetric mode (AES-256) with the passphrase from ``BACKUP_PASSPHRASE``,
so a copy on a shared disk or a second server reads as noise without it. The second place is a
directory (a path or a ``file://`` URL): a mounted share, another disk."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from .backups import BackupError, create_backup

ENCRYPTED_SUFFIX = ".gpg"
_NAME = re.compile(r"^backup-(\d{8})-(\d{6})\.tar(\.gpg)?$")


def _gpg(arguments: list[str], passphrase: str) -> None:
    command = ["gpg", "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback"]
    command += ["--passphrase-fd", "0", *arguments]
    try:
        subprocess.run(command, input=passphrase.encode(), check=True, capture_output=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError("gpg is not installed: it encrypts the backups.") from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"gpg failed: {message[-1] if message else error.returncode}") from error


def encrypt(path: Path, passphrase: str) -> Path:
    """``path`` encrypted beside it (``….tar.gpg``); the plain archive is removed."""
    target = path.with_name(path.name + ENCRYPTED_SUFFIX)
    _gpg(["--symmetric", "--cipher-algo", "AES256", "--output", str(target), str(path)], passphrase)
    target.chmod(0o600)
    path.unlink()
    return target


def decrypt(path: Path, target: Path, passphrase: str) -> Path:
    _gpg(["--decrypt", "--output", str(target), str(path)], passphrase)
    return target


def second_place(destination: str) -> Path:
    parsed = urlparse(destination)
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else destination)
    raise BackupError(f"BACKUP_COPY_TO must be a directory or a file:// URL, not {destination!r}.")


def taken_at(path: Path) -> datetime.datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    moment = datetime.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    return timezone.make_aware(moment)


def to_prune(paths: list[Path], *, daily: int, weekly: int) -> list[Path]:
    """Which backups go: the newest of each of the last ``daily`` days and of each of the last
    ``weekly`` ISO weeks stay (counted from the newest backup, not from today, so a server that
    stopped backing up keeps its last copies); other files are not backups and stay."""
    dated = sorted(((taken_at(p), p) for p in paths if taken_at(p)), reverse=True)
    if not dated:
        return []
    newest = timezone.localtime(dated[0][0]).date()
    keep, days, weeks = set(), set(), set()
    for moment, path in dated:
        day = timezone.localtime(moment).date()
        week = day.isocalendar()[:2]
        if (newest - day).days < daily and day not in days:
            days.add(day)
            keep.add(path)
        if (newest - day).days < weekly * 7 and week not in weeks:
            weeks.add(week)
            keep.add(path)
    return [path for _, path in dated if path not in keep]


def prune(directory: Path) -> list[Path]:
    removed = to_prune(
        list(directory.glob("backup-*")),
        daily=settings.BACKUP_KEEP_DAILY,
        weekly=settings.BACKUP_KEEP_WEEKLY,
    )
    for path in removed:
        path.unlink()
    return removed


def run_scheduled_backup() -> Path:
    """One scheduled backup: written, encrypted, copied, then both places pruned."""
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = create_backup(directory).path
    if settings.BACKUP_PASSPHRASE:
        path = encrypt(path, settings.BACKUP_PASSPHRASE)
    places = [directory]
    if settings.BACKUP_COPY_TO:
        copy_dir = second_place(settings.BACKUP_COPY_TO)
        copy_dir.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name, renamed when complete, like the backup itself.
        partial = copy_dir / f".{path.name}.partial"
        shutil.copyfile(path, partial)
        os.replace(partial, copy_dir / path.name)
        places.append(copy_dir)
    for place in places:
        prune(place)
    return path


def latest(directory: Path) -> Path | None:
    dated = [(taken_at(p), p) for p in directory.glob("backup-*") if taken_at(p)]
    return max(dated)[1] if dated else None
