"""``manage.py import_four_good_judgements FILE [--campaign CODE] [--dry-run]``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.four_good.imports import import_judgements
from campaigns.four_good.lookup import NoMovement, movement_for
from committees.imports import ImportRefused


class Command(BaseCommand):
    help = ("Import the T1–T3 judgements of the four-good movement (columns Mã đơn vị, Năm, T1, "
            "T2, T3 and optionally Vi phạm do báo chí, nhân dân phát hiện), all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="an .xlsx or .csv (UTF-8) file")
        parser.add_argument("--campaign", help="the campaign code, when there are several "
                                               "movements")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file without writing anything")

    def handle(self, *args, path, campaign=None, dry_run=False, **options):
        try:
            movement = movement_for(campaign_code=campaign)
        except NoMovement as exc:
            raise CommandError(str(exc)) from None
        file_path = Path(path)
        try:
            with file_path.open("rb") as file:
                result = import_judgements(movement, file, file_path.name, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(_("Cannot open %(path)s: %(reason)s")
                               % {"path": path, "reason": exc.strerror}) from None
        except ImportRefused as refused:
            raise CommandError("\n".join(str(error) for error in refused.errors)) from None
        summary = str(result)
        if dry_run:
            summary = _("Check only, nothing was written: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
