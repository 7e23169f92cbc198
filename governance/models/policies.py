"""The policy and procedure register."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sharing.storage import signed_document_storage
from vpp_portal.models import RegisterModel

from ..choices import Adoption, PolicyKind, PolicyStatus
from ..querysets import PolicyQuerySet


class Policy(RegisterModel):
    """A policy, procedure, privacy notice or safeguards policy in the VPP's framework, and
    whether the VPP adopted it as it stands or overrode it."""

    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=PolicyKind.choices)
    owner_organisation = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name="owner organisation",
    )
    adoption = models.CharField(
        "adopted or overridden", max_length=20, choices=Adoption.choices, default=Adoption.ADOPTED
    )
    decision = models.TextField(
        blank=True, help_text="The VPP's decision: required when the policy is overridden."
    )
    version = models.CharField(max_length=30, blank=True)
    document_url = models.URLField("document link", max_length=500, blank=True)
    document = models.FileField(
        storage=signed_document_storage, upload_to="policies/%Y/", blank=True
    )
    next_review_on = models.DateField("next review date", null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="review owner",
        help_text="Who keeps it under review: review reminders go to them.",
    )
    status = models.CharField(
        max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    #: The roles (``accounts.choices.Role`` values) whose holders must read and confirm the
    #: current version while the policy is in force; see ``selectors.policy_reading``.
    required_for_roles = models.JSONField("required reading for", default=list, blank=True)
    #: The day the current version became required reading (set by ``policy_save``): the
    #: reading period runs from it, and a new version starts it again.
    reading_required_on = models.DateField(
        "required reading since", null=True, blank=True, editable=False
    )

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("title",)
        verbose_name = "policy"
        verbose_name_plural = "policies"
        constraints = (
            models.CheckConstraint(
                name="governance_policy_override_has_decision",
                condition=~models.Q(adoption="overridden") | ~models.Q(decision=""),
                violation_error_message="Record the VPP's decision when a policy is overridden.",
            ),
        )
        indexes = (
            models.Index(fields=("kind", "status"), name="governance_policy_kind_idx"),
            models.Index(fields=("next_review_on",), name="governance_policy_review_idx"),
            # The policy list's default order.
            models.Index(fields=("title",), name="governance_policy_title_idx"),
        )

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})" if self.version else self.title

    @property
    def is_in_force(self) -> bool:
        return self.status == PolicyStatus.IN_FORCE

    def is_review_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.next_review_on is not None and self.next_review_on < today
