"""``manage.py evaluate_four_good --year 2024 [--unit CODE] --output FILE.xlsx|.csv``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees.models import Unit
from movements import exports
from movements.evaluation import evaluate_year
from movements.lookup import NoMovement, movement_for


class Command(BaseCommand):
    help = (
        "Evaluate every party cell, grassroots cell and grassroots committee of a subtree "
        "against the four-good criteria for a year, and write the results to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="the code of the subtree's top unit (default: all)")
        parser.add_argument(
            "--campaign", help="the campaign code, when several movements cover the year"
        )
        parser.add_argument("--output", required=True, help="a .xlsx or .csv file")

    def handle(self, *args, year, unit=None, campaign=None, output, **options):
        path = Path(output)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in exports.FORMATS:
            raise CommandError(_("The output file must end in .xlsx or .csv."))
        try:
            movement = movement_for(year=year, campaign_code=campaign)
        except NoMovement as exc:
            raise CommandError(str(exc)) from None
        root = None
        if unit:
            root = Unit.objects.filter(code=unit.strip()).first()
            if root is None:
                raise CommandError(_("The unit code %(code)s does not exist.") % {"code": unit})
        results = evaluate_year(year, root, movement, with_names=False)
        try:
            path.write_bytes(exports.render(results, fmt, movement.campaign.title))
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": exc.strerror}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s units evaluated for %(year)s, written to %(path)s.")
                % {"count": len(results), "year": year, "path": output}
            )
        )
