"""Writes to the security log and the account changes an administrator makes.

``security_event_record`` adds one row to the log (``accounts.SecurityEvent``);
``user_admin_save`` is how the Django admin saves an account: it refuses changes to one's own
role, organisation or active flag, keeps ``is_superuser`` as the server set it, and makes a
role change a recorded decision with its reason (``accounts.RoleChange``), all in one
transaction.
"""

from typing import Any

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from .choices import Role, SecurityEventKind
from .models import RoleChange, SecurityEvent, User

OWN_ACCOUNT_REFUSAL = (
    "You cannot change your own role, organisation or whether your account is active: "
    "another administrator must."
)
REASON_REQUIRED = "Enter the reason for the role change."
#: The fields nobody changes on their own account.
SELF_PROTECTED_FIELDS = ("role", "organisation_id", "is_active")


def _client(request: HttpRequest | None) -> dict[str, Any]:
    if request is None or not hasattr(request, "META"):
        return {"ip_address": None, "user_agent": ""}
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return {
        "ip_address": ip_address or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255],
    }


def security_event_record(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None = None,
    user: Any = None,
    actor: Any = None,
    email: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Add one event to the security log: what happened, to whose account (or the address
    given), who did it if someone else, and the address and browser it came from."""
    account = user if getattr(user, "pk", None) else None
    by = actor if getattr(actor, "pk", None) and actor != account else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=account,
        actor=by,
        email=(email or getattr(account, "email", "") or "")[:254],
        detail=detail[:1000],
        **_client(request),
    )


def _role_label(value: str) -> str:
    return Role(value).label if value else "no role"


def user_admin_save(
    *, actor: Any, user: User, reason: str = "", request: HttpRequest | None = None
) -> User:
    """Save ``user`` as an administrator edited it (a new account when it has no id yet).

    Refused (``ValidationError``): a change to the actor's own role, organisation or active
    flag; a change of role without a reason. ``is_superuser`` stays as the server set it.
    A role change writes a ``RoleChange`` and a security event; deactivating or reactivating
    an account writes a security event; the reason lands in the account's history.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        current = User.objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
        # Only ``createsuperuser`` on the server makes a superuser.
        user.is_superuser = current.is_superuser if current else False
        is_own = current is not None and current.pk == actor.pk
        if is_own and any(getattr(user, f) != getattr(current, f) for f in SELF_PROTECTED_FIELDS):
            raise ValidationError(OWN_ACCOUNT_REFUSAL)
        from_role = current.role if current else ""
        role_changed = from_role != user.role
        if role_changed and not reason:
            raise ValidationError({"role_change_reason": REASON_REQUIRED})
        was_active = current.is_active if current else True
        user._change_reason = reason or (  # type: ignore[attr-defined]
            "Account details changed by an administrator"
            if current
            else "Account created by an administrator"
        )
        user.save()
        if role_changed:
            RoleChange.objects.create(
                user=user,
                from_role=from_role,
                to_role=user.role,
                changed_by=actor,
                reason=reason,
            )
            security_event_record(
                kind=SecurityEventKind.ROLE_CHANGED,
                request=request,
                user=user,
                actor=actor,
                detail=f"{_role_label(from_role)} → {_role_label(user.role)}: {reason}",
            )
        if was_active != user.is_active:
            security_event_record(
                kind=(
                    SecurityEventKind.REACTIVATED
                    if user.is_active
                    else SecurityEventKind.DEACTIVATED
                ),
                request=request,
                user=user,
                actor=actor,
                detail=reason,
            )
    return user


def security_event_record_refusal(request: HttpRequest, exception: Any = None) -> SecurityEvent:
    """A page or action refused for lack of permission (the 403 handler calls this)."""
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    detail = f"{request.method} {request.get_full_path()}"
    message = str(exception or "").strip()
    if message:
        detail = f"{detail}: {message}"
    return security_event_record(
        kind=SecurityEventKind.PERMISSION_DENIED,
        request=request,
        user=user if signed_in else None,
        detail=detail,
    )
