"""Password reset e-mails, sent so that nobody can tell from the page whether an address has an
account.

The reset page answers every address the same way. The e-mail (only ever to an active account) is
sent after the response: by a Celery worker when there is a broker, otherwise once the response
has been handed to the browser, so the time spent finding the account, making the link and talking
to the mail server never shows in how long the page took.
"""

import threading
from typing import Any

from allauth.account.forms import ResetPasswordForm, default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.core.signals import request_finished
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from .models import User


def send_password_reset_email(email: str) -> int:
    """E-mail a reset link to each active account with this address; returns how many went.

    An address without an account gets nothing (not even a "you have no account" message:
    accounts are issued by the administrator, there is nothing to sign up to).
    """
    sent = 0
    for user in User.objects.filter(email__iexact=email.strip(), is_active=True):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user,
            "password_reset_url": settings.PORTAL_BASE_URL.rstrip("/") + path,
            "sign_in_url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("account_login"),
        }
        send_mail(
            subject=render_to_string("account/email/password_reset_key_subject.txt", context)
            .strip()
            .replace("\n", " "),
            message=render_to_string("account/email/password_reset_key_message.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
        sent += 1
    return sent


def queue_password_reset_email(email: str) -> None:
    """Send the reset e-mail for ``email`` after the response (see the module docstring)."""
    from .tasks import password_reset_email

    if not password_reset_email.app.conf.task_always_eager:
        transaction.on_commit(lambda: password_reset_email.delay(email))
        return
    pending = [email]
    lock = threading.Lock()
    dispatch_uid = f"accounts-password-reset-{id(pending)}"

    def send_after_response(**kwargs: Any) -> None:
        with lock:
            if not pending:
                return
            address = pending.pop()
        request_finished.disconnect(dispatch_uid=dispatch_uid)
        password_reset_email.delay(address)

    request_finished.connect(send_after_response, weak=False, dispatch_uid=dispatch_uid)


class PortalResetPasswordForm(ResetPasswordForm):
    """allauth's reset form with the sending moved after the response, for every address."""

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email: str = self.cleaned_data["email"]
        queue_password_reset_email(email)
        return email
