"""Backup and restore: the database and the uploaded files in one archive.

The archive is a tar file holding

- ``manifest.json``: the format, when and from what it was made, and the size and SHA-256 of
  every other member;
- ``database.pgdump`` (``pg_dump --format=custom``) on PostgreSQL, or ``database.sqlite3``
  (SQLite's online backup API: a consistent copy while the site runs);
- ``media/…``: every file under ``MEDIA_ROOT`` (uploaded evidence, built bundles), except the
  zips still being written (``bundles/partial``), when the files are kept there (the file system
  storage, the default). With another storage backend (object storage, docs/scaling.md) the
  archive holds the database alone and says so in its manifest (``media_storage``): the files
  are backed up by the store itself (versioning, replication), not copied through this host.

A restore checks every checksum before it touches anything, then replaces the database and
writes the files back. Nothing here runs in a request: the ``backup`` and ``restore`` commands
call it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
#: zips being built: unfinished by definition, never backed up
SKIPPED_MEDIA = ("bundles/partial/",)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_env(alias: str) -> tuple[dict[str, str], str]:
    """The libpq environment for the database ``alias`` (its password never on a command
    line, where other users could read it) and its name."""
    params = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env, params["NAME"]


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603
            command,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def dump_database(alias: str, target: Path) -> None:
    vendor = _vendor(alias)
    if vendor == "postgresql":
        env, name = _pg_env(alias)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
                name,
            ],
            env,
        )
        return
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API: a consistent copy even while others write.
        connection.connection.backup(destination)
    finally:
        destination.close()


def restore_database(alias: str, dump: Path) -> None:
    vendor = _vendor(alias)
    connections[alias].close()  # our own connection must not hold locks on what is dropped
    if vendor == "postgresql":
        env, name = _pg_env(alias)
        # All or nothing: one transaction; what the dump holds is dropped first, if present.
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(dump),
            ],
            env,
        )
        return
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # Page by page over the whole database file: every table is replaced, in one step.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def media_files(root: Path) -> list[tuple[str, Path]]:
    """``(relative posix path, absolute path)`` of every file to back up, sorted."""
    if not root.exists():
        return []
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(SKIPPED_MEDIA):
                found.append((relative, path))
    return sorted(found)


def _applied_migrations(alias: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


@dataclass
class BackupResult:
    path: Path
    files: int
    bytes: int


def backup_name(moment: datetime.datetime) -> str:
    return f"backup-{timezone.localtime(moment):%Y%m%d-%H%M%S}.tar"


def files_on_disk() -> bool:
    """Whether the uploads live under MEDIA_ROOT (the file system storage), where a backup
    reads them; with any other storage backend they are not on this host's disk."""
    from django.core.files.storage import FileSystemStorage, storages

    return isinstance(storages["default"], FileSystemStorage)


def create_backup(
    output: Path | str, *, alias: str = "default", media_root: Path | None = None
) -> BackupResult:
    """Write a backup archive to ``output``: a directory (one that exists, or a name ending
    in ``/``) gets a dated file in it. The archive is written beside its final name and
    renamed when complete: a half-written backup never carries the final name."""
    with_media = media_root is not None or files_on_disk()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(alias)
    moment = timezone.now()
    directory = str(output).endswith(("/", os.sep)) or Path(output).is_dir()
    target = Path(output) / backup_name(moment) if directory else Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        # Read before the snapshot, so the dump holds at least these records: kept outside the
        # database, they later show whether someone rewrote a whole chain consistently.
        chain_heads = _chain_heads(alias)
        dump_database(alias, dump)  # first: the files below are copied after the snapshot
        members = [{"name": dump.name, "size": dump.stat().st_size, "sha256": sha256_of(dump)}]
        media = media_files(media_root) if with_media else []
        for relative, path in media:
            members.append(
                {
                    "name": MEDIA_PREFIX + relative,
                    "size": path.stat().st_size,
                    "sha256": sha256_of(path),
                }
            )
        manifest = {
            "format": FORMAT,
            "created_at": moment.isoformat(),
            "engine": vendor,
            "database": dump.name,
            "migrations": _applied_migrations(alias),
            "chain_heads": chain_heads,
            "members": members,
        }
        if not with_media:
            from django.core.files.storage import storages

            manifest["media_storage"] = type(storages["default"]).__name__
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for relative, path in media:
                archive.add(path, arcname=MEDIA_PREFIX + relative)
        os.replace(partial, target)
        target.chmod(0o600)  # personnel records: readable by the operator only
    total = sum(member["size"] for member in members)
    return BackupResult(target, len(media), total)


def _chain_heads(alias: str) -> dict[str, dict[str, object]]:
    from .audit.records import ChainHead

    return {
        head.name: {"length": head.length, "last_hash": head.last_hash}
        for head in ChainHead.objects.using(alias).order_by("name")
    }


def _safe_media_path(name: str) -> str:
    relative = name[len(MEDIA_PREFIX) :]
    pure = PurePosixPath(relative)
    if not relative or pure.is_absolute() or ".." in pure.parts:
        raise BackupError(f"Unsafe path in the archive: {name!r}.")
    return relative


@dataclass
class CheckedArchive:
    manifest: dict
    directory: Path

    @property
    def media(self) -> list[str]:
        return [
            m["name"][len(MEDIA_PREFIX) :]
            for m in self.manifest["members"]
            if m["name"].startswith(MEDIA_PREFIX)
        ]


def unpack_and_check(archive_path: Path, directory: Path) -> CheckedArchive:
    """Unpack into ``directory`` and check every member against the manifest: a member
    missing, extra, of another size or checksum is an error, before anything is restored."""
    try:
        archive = tarfile.open(archive_path, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path} is not a backup archive: {error}") from error
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError) as error:
            raise BackupError("The archive has no readable manifest.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        expected = {m["name"]: m for m in manifest["members"]}
        seen = set()
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"Unexpected member in the archive: {member.name!r}.")
            if member.name.startswith(MEDIA_PREFIX):
                _safe_media_path(member.name)
            archive.extract(member, directory, filter="data")
            path = directory / member.name
            wanted = expected[member.name]
            if path.stat().st_size != wanted["size"] or sha256_of(path) != wanted["sha256"]:
                raise BackupError(f"Checksum mismatch: {member.name} is damaged.")
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"Missing from the archive: {', '.join(missing[:5])}.")
    return CheckedArchive(manifest, directory)


@dataclass
class RestoreResult:
    created_at: str
    files: int
    migrations_missing: list[str]


def restore_backup(
    archive_path: Path, *, alias: str = "default", media_root: Path | None = None
) -> RestoreResult:
    """Replace the database ``alias`` and the files under ``MEDIA_ROOT`` with the backup's.

    Files under ``MEDIA_ROOT`` that the backup does not hold are left where they are.
    """
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(alias)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        checked = unpack_and_check(archive_path, Path(work))
        engine = checked.manifest["engine"]
        if engine != vendor:
            raise BackupError(f"This backup is of a {engine} database; the target is {vendor}.")
        restore_database(alias, Path(work) / checked.manifest["database"])
        for relative in checked.media:
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(Path(work) / (MEDIA_PREFIX + relative), destination)
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    missing = sorted(
        f"{app}.{name}"
        for app, name in set(loader.disk_migrations) - set(loader.applied_migrations)
    )
    return RestoreResult(checked.manifest["created_at"], len(checked.media), missing)
