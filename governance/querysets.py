from datetime import date
from typing import Self

from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce

from vpp_portal.querysets import RegisterQuerySet

from .choices import (
    DPIA_CURRENT_STATUSES,
    DPIA_IN_FORCE_STATUSES,
    DPIA_OPEN_STATUSES,
    DpiaStatus,
    PolicyStatus,
)


class PolicyQuerySet(RegisterQuerySet):
    """Policies are internal: partners see none (``RegisterQuerySet.for_partner``)."""

    search_fields = ("title", "version", "decision")

    def with_related(self) -> Self:
        return super().with_related().select_related("owner_organisation", "owner")

    def in_force(self) -> Self:
        return self.filter(status=PolicyStatus.IN_FORCE)

    def review_overdue(self, today: date) -> Self:
        """Policies whose next review date has passed (withdrawn ones are not reviewed)."""
        return self.filter(next_review_on__lt=today).exclude(status=PolicyStatus.WITHDRAWN)


#: Risk levels as numbers, so the database can find the highest (see choices.RISK_RANK).
def _rank(field: str) -> Case:
    return Case(
        When(**{field: "high"}, then=Value(3)),
        When(**{field: "medium"}, then=Value(2)),
        When(**{field: "low"}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


class DpiaQuerySet(RegisterQuerySet):
    """DPIAs are internal: partners never see them (``RegisterQuerySet.for_partner``)."""

    search_fields = ("reference", "title", "processing_purposes")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("author", "advised_by", "signed_off_by", "review_owner", "submitted_by")
        )

    def with_risk_levels(self) -> Self:
        """Annotate ``highest_risk_rank`` (step 5's overall risks) and
        ``highest_residual_rank`` (``DpiaRisk.effective_residual_risk``): 0 with no risks,
        then 1 low, 2 medium, 3 high."""
        residual = Case(
            When(
                Q(risks__overall_risk__in=("medium", "high")) & ~Q(risks__residual_risk=""),
                then=_rank("risks__residual_risk"),
            ),
            default=_rank("risks__overall_risk"),
            output_field=IntegerField(),
        )
        return self.annotate(
            highest_risk_rank=Coalesce(Max(_rank("risks__overall_risk")), Value(0)),
            highest_residual_rank=Coalesce(Max(residual), Value(0)),
        )

    def in_force(self) -> Self:
        """Approved DPIAs and screenings that found none needed: what the ROPA rule accepts."""
        return self.filter(status__in=DPIA_IN_FORCE_STATUSES)

    def approved(self) -> Self:
        return self.filter(status=DpiaStatus.APPROVED)

    def screened_out(self) -> Self:
        return self.filter(status=DpiaStatus.SCREENED_OUT)

    def open(self) -> Self:
        return self.filter(status__in=DPIA_OPEN_STATUSES)

    def awaiting_advice(self) -> Self:
        """The DPO's review queue, oldest submission first."""
        return self.filter(status=DpiaStatus.SUBMITTED).order_by("submitted_at", "pk")

    def awaiting_sign_off(self, *, high_residual_risk: bool) -> Self:
        """The SIRO's queue (``high_residual_risk``) or the Director's, oldest advice first."""
        queryset = self.filter(status=DpiaStatus.AWAITING_SIGN_OFF).with_risk_levels()
        queryset = (
            queryset.filter(highest_residual_rank=3)
            if high_residual_risk
            else queryset.filter(highest_residual_rank__lt=3)
        )
        return queryset.order_by("advised_at", "pk")

    def review_due(self, today: date) -> Self:
        """In force, and the next review date has arrived."""
        return self.in_force().filter(next_review_on__lte=today)

    def with_high_residual_risk(self) -> Self:
        """Open or in-force DPIAs whose highest residual risk is high (the dashboard's figure
        and the list filter behind it). A subquery, so it composes with ``with_risk_levels``."""
        from .models import Dpia

        # An annotation django-stubs cannot see: hence the keyword dictionary.
        high = Dpia.objects.with_risk_levels().filter(**{"highest_residual_rank": 3})
        return self.filter(status__in=DPIA_CURRENT_STATUSES, pk__in=high.values("pk"))


class DpiaRiskQuerySet(RegisterQuerySet):
    def for_partner(self, organisation_id: int | None) -> Self:
        return self.none()


class BreachQuerySet(RegisterQuerySet):
    """The breach log is internal: partners see none (``RegisterQuerySet.for_partner``)."""

    search_fields = ("reference", "title", "description", "data_affected")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("reported_by", "owner", "organisation", "partner_decided_by")
        )

    def awaiting_partner_decision(self) -> Self:
        """Open breaches of a partner's data (not the core team's) with no decision yet on
        telling that partner (``services.breaches.involves_partner``)."""
        return (
            self.filter(organisation__isnull=False, organisation__is_core_team_host=False)
            .filter(partner_decision="undecided")
            .exclude(status="closed")
        )

    def ico_clock_running(self) -> Self:
        """Breaches whose ICO deadline still matters: not told, not ruled out, not closed."""
        return (
            self.filter(ico_told_at__isnull=True)
            .exclude(ico_decision="not_required")
            .exclude(status="closed")
        )
