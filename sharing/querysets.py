from typing import Any

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "OrganisationQuerySet":
        """Internal roles see every organisation; a partner user only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_partner:
            return self.filter(pk=user.organisation_id)
        return self

    def with_related(self) -> "OrganisationQuerySet":
        return self.select_related("created_by", "updated_by")

    def search(self, text: str) -> "OrganisationQuerySet":
        return self.filter(name__icontains=text) if text else self
