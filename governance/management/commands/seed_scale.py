import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from governance.scale import DEFAULT_ROWS, SMALL_ROWS, ScaleAlreadySeeded, seed


class Command(BaseCommand):
    help = (
        "Add realistic volume on top of the demo: about 100,000 register rows and 1,000,000 "
        "history rows (--small: a tenth). Refuses to run twice on the same database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        size = parser.add_mutually_exclusive_group()
        size.add_argument(
            "--small", action="store_true", help=f"About {SMALL_ROWS:,} register rows."
        )
        size.add_argument(
            "--size", type=int, help="About this many register rows (tests use a few hundred)."
        )
        parser.add_argument(
            "--seed", type=int, default=12, help="Random seed (same seed, same data)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = options["size"] or (SMALL_ROWS if options["small"] else DEFAULT_ROWS)
        if rows < 100:
            raise CommandError("--size must be at least 100.")
        started = time.perf_counter()
        # The scale data is added to the demo (its users own the changes, its vocabularies
        # are what activities link to); loading the demo is safe to repeat.
        if not User.objects.filter(email="dpo@demo.vpp.test").exists():
            call_command("load_demo", stdout=self.stdout)
        self.stdout.write(f"Seeding about {rows:,} register rows…")
        try:
            report = seed(rows, seed=options["seed"], out=self.stdout.write)
        except ScaleAlreadySeeded as error:
            raise CommandError(str(error)) from error
        for name, count in report.rows.items():
            self.stdout.write(f"  {name:<32} {count:>9,}")
        self.stdout.write(f"  {'register rows':<32} {report.total_rows:>9,}")
        for name, count in report.links.items():
            self.stdout.write(f"  {name:<32} {count:>9,}")
        for name, count in sorted(report.history.items()):
            self.stdout.write(f"  {name:<32} {count:>9,}")
        self.stdout.write(f"  {'history rows':<32} {report.total_history:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))
