"""``manage.py import_four_good_judgements FILE [--campaign CODE] [--dry-run]``"""

from django.core.management.base import CommandError

from committees.imports.command import ImportCommand
from movements.imports import import_judgements
from movements.lookup import NoMovement, movement_for


class Command(ImportCommand):
    help = (
        "Import the T1–T3 judgements of the four-good movement (columns Mã đơn vị, Năm, T1, "
        "T2, T3 and optionally Vi phạm do báo chí, nhân dân phát hiện), all or nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--campaign", help="the campaign code, when there are several movements"
        )

    def handle(self, *args, campaign=None, **options):
        # The movement is found before the file is opened: a wrong code names itself first.
        try:
            self.movement = movement_for(campaign_code=campaign)
        except NoMovement as exc:
            raise CommandError(str(exc)) from None
        super().handle(*args, **options)

    def run_import(self, file, filename, *, dry_run, **options):
        return import_judgements(
            self.movement,
            file,
            filename,
            dry_run=dry_run,
            legacy_encoding=options["legacy_encoding"],
        )
