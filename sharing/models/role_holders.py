"""Who holds SIRO, DPO and Director at each organisation, and when (rule 6)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import (
    HolderRole,
)
from ..querysets import (
    RoleHolderQuerySet,
)
from .organisations import Organisation

USER = settings.AUTH_USER_MODEL


class RoleHolder(RegisterModel):
    """Who holds SIRO, DPO or Director for an organisation, from when to when (Appendix 1).

    The core-team host's current DPO is the DPO the ROPA header names and the person overdue
    reminders escalate to. ``user`` is the holder's portal account, when they have one: only an
    account can be sent reminders.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_holders"
    )
    role = models.CharField(max_length=20, choices=HolderRole.choices)
    name = models.CharField(max_length=150)
    job_title = models.CharField("job title", max_length=150, blank=True)
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)
    address = models.TextField(blank=True)
    user = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_roles",
        verbose_name="portal account",
        help_text="Their login, if they have one: reminders go to this account.",
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("to", null=True, blank=True)

    objects = RoleHolderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("organisation__name", "role", "-starts_on")
        verbose_name = "role holder"
        constraints = (
            models.CheckConstraint(
                name="sharing_roleholder_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="The end date must be on or after the start date.",
            ),
        )
        indexes = (
            models.Index(fields=("organisation", "role", "starts_on"), name="sharing_holder_idx"),
        )

    def __str__(self) -> str:
        return f"{self.name}, {self.get_role_display()} at {self.organisation}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)
