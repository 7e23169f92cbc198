"""URL patterns every register shares: list, export, add, detail, edit, history."""

from types import ModuleType
from typing import Any

from django.urls import URLPattern, path, re_path

EXPORT = r"export\.(?P<format>csv|xlsx)$"
ACTIONS = (
    ("list", "List"),
    ("export", "Export"),
    ("create", "Create"),
    ("detail", "Detail"),
    ("update", "Update"),
    ("history", "History"),
)


def register_routes(prefix: str, name: str, views: dict[str, Any]) -> list[URLPattern]:
    """The standard routes of one register, named ``<name>_<action>``."""
    return [
        path(f"{prefix}/", views["list"].as_view(), name=f"{name}_list"),
        re_path(rf"^{prefix}/{EXPORT}", views["export"].as_view(), name=f"{name}_export"),
        path(f"{prefix}/add/", views["create"].as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", views["detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views["update"].as_view(), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/history/", views["history"].as_view(), name=f"{name}_history"),
    ]


def views_of(module: ModuleType, model: str) -> dict[str, Any]:
    """``<Model><Action>View`` classes of ``module``, by action."""
    return {action: getattr(module, f"{model}{suffix}View") for action, suffix in ACTIONS}
