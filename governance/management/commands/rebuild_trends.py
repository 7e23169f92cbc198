"""``python manage.py rebuild_trends``: work out the trend figures again from history.

The nightly task keeps the current and previous month up to date; this rebuilds any window,
e.g. after an import of old records or on a new installation (``make run`` runs it after the
demo loads). Safe to run at any time: it overwrites the same rows.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from governance.trends import rebuild


class Command(BaseCommand):
    help = "Work out the monthly trend figures again from the registers' history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=12,
            help="How many months to rebuild, ending with this one (default 12).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if not 1 <= months <= 120:
            raise CommandError("--months must be between 1 and 120.")
        stored = rebuild(months)
        self.stdout.write(f"Trends: {stored} figures stored for the last {months} months.")
