"""``python manage.py send_reminders``: the reminder sweep, run here and now.

The same service the Celery tasks call. With no broker (the one-machine default) this is how
reminders go out: ``make run`` runs it once at start, and cron can run it daily (and hourly with
``--period hourly`` for breach deadlines). Running it twice, or beside Celery, sends nothing twice.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from governance.reminders import PERIODS, sweep


class Command(BaseCommand):
    help = "Plan and send the reminders that are due (exactly once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            choices=sorted(PERIODS),
            default="all",
            help="daily: every date kind; hourly: breach deadlines; all (default): both.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep(options["period"])
        self.stdout.write(
            f"Reminders: {report.plan.total} planned, {report.delivery.sent} sent, "
            f"{report.delivery.cancelled} cancelled; {report.delivery.notifications} "
            f"notifications, {report.delivery.emails} e-mails."
        )
