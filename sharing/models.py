from django.db import models
from django.db.models.functions import Lower

from vpp_portal.models import RegisterModel

from .choices import OrganisationKind
from .querysets import OrganisationQuerySet


class Organisation(RegisterModel):
    """A body the partnership works with: the OPCC hosting the core team, or a partner."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    is_core_team_host = models.BooleanField(
        "hosts the core team",
        default=False,
        help_text="The organisation that hosts the VPP core team (the OPCC in Humber).",
    )

    objects = OrganisationQuerySet.as_manager()

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
                condition=models.Q(is_core_team_host=True),
                name="sharing_organisation_one_core_team_host",
                violation_error_message=(
                    "Another organisation already hosts the core team; untick it there first."
                ),
            ),
        )
        indexes = (models.Index(fields=("kind",), name="sharing_org_kind_idx"),)

    def __str__(self) -> str:
        return self.name
