"""``manage.py backup --output DIR|FILE``: the database and the uploaded files in one archive."""

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or SQLite's online backup) and every "
        "uploaded file into one tar archive with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="a directory (a dated backup-YYYYMMDD-HHMMSS.tar is written in "
            "it) or the archive's file name",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        try:
            result = create_backup(output, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup written to {result.path}: the database and {result.files} "
            f"files, {result.bytes} bytes."
        )
