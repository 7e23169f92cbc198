"""Two-factor authentication (django-allauth's mfa app) as the portal uses it.

The DPO, SIRO, Director and Admin take the decisions the portal exists to prove, so their roles
must have a second factor (an authenticator app, or a security key or passkey); everyone else may
add one. Secrets (the TOTP key, the recovery-code seed) are stored encrypted with Fernet under
``MFA_ENCRYPTION_KEY``, so a copy of the database alone does not give away anyone's codes.
"""

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured

from .choices import Role

#: Roles that cannot use the portal until they have set up a second factor.
MFA_REQUIRED_ROLES = frozenset({Role.DPO, Role.SIRO, Role.DIRECTOR, Role.ADMIN})

#: Authenticators that are a second factor on their own (recovery codes only back them up).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

#: Session flag set once the signed-in user is known to have a second factor, so the check on
#: every request costs no query.
MFA_ENROLLED_SESSION_KEY = "vpp_mfa_enrolled"


def mfa_required(user: Any) -> bool:
    """True when ``user``'s role must have two-factor authentication."""
    return getattr(user, "role", None) in MFA_REQUIRED_ROLES


def has_second_factor(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def _fernet_key(passphrase: str) -> bytes:
    """A Fernet key from any passphrase (SHA-256 of it), so the setting can be any long secret."""
    return base64.urlsafe_b64encode(hashlib.sha256(passphrase.encode("utf-8")).digest())


def encryption_keys() -> list[str]:
    """The configured keys, newest first: ``MFA_ENCRYPTION_KEY`` may list old ones after a
    comma, so secrets written under an old key still decrypt while new ones use the first."""
    configured = [key.strip() for key in settings.MFA_ENCRYPTION_KEY.split(",") if key.strip()]
    if configured:
        return configured
    if settings.PRODUCTION:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY is required in production.")
    # Development only: derived from SECRET_KEY so a fresh checkout works without set-up.
    return [f"vpp-mfa:{settings.SECRET_KEY}"]


def _cipher(keys: Iterable[str]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


class PortalMFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with secrets encrypted at rest and the second factor kept for the
    roles that must have one."""

    def encrypt(self, text: str) -> str:
        return _cipher(encryption_keys()).encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return _cipher(encryption_keys()).decrypt(encrypted_text.encode("ascii")).decode()
        except InvalidToken as error:
            # Never fall back to treating the stored value as plain text: that would accept a
            # secret someone wrote straight into the database.
            raise ImproperlyConfigured(
                "A stored MFA secret does not decrypt with MFA_ENCRYPTION_KEY (wrong or rotated "
                "key: list the old key after the new one)."
            ) from error

    def get_totp_issuer(self) -> str:
        return "VPP Governance Portal"

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A role that must have two-factor authentication keeps at least one second factor."""
        user = authenticator.user
        if not mfa_required(user) or authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return others.exists()


PortalMFAAdapter.error_messages = {
    **DefaultMFAAdapter.error_messages,
    "cannot_delete_authenticator": (
        "Your role must use two-factor authentication: add another authenticator app or "
        "security key before removing this one."
    ),
    "incorrect_code": "The code is not right: enter the 6-digit code your authenticator app "
    "shows now.",
}


def ensure_totp(user: AbstractBaseUser, secret: str) -> bool:
    """Give ``user`` an authenticator app with this base32 ``secret`` (stored encrypted through
    the adapter), replacing one with another secret; returns whether anything changed.

    For the demo logins, whose secret is published so that anyone trying the demo can make
    codes (``oathtool --totp -b SECRET``). Never use a known secret for a real account.
    """
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        try:
            if PortalMFAAdapter().decrypt(existing.data["secret"]) == secret:
                return False
        except ImproperlyConfigured:
            pass  # written under another key: replace it
        existing.delete()
    TOTP.activate(user, secret)
    return True


def hide_allauth_admin() -> None:
    """Take allauth's authenticator and user-session pages out of the Django admin.

    Nobody should read or plant another person's second factor or session from the portal; a
    user whose phone and recovery codes are both lost has their authenticator removed on the
    server (``Authenticator.objects.filter(user=…).delete()``) and sets a new one up at their
    next sign-in.
    """
    from allauth.usersessions.models import UserSession
    from django.contrib import admin

    for model in (Authenticator, UserSession):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
