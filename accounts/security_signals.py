"""Receivers that write the security log, connected in ``AccountsConfig.ready``.

Sign-ins and sign-outs (Django), failed sign-ins (Django's ``user_login_failed``, which
django-axes also counts), lockouts (django-axes), password changes and resets (allauth) and
MFA changes (allauth's mfa app, when installed). Role changes and deactivations are written by
``security_services.user_admin_save``; refused pages by ``record_refusal``, on the 403
handler's ``vpp_portal.signals.request_refused``.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from vpp_portal.signals import request_refused

from .choices import SecurityEventKind
from .security_services import security_event_record, security_event_record_refusal


def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Replaces Django's ``update_last_login``: the same timestamp, written by an UPDATE so
    that signing in adds no row to the account's history."""
    user.last_login = timezone.now()
    get_user_model()._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
    security_event_record(kind=SecurityEventKind.SIGNED_IN, request=request, user=user)


def record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        security_event_record(kind=SecurityEventKind.SIGNED_OUT, request=request, user=user)


def _account_for(email: str) -> Any:
    if not email:
        return None
    return get_user_model()._default_manager.filter(email__iexact=email).first()


def _given_email(request: Any, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    given = credentials.get("email") or credentials.get("username") or ""
    if not given and request is not None and hasattr(request, "POST"):
        given = request.POST.get("login", "")
    return str(given).strip().lower()


def record_sign_in_failure(
    sender: Any, credentials: dict[str, Any] | None = None, request: Any = None, **kwargs: Any
) -> None:
    email = _given_email(request, credentials)
    security_event_record(
        kind=SecurityEventKind.SIGN_IN_FAILED,
        request=request,
        user=_account_for(email),
        email=email,
    )


def record_lockout(
    sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any
) -> None:
    email = (username or "").strip().lower()
    security_event_record(
        kind=SecurityEventKind.LOCKED_OUT,
        request=request,
        user=_account_for(email),
        email=email,
        detail="Too many failed sign-ins: locked until the cool-off ends or an administrator "
        "unlocks it.",
    )


def _recorder(kind: SecurityEventKind, detail: str = "") -> Any:
    def receiver(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        authenticator = kwargs.get("authenticator")
        method = authenticator.get_type_display() if authenticator is not None else ""
        text = " ".join(part for part in (detail, str(method)) if part)
        security_event_record(kind=kind, request=request, user=user, detail=text)

    return receiver


def record_refusal(sender: Any, request: Any, exception: Any = None, **kwargs: Any) -> None:
    security_event_record_refusal(request, exception)


#: Kept at module level: signals hold their receivers weakly.
RECORDERS = {
    "password_changed": _recorder(SecurityEventKind.PASSWORD_CHANGED, "Changed by its holder."),
    "password_reset": _recorder(SecurityEventKind.PASSWORD_RESET, "Reset through the e-mail link."),
    "authenticator_added": _recorder(SecurityEventKind.MFA_ADDED),
    "authenticator_removed": _recorder(SecurityEventKind.MFA_REMOVED),
    "authenticator_reset": _recorder(SecurityEventKind.MFA_RESET),
    "authentication_failed": _recorder(SecurityEventKind.MFA_FAILED),
}


def connect() -> None:
    from allauth.account import signals as account_signals
    from axes.signals import user_locked_out

    # Django's own receiver saves the whole user, which writes an empty history row.
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(record_sign_in, dispatch_uid="accounts_record_sign_in")
    user_logged_out.connect(record_sign_out, dispatch_uid="accounts_record_sign_out")
    user_login_failed.connect(record_sign_in_failure, dispatch_uid="accounts_record_failure")
    user_locked_out.connect(record_lockout, dispatch_uid="accounts_record_lockout")
    request_refused.connect(record_refusal, dispatch_uid="accounts_record_refusal")
    for name in ("password_changed", "password_reset"):
        getattr(account_signals, name).connect(RECORDERS[name], dispatch_uid=f"accounts_{name}")
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        for name in (
            "authenticator_added",
            "authenticator_removed",
            "authenticator_reset",
            "authentication_failed",
        ):
            getattr(mfa_signals, name).connect(RECORDERS[name], dispatch_uid=f"accounts_{name}")
