"""The systems register's queryset: who may see which systems, and the rules' row sets."""

from datetime import date, timedelta
from typing import Self

from django.db.models import Exists, OuterRef, Q

from vpp_portal.querysets import RegisterQuerySet


class SystemQuerySet(RegisterQuerySet):
    """A partner sees the systems their organisation supplies and those holding data sources
    their organisation supplies; internal roles see every system."""

    search_fields = ("name", "description", "hosting", "supplier__name")

    def for_partner(self, organisation_id: int | None) -> Self:
        if organisation_id is None:
            return self.none()
        from .models.systems import System

        holds_theirs = System.data_sources.through.objects.filter(
            system=OuterRef("pk"), datasource__supplier=organisation_id
        )
        return self.filter(Q(supplier=organisation_id) | Exists(holds_theirs))

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related(
                "supplier", "art28_contract", "asset_owner", "board_decision_recorded_by"
            )
        )

    def holding_personal_data(self) -> Self:
        """Systems holding a data source or a processing activity with personal data."""
        from .models.systems import System

        through = System.data_sources.through.objects.filter(
            system=OuterRef("pk"), datasource__has_personal_data=True
        )
        held = System.activities.through.objects.filter(
            system=OuterRef("pk"), processingactivity__has_personal_data=True
        )
        return self.filter(Exists(through) | Exists(held))

    def in_use(self) -> Self:
        """Not withdrawn by the Board."""
        return self.exclude(board_decision="withdraw")

    def without_active_contract(self) -> Self:
        return self.exclude(art28_contract__status="active")

    def assurance_out_of_date(self, today: date) -> Self:
        """No certified assurance dated within the last twelve months."""
        from .models.systems import ASSURANCE_VALID_DAYS, AssuranceStatus

        current = Q(
            assurance_status=AssuranceStatus.CERTIFIED,
            assured_on__gte=today - timedelta(days=ASSURANCE_VALID_DAYS),
        )
        return self.exclude(current)

    def review_overdue(self, today: date) -> Self:
        return self.in_use().filter(next_board_review_on__lt=today)
