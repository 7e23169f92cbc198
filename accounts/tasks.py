"""Celery tasks of the accounts app. Each takes plain values; running one twice sends a second,
equally valid reset link, which is harmless."""

from celery import shared_task

from .password_reset import send_password_reset_email


@shared_task(name="accounts.password_reset_email")
def password_reset_email(email: str) -> int:
    """Send the password reset link to the active account(s) with this address, if any."""
    return send_password_reset_email(email)
