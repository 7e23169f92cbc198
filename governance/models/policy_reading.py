"""Required reading: people's confirmations that they have read a policy's current version, and
the reading tasks the reminder ledger works from."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PolicyConfirmation(models.Model):
    """One person's confirmation that they have read and will follow one version of a policy:
    their own decision, taken on their own page with one click. A new version of the policy
    asks again; a confirmation of an older version stays here as the record of what was read."""

    policy = models.ForeignKey(
        "governance.Policy", on_delete=models.PROTECT, related_name="confirmations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="policy_confirmations",
        verbose_name="person",
    )
    #: The version as it stood when the person confirmed (the policy's version may move on).
    version = models.CharField("version confirmed", max_length=30)
    confirmed_at = models.DateTimeField("confirmed")

    history = HistoricalRecords()

    class Meta:
        ordering = ("-confirmed_at", "-pk")
        verbose_name = "policy confirmation"
        constraints = (
            models.UniqueConstraint(
                fields=("policy", "user", "version"),
                name="governance_policyconfirmation_once_per_version",
                violation_error_message="You have already confirmed this version of the policy.",
            ),
        )
        indexes = (
            # Who has confirmed the current version of a policy (its page, the dashboard).
            models.Index(fields=("policy", "version"), name="governance_policyconf_ver_idx"),
        )

    def __str__(self) -> str:
        return f"{self.user} read {self.policy.title}, version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("governance:policy_read", kwargs={"pk": self.policy_id})


class PolicyReadingTask(models.Model):
    """One person asked to read one version of a required policy, by a date: the record the
    reminder ledger reminds about (a ledger row has one record and one owner, so a reminder to
    each reader needs a row per reader). Written by the reading services only; it is done when
    it points at the person's confirmation. The confirmation, not this row, is the register's
    record of what was read, so it keeps no history of its own."""

    policy = models.ForeignKey(
        "governance.Policy", on_delete=models.CASCADE, related_name="reading_tasks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="person"
    )
    version = models.CharField(max_length=30)
    due_on = models.DateField("confirm by")
    confirmation = models.OneToOneField(
        PolicyConfirmation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task",
    )
    created_at = models.DateTimeField("asked", auto_now_add=True)

    class Meta:
        ordering = ("due_on", "pk")
        verbose_name = "policy reading task"
        constraints = (
            models.UniqueConstraint(
                fields=("policy", "user", "version"),
                name="governance_policyreadingtask_once_per_version",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user}: {self.policy}"

    def get_absolute_url(self) -> str:
        return reverse("governance:policy_read", kwargs={"pk": self.policy_id})
