"""Helpers for tests that sign in through the forms, second factor included."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse


def totp_code(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app with ``secret`` shows now (or ``step`` periods later)."""
    import time

    from allauth.mfa import app_settings

    counter = int(time.time()) // app_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def enter_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})
