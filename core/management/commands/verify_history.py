"""Check the hash chain of every append-only history; exit 1 at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from core.audit.records import ChainHead, chained_models, verify_model


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the nomination, unit and account histories. Prints the first "
        "broken link of each chain and exits with status 1 when one is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chain",
            action="append",
            default=[],
            help="only this chain (nominations, units, accounts); repeatable",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, chain, database, **options):
        models = [m for m in chained_models() if not chain or m.chain_name in chain]
        unknown = set(chain) - {m.chain_name for m in models}
        if unknown:
            raise CommandError(f"Unknown chain(s): {', '.join(sorted(unknown))}")
        broken = []
        for model in models:
            checked, failure = verify_model(model, database)
            label = f"{model.chain_name} ({model._meta.label})"
            if failure is None:
                # The head hash: kept somewhere else (a log, a ticket), it later proves that
                # nobody rewrote the whole chain consistently.
                head = ChainHead.objects.using(database).filter(name=model.chain_name).first()
                last = head.last_hash if head else "-"
                self.stdout.write(f"{label}: {checked} records, chain intact (head {last})")
            else:
                broken.append(model.chain_name)
                self.stderr.write(
                    f"{label}: BROKEN at {failure} ({checked} records before it are intact)"
                )
        if broken:
            raise CommandError(f"History tampered with: {', '.join(broken)}")
