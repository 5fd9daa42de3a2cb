"""``manage.py restore FILE``: replace the database and the uploaded files with a backup's."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore_backup
from core.scheduled_backups import ENCRYPTED_SUFFIX, decrypt


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'manage.py backup': every checksum is checked first, then "
        "the database is replaced and the uploaded files are written back. Stop the web "
        "server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive, database, interactive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if interactive:
            answer = input(
                f"This REPLACES everything in the database '{database}' and the "
                "uploaded files with the backup. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            with decrypted(path) as plain:
                result = restore_backup(plain, alias=database)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(
            f"Restored the backup of {result.created_at}: the database and {result.files} files."
        )
        if result.migrations_missing:
            self.stdout.write(
                "The code has migrations the backup had not applied; run "
                f"'manage.py migrate': {', '.join(result.migrations_missing)}"
            )
            return
        report = StringIO()
        try:
            call_command("verify_history", database=database, stdout=report, stderr=report)
        except CommandError as error:
            raise CommandError(
                f"Restored, but the history does not verify:\n{report.getvalue()}{error}"
            ) from error
        self.stdout.write(report.getvalue().rstrip())


@contextmanager
def decrypted(path: Path) -> Iterator[Path]:
    """An encrypted scheduled backup (``….tar.gpg``) decrypted into a private temporary file with
    ``BACKUP_PASSPHRASE``; a plain archive as it is."""
    if path.suffix != ENCRYPTED_SUFFIX:
        yield path
        return
    if not settings.BACKUP_PASSPHRASE:
        raise BackupError("This backup is encrypted: set BACKUP_PASSPHRASE to restore it.")
    with tempfile.TemporaryDirectory(prefix=".restore-") as work:
        yield decrypt(path, Path(work) / path.stem, settings.BACKUP_PASSPHRASE)
