"""Scoping and loading for the rights request register."""

from datetime import date, timedelta
from typing import Self

from vpp_portal.querysets import RegisterQuerySet

from .choices import OPEN_STATUSES


class RightsRequestQuerySet(RegisterQuerySet):
    """Requests are internal: a partner sees none (only its own searches). Who may read a
    requester's details is a further rule (``governance.services.rights.may_see_requester``)."""

    search_fields = ("reference", "summary")

    def with_related(self) -> Self:
        return super().with_related().select_related("handler", "extended_by", "responded_by")

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> Self:
        return self.open().filter(due_on__lt=today)

    def due_within(self, today: date, days: int) -> Self:
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))


class RightsSearchQuerySet(RegisterQuerySet):
    """A partner sees the searches its own organisation was asked to make."""

    search_fields = ("question", "rights_request__reference", "organisation__name")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self.filter(organisation=organisation_id)

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("rights_request", "organisation", "requested_by", "answered_by")
        )

    def pending(self) -> Self:
        return self.filter(answer="pending")
