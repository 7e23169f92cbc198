"""Read-side queries over the sharing registers."""

from typing import Any

from django.db.models import Count

from .choices import OrganisationKind
from .models import Organisation


def organisations_by_kind(user: Any) -> list[dict[str, Any]]:
    """How many organisations of each kind the user can see, most common first."""
    labels = dict(OrganisationKind.choices)
    rows = (
        Organisation.objects.visible_to(user)
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )
    return [
        {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]}
        for row in rows
    ]


def recent_organisation_changes(user: Any, limit: int = 8) -> list[Any]:
    """The latest history rows of organisations the user can see."""
    visible = Organisation.objects.visible_to(user).values("pk")
    return list(
        Organisation.history.filter(id__in=visible)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
