"""Authentication backends whose permissions come from the user's role alone.

Django's ``ModelBackend`` gives an active superuser every permission in the database, which
would let ``is_superuser`` stand in for the DPO, the SIRO or the Director. Here a superuser
holds what its role's group (and any permission granted on the server) holds, like anyone.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


class RolePermissionsMixin:
    """``ModelBackend``'s permission lookup without its superuser shortcut."""

    def _get_permissions(self, user_obj: Any, obj: Any, from_name: str) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        # The same cache ModelBackend keeps, so every backend reads one lookup per request.
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            permissions = getattr(self, f"_get_{from_name}_permissions")(user_obj)
            rows = permissions.values_list("content_type__app_label", "codename").order_by()
            setattr(user_obj, cache_name, {f"{app}.{codename}" for app, codename in rows})
        cached: set[str] = getattr(user_obj, cache_name)
        return cached


class RoleBackend(RolePermissionsMixin, ModelBackend):
    """Replaces ``django.contrib.auth.backends.ModelBackend``."""


class RoleAuthenticationBackend(RolePermissionsMixin, AuthenticationBackend):
    """allauth's e-mail sign-in backend, with the same role-only permissions."""
