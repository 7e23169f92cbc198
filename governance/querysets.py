from datetime import date
from typing import Self

from vpp_portal.querysets import RegisterQuerySet


class PolicyQuerySet(RegisterQuerySet):
    """Policies are internal: partners see none (``RegisterQuerySet.for_partner``)."""

    search_fields = ("title", "version", "decision")

    def with_related(self) -> Self:
        return super().with_related().select_related("owner_organisation")

    def in_force(self) -> Self:
        return self.filter(status="in_force")

    def review_overdue(self, today: date) -> Self:
        """Policies whose next review date has passed (withdrawn ones are not reviewed)."""
        return self.filter(next_review_on__lt=today).exclude(status="withdrawn")
