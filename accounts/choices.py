from django.db import models


class Role(models.TextChoices):
    """The portal's roles. Each is a Django group of the same name (see ``roles.ROLES``)."""

    STAFF = "staff", "Staff"
    DPO = "dpo", "DPO"
    SIRO = "siro", "SIRO"
    DIRECTOR = "director", "Director"
    PARTNER = "partner", "Partner"
    ADMIN = "admin", "Admin"


class SecurityEventKind(models.TextChoices):
    """What happened, in the security log (``accounts.SecurityEvent``)."""

    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGNED_OUT = "signed_out", "Signed out"
    MFA_ADDED = "mfa_added", "Two-factor method added"
    MFA_REMOVED = "mfa_removed", "Two-factor method removed"
    MFA_RESET = "mfa_reset", "Recovery codes regenerated"
    MFA_FAILED = "mfa_failed", "Two-factor code refused"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    ROLE_CHANGED = "role_changed", "Role changed"
    DEACTIVATED = "deactivated", "Account deactivated"
    REACTIVATED = "reactivated", "Account reactivated"
    PERMISSION_DENIED = "permission_denied", "Page refused"


#: A tag colour per kind; the kind's words are always shown with it.
SECURITY_EVENT_COLOURS = {
    SecurityEventKind.SIGNED_IN: "green",
    SecurityEventKind.SIGN_IN_FAILED: "orange",
    SecurityEventKind.LOCKED_OUT: "red",
    SecurityEventKind.SIGNED_OUT: "grey",
    SecurityEventKind.MFA_ADDED: "blue",
    SecurityEventKind.MFA_REMOVED: "orange",
    SecurityEventKind.MFA_RESET: "blue",
    SecurityEventKind.MFA_FAILED: "orange",
    SecurityEventKind.PASSWORD_CHANGED: "blue",
    SecurityEventKind.PASSWORD_RESET: "blue",
    SecurityEventKind.ROLE_CHANGED: "purple",
    SecurityEventKind.DEACTIVATED: "red",
    SecurityEventKind.REACTIVATED: "green",
    SecurityEventKind.PERMISSION_DENIED: "yellow",
}
