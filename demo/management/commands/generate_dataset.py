"""A synthetic city for measuring performance: ``generate_dataset --scale small|city --seed N``.

It uses every app (the tree, people and accounts, a campaign, nominations with their history and
evidence), so it lives here, with the app that depends on all the others.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.dataset import PASSWORD, SCALES, Generator


class Command(BaseCommand):
    help = (
        "Generate a reproducible synthetic city (tree, people with three years of ratings, "
        "accounts, one campaign with nominations in every state) in an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: a few hundred people (tests); city: 30 districts, "
            "1,500 grassroots units, 12,000 cells, 250,000 people, "
            "20,000 nominations.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2025,
            help="The same seed gives the same data (dates follow today).",
        )

    def handle(self, *args, scale: str, seed: int, **options):
        started = time.monotonic()
        self.stdout.write(f"Generating the {scale} dataset (seed {seed})…")
        try:
            result = Generator(SCALES[scale], seed, out=self.stdout).run()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner otherwise sees empty tables until autovacuum runs.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: campaign {result.campaign.code} "
                f"organised by {result.top.code}."
            )
        )
        self.stdout.write(f"Logins (password {PASSWORD}):")
        for username, role, unit in result.accounts.rows:
            self.stdout.write(f"  {username:<24} {role} · {unit}")
