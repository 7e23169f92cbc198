"""The queryset every register's manager builds on: scoping, related rows and search."""

from typing import Any, Self

from django.db import models
from django.db.models import Q


def _is_partner(user: Any) -> bool:
    return bool(getattr(user, "is_partner", False))


class RegisterQuerySet(models.QuerySet):
    search_fields: tuple[str, ...] = ()

    def visible_to(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if _is_partner(user):
            return self.for_partner(user.organisation_id)
        return self

    def for_partner(self, organisation_id: int | None) -> Self:
        """What a partner of ``organisation_id`` may see; nothing unless overridden."""
        return self.none()

    def with_related(self) -> Self:
        return self.select_related("created_by", "updated_by")

    def search(self, text: str) -> Self:
        if not text:
            return self
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": text})
        return self.filter(query)
