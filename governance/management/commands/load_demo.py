from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.mfa import mfa_required
from governance.demo import DEMO_TOTP_SECRET, load_demo


class Command(BaseCommand):
    help = "Load the Humber partnership demo data and demo logins (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("Set DEMO_PASSWORD to load the demo in production mode.")
        users = load_demo(password)
        self.stdout.write(self.style.SUCCESS("Humber demo data loaded."))
        self.stdout.write("Demo logins:")
        for user in users:
            self.stdout.write(f"  {user.email:<32} {user.role.label:<9} {user.organisation}")
        two_factor = ", ".join(user.role.label for user in users if mfa_required(user))
        self.stdout.write(
            f"Two-factor code for the {two_factor} logins: from an authenticator app set up "
            f"with the secret {DEMO_TOTP_SECRET} (or: oathtool --totp -b {DEMO_TOTP_SECRET})"
        )
        if not settings.PRODUCTION:
            self.stdout.write(f"Password for every demo login: {password}")
        else:
            self.stdout.write("Password for every demo login: the DEMO_PASSWORD you set.")
