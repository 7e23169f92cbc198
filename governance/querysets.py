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


def overall_rank(prefix: str = "") -> Case:
    """A risk's overall risk as a rank (``prefix`` reaches the risk from a DPIA: "risks__")."""
    return _rank(f"{prefix}overall_risk")


def residual_rank(prefix: str = "") -> Case:
    """A risk's ``DpiaRisk.effective_residual_risk`` as a rank: the residual risk of a medium
    or high risk that has one, otherwise its overall risk."""
    return Case(
        When(
            Q(**{f"{prefix}overall_risk__in": ("medium", "high")})
            & ~Q(**{f"{prefix}residual_risk": ""}),
            then=_rank(f"{prefix}residual_risk"),
        ),
        default=_rank(f"{prefix}overall_risk"),
        output_field=IntegerField(),
    )


#: The queues' conditions, for their pages and for the counts that add them up in one query.
AWAITING_ADVICE = Q(status=DpiaStatus.SUBMITTED)


def awaiting_sign_off(*, high_residual_risk: bool) -> Q:
    """Advised, and the highest residual risk (stored) is high (the SIRO's) or not (the
    Director's, where a DPIA with no risks also waits)."""
    rank = Q(highest_residual_rank=3) if high_residual_risk else Q(highest_residual_rank__lt=3)
    return Q(status=DpiaStatus.AWAITING_SIGN_OFF) & rank


def review_due_condition(today: date) -> Q:
    """In force (approved, or screened out), and the next review date has arrived."""
    return Q(status__in=DPIA_IN_FORCE_STATUSES, next_review_on__lte=today)


class DpiaQuerySet(RegisterQuerySet):
    """DPIAs are internal: partners never see them (``RegisterQuerySet.for_partner``)."""

    search_fields = ("reference", "title", "processing_purposes")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("author", "advised_by", "signed_off_by", "review_owner", "submitted_by")
        )

    def computed_risk_ranks(self) -> Self:
        """Annotate ``computed_risk_rank`` (step 5's overall risks) and
        ``computed_residual_rank`` (``DpiaRisk.effective_residual_risk``) worked out from the
        risks: 0 with no risks, then 1 low, 2 medium, 3 high. What the stored
        ``highest_risk_rank`` and ``highest_residual_rank`` must equal (the pages read those;
        ``governance.services.dpias.store_risk_ranks`` keeps them)."""
        return self.annotate(
            computed_risk_rank=Coalesce(Max(overall_rank("risks__")), Value(0)),
            computed_residual_rank=Coalesce(Max(residual_rank("risks__")), Value(0)),
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
        return self.filter(AWAITING_ADVICE).order_by("submitted_at", "pk")

    def awaiting_sign_off(self, *, high_residual_risk: bool) -> Self:
        """The SIRO's queue (``high_residual_risk``) or the Director's, oldest advice first."""
        return self.filter(awaiting_sign_off(high_residual_risk=high_residual_risk)).order_by(
            "advised_at", "pk"
        )

    def review_due(self, today: date) -> Self:
        """In force, and the next review date has arrived."""
        return self.filter(review_due_condition(today))

    def with_high_residual_risk(self) -> Self:
        """Open or in-force DPIAs whose highest residual risk is high (the dashboard's figure
        and the list filter behind it), read from the stored rank."""
        return self.filter(status__in=DPIA_CURRENT_STATUSES, highest_residual_rank=3)


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
