"""Queryset methods for the sharing registers: scoping, related-row loading and search.

``visible_to(user)`` is the one place partner scoping is decided for each register:
a partner sees their own organisation, the agreements it is party to, the data sources it
supplies and the consultations addressed to it; forums, connection requests and products
are internal.
"""

from datetime import date
from typing import Self

from django.db.models import Exists, OuterRef, Q

from vpp_portal.querysets import RegisterQuerySet


class OrganisationQuerySet(RegisterQuerySet):
    search_fields = ("name", "address")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self.filter(pk=organisation_id)


class ContactQuerySet(RegisterQuerySet):
    search_fields = ("name", "role", "email")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self.filter(organisation=organisation_id)

    def with_related(self) -> Self:
        return super().with_related().select_related("organisation")


class RoleHolderQuerySet(RegisterQuerySet):
    search_fields = ("name", "job_title", "email", "organisation__name")

    def with_related(self) -> Self:
        return super().with_related().select_related("organisation", "user")

    def current(self, on: date) -> Self:
        """Holders in post on ``on`` (the from and to dates are inclusive)."""
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class ForumQuerySet(RegisterQuerySet):
    search_fields = ("name", "acronym", "purpose")

    def with_related(self) -> Self:
        return super().with_related().prefetch_related("members")


class AgreementQuerySet(RegisterQuerySet):
    search_fields = ("title", "reference", "purpose", "data_items")

    def for_partner(self, organisation_id: int | None) -> Self:
        from .models import AgreementParty

        party = AgreementParty.objects.filter(
            agreement=OuterRef("pk"), organisation=organisation_id
        )
        return self.filter(Exists(party))

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("owner", "via_forum")
            .prefetch_related("parties__organisation")
        )

    def active(self) -> Self:
        return self.filter(status="active")

    def review_overdue(self, today: date) -> Self:
        """Active agreements whose review date has passed (the reminders' own rule)."""
        return self.active().filter(review_on__lt=today)

    def isas_missing_items(self) -> Self:
        """ISAs leaving an item of the data sharing code uncovered (``code_items``)."""
        from .code_items import missing_condition

        return self.filter(kind="isa").filter(missing_condition())

    def isas_covering_every_item(self) -> Self:
        """ISAs covering every item of the data sharing code (``code_items``)."""
        from .code_items import missing_condition

        return self.filter(kind="isa").exclude(missing_condition())


class ConnectionRequestQuerySet(RegisterQuerySet):
    search_fields = ("purpose", "forum__name", "decision_notes")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("forum", "agreement", "owner")
            .prefetch_related("organisations")
        )


class DataSourceQuerySet(RegisterQuerySet):
    search_fields = ("name", "description", "publisher", "citation")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self.filter(supplier=organisation_id)

    def with_related(self) -> Self:
        return super().with_related().select_related("supplier", "covering_agreement", "owner")

    def uncovered(self) -> Self:
        """Partner-shared sources without an active covering agreement (rule 5)."""
        return self.filter(classification="partner_shared").exclude(
            covering_agreement__status="active"
        )


class ProductQuerySet(RegisterQuerySet):
    search_fields = ("title", "description")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("owner")
            .prefetch_related("data_sources__supplier", "consultations__organisation")
        )


class ConsultationQuerySet(RegisterQuerySet):
    search_fields = ("product__title", "organisation__name", "conditions")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self.filter(organisation=organisation_id)

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("product", "organisation", "requested_by", "responded_by")
        )
