"""``python manage.py expire_agreements``: the daily agreement expiry, run here and now.

The same service the Celery task calls. With no broker (the one-machine default) this is how
agreements past their expiry date are expired: ``make run`` runs it once at start, and cron can
run it daily. Running it twice, or beside Celery, expires nothing twice.
"""

from typing import Any

from django.core.management.base import BaseCommand

from sharing.services.expiry import agreements_expire_due


class Command(BaseCommand):
    help = "Record as expired every active agreement whose expiry date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = agreements_expire_due()
        self.stdout.write(f"Agreements: {expired} expired on their expiry date.")
