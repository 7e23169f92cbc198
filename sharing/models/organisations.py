"""Organisations the partnership works with, and their named contacts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import (
    OrganisationKind,
)
from ..querysets import (
    ContactQuerySet,
    OrganisationQuerySet,
)

USER = settings.AUTH_USER_MODEL


class Organisation(RegisterModel):
    """A body the partnership works with: the OPCC hosting the core team, or a partner."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    is_core_team_host = models.BooleanField(
        "hosts the core team",
        default=False,
        help_text="The organisation that hosts the VPP core team (the OPCC in Humber).",
    )
    address = models.TextField(blank=True, help_text="Postal address, as on its agreements.")

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = "organisation"
        constraints = (
            models.UniqueConstraint(
                Lower("name"),
                name="sharing_organisation_unique_name",
                violation_error_message="An organisation with this name already exists.",
            ),
            models.UniqueConstraint(
                fields=("is_core_team_host",),
                condition=Q(is_core_team_host=True),
                name="sharing_organisation_one_core_team_host",
                violation_error_message=(
                    "Another organisation already hosts the core team; untick it there first."
                ),
            ),
        )
        indexes = (
            models.Index(fields=("kind",), name="sharing_org_kind_idx"),
            # The organisation list's default order, and every list that sorts by an
            # organisation's name (role holders, consultations, data sources' suppliers,
            # policies' owners, agreements' parties).
            models.Index(fields=("name",), name="sharing_org_name_idx"),
            # The organisation list sorted by "Last updated".
            models.Index(fields=("updated_at",), name="sharing_org_updated_idx"),
        )

    def __str__(self) -> str:
        return self.name


class Contact(RegisterModel):
    """A named person at an organisation whom the partnership deals with."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(
        "role", max_length=150, help_text="For example, Data Protection Officer."
    )
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("organisation__name", "name")
        verbose_name = "contact"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()
