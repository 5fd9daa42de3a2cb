"""One command for the demo: migrate, collect static files, seed, print the logins, serve.

Needs no configuration: with no environment variables the project uses SQLite under ``var/``.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Set up the demo (migrate, collectstatic, seed_demo) and serve it at "
        f"http://{DEFAULT_ADDRPORT}/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"Address and port to serve on (default {DEFAULT_ADDRPORT}).",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Set everything up and print the logins, but do not start the server.",
        )

    def handle(self, *args, addrport, no_serve, verbosity, **options):
        quiet = max(verbosity - 1, 0)
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write("Applying migrations...")
        call_command("migrate", interactive=False, verbosity=quiet)
        self.stdout.write("Collecting static files...")
        call_command("collectstatic", interactive=False, verbosity=quiet)
        self.stdout.write("Seeding the demo data...")
        # seed_demo ends with the table of logins.
        call_command("seed_demo", verbosity=max(verbosity, 1), stdout=self.stdout)
        self.stdout.write("Loading the seed campaigns, moved to today...")
        call_command("seed_demo_campaigns", verbosity=quiet, stdout=self.stdout)
        if no_serve:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nOpen http://{addrport}/ and log in with one of the accounts above. "
                "Stop the server with Ctrl+C.\n"
            )
        )
        # No autoreloader: it would start this whole command again in a child process.
        call_command("runserver", addrport, use_reloader=False)
