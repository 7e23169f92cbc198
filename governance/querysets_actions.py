"""Querysets of the data-protection audits, their findings and the action register.

All three are internal: a partner sees none of them (``RegisterQuerySet.for_partner``)."""

from datetime import date
from typing import Self

from django.db.models import Exists, OuterRef, Q

from vpp_portal.querysets import RegisterQuerySet

from .choices import ACTION_LIVE_STATUSES


class DataProtectionAuditQuerySet(RegisterQuerySet):
    search_fields = ("title", "scope", "auditor_name")

    def with_related(self) -> Self:
        return super().with_related().select_related("auditor_organisation")


class AuditFindingQuerySet(RegisterQuerySet):
    search_fields = ("description", "recommendation", "audit__title")

    def with_related(self) -> Self:
        return super().with_related().select_related("audit")


def overdue_condition(today: date) -> Q:
    """Still to be done, and the due date has passed."""
    return Q(status__in=ACTION_LIVE_STATUSES, due_on__lt=today)


class ActionQuerySet(RegisterQuerySet):
    search_fields = ("title", "description", "evidence")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related(
                "owner",
                "audit_finding__audit",
                "breach",
                "dpia_risk__dpia",
                "completed_by",
                "cancelled_by",
            )
        )

    def live(self) -> Self:
        return self.filter(status__in=ACTION_LIVE_STATUSES)

    def overdue(self, today: date) -> Self:
        return self.filter(overdue_condition(today))


def breach_has_live_action() -> Exists:
    """Whether the outer breach has an action from its lessons that is not cancelled (open, in
    progress or done): what closing a breach asks for, unless the DPO said none is needed."""
    from .models.audits import Action

    return Exists(Action.objects.filter(breach=OuterRef("pk")).exclude(status="cancelled"))
