"""Load a campaign configuration file (format 1), e.g. one of fixtures/campaigns/*.json."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaigns.config import days_to_shift, import_campaign, parse_file, shift_config
from campaigns.models import CampaignStatus
from committees.models import Unit

DAYS_AHEAD = 30


class Command(BaseCommand):
    help = (
        "Load a campaign configuration (JSON, format 1). With --shift-to-today every date "
        f"and moment moves by the same number of whole days, so that the last deadline falls "
        f"{DAYS_AHEAD} days after today, and the campaign is opened (for the demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The configuration file (UTF-8 JSON).")
        parser.add_argument(
            "--organiser",
            metavar="CODE",
            help="The code of the organising unit, instead of the file's.",
        )
        parser.add_argument("--code", help="The campaign code, instead of the file's.")
        parser.add_argument(
            "--shift-to-today",
            action="store_true",
            help=f"Move the campaign so its last deadline is {DAYS_AHEAD} days "
            "from today, and open it.",
        )

    def handle(self, *args, path, organiser=None, code=None, shift_to_today=False, **options):
        data = self.read(Path(path))
        unit = None
        if organiser:
            unit = Unit.objects.filter(code=organiser).first()
            if unit is None:
                raise CommandError(f"No unit has the code {organiser!r}.")
        days = 0
        if shift_to_today and isinstance(data, dict):
            days = days_to_shift(data, timezone.localdate(), ahead=DAYS_AHEAD)
            data = shift_config(data, days)
            data["status"] = CampaignStatus.OPEN.value
        try:
            campaign = import_campaign(data, organiser=unit, code=code)
        except ValidationError as error:
            count = len(error.messages)
            lines = [f"{path} was refused ({count} problem{'' if count == 1 else 's'}):"]
            lines += [f"  - {message}" for message in error.messages]
            raise CommandError("\n".join(lines)) from error
        shifted = f", dates moved by {days} days" if shift_to_today else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded campaign {campaign.code} ({campaign.title}), organised by "
                f"{campaign.organiser.code}{shifted}."
            )
        )
        return None

    def read(self, path: Path):
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            return parse_file(content)
        except ValidationError as error:
            raise CommandError(f"{path} was refused: {' '.join(error.messages)}") from error
