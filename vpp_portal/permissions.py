"""Access checks shared by every register view.

Login is required everywhere by ``LoginRequiredMiddleware``; these mixins add the role's model
permission (403 without it) and row scoping through ``visible_to(user)`` (404 outside it).
"""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest


class RegisterAccessMixin(PermissionRequiredMixin):
    """Checks ``<app>.<action>_<model>`` and scopes the queryset to what the user may see."""

    model: type[Model]
    request: HttpRequest
    permission_action = "view"
    raise_exception = True

    def get_permission_required(self) -> tuple[str, ...]:
        opts = self.model._meta
        return (f"{opts.app_label}.{self.permission_action}_{opts.model_name}",)

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.visible_to(self.request.user).with_related()  # type: ignore[attr-defined]
