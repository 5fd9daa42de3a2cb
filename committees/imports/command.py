"""What the import commands share (units, people, ratings, four-good judgements)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from . import ImportRefused, import_file, legacy


class ImportCommand(BaseCommand):
    """Import one file without restriction of scope; exit non-zero, listing every error, when
    the file is refused (and then nothing is written)."""

    #: "units", "people" or "ratings"
    kind: str = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) or a .csv (UTF-8) file"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing anything",
        )
        parser.add_argument(
            "--legacy-encoding",
            choices=legacy.MODES,
            default=legacy.AUTO,
            help=(
                "text typed in the old Vietnamese encodings: auto finds the TCVN3 or VNI "
                "columns and converts them (and refuses a file that reads both ways), tcvn3 or "
                "vni converts every column that is not Unicode, none converts nothing"
            ),
        )

    def run_import(self, file, filename: str, *, dry_run: bool, **options):
        """Import one opened file; a subclass imports another kind of file here, passing on
        ``legacy_encoding``."""
        return import_file(
            self.kind,
            file,
            filename,
            dry_run=dry_run,
            legacy_encoding=options["legacy_encoding"],
        )

    def handle(self, *args, path: str, dry_run: bool = False, **options):
        options.setdefault("legacy_encoding", legacy.AUTO)
        file_path = Path(path)
        try:
            with file_path.open("rb") as file:
                result = self.run_import(file, file_path.name, dry_run=dry_run, **options)
        except OSError as exc:
            raise CommandError(
                _("Cannot open %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from None
        except ImportRefused as refused:
            # One error per line, as "Dòng N, cột X: ..."; nothing was written.
            raise CommandError("\n".join(str(error) for error in refused.errors)) from None
        # A command has no one to ask before converting: it says what it converted.
        for conversion in result.conversions:
            self.stdout.write(conversion.sentence())
        summary = str(result)
        if dry_run:
            summary = _("Check only, nothing was written: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
