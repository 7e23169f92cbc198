"""The breach log: every personal data breach or information security incident, reported to the
ICO or not (UK GDPR Art 33(5))."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel, recorded_by

from ..choices import (
    ICO_DEADLINE_HOURS,
    BreachRisk,
    BreachStatus,
    IcoDecision,
    IndividualsTold,
    PartnerDecision,
)
from ..querysets import BreachQuerySet

USER = settings.AUTH_USER_MODEL


class Breach(RegisterModel):
    """One incident: what happened, who and what it affected, the ICO decision and the
    72-hour deadline, what was done and what was learnt."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField("summary", max_length=250)
    detected_at = models.DateTimeField("detected at")
    became_aware_at = models.DateTimeField(
        "became aware at",
        help_text="When the partnership became reasonably certain that personal data was "
        "affected: the ICO's 72 hours run from here.",
    )
    reported_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="reported by"
    )
    owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="handled by",
        help_text="Who is handling it; reminders of the ICO deadline go to them and the DPO.",
    )
    description = models.TextField("what happened")
    data_affected = models.TextField("data affected", blank=True)
    people_affected = models.PositiveIntegerField(
        "number of people affected", null=True, blank=True
    )
    involves_personal_data = models.BooleanField("personal data involved", default=True)
    organisation = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breaches",
        verbose_name="organisation whose data it was",
    )
    risk = models.CharField(
        "risk to people", max_length=20, choices=BreachRisk.choices, default=BreachRisk.UNASSESSED
    )
    risk_assessment = models.TextField("risk assessment", blank=True)
    ico_decision = models.CharField(
        "must the ICO be told?",
        max_length=20,
        choices=IcoDecision.choices,
        default=IcoDecision.UNDECIDED,
    )
    ico_decision_reasons = models.TextField("reasons for the decision", blank=True)
    ico_deadline_at = models.DateTimeField("ICO deadline", editable=False)
    ico_told_at = models.DateTimeField("told the ICO at", null=True, blank=True)
    ico_reference = models.CharField("ICO case reference", max_length=50, blank=True)
    individuals_told = models.CharField(
        "individuals told",
        max_length=20,
        choices=IndividualsTold.choices,
        default=IndividualsTold.UNDECIDED,
    )
    individuals_told_at = models.DateTimeField("individuals told at", null=True, blank=True)
    # The DPO's decision whether to tell the partner whose data it was: its own page and service
    # (``services.breaches.breach_partner_decision``), never a field of the edit form.
    partner_decision = models.CharField(
        "tell the partner?",
        max_length=20,
        choices=PartnerDecision.choices,
        default=PartnerDecision.UNDECIDED,
        editable=False,
    )
    partner_decision_reason = models.TextField(
        "reasons for telling or not telling the partner", blank=True, editable=False
    )
    partner_decided_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="partner decision by",
    )
    partner_decided_at = models.DateTimeField("partner decision at", null=True, editable=False)
    actions = models.TextField("actions taken", blank=True)
    lessons_learnt = models.TextField("lessons learnt", blank=True)
    # The DPO's record that the lessons learnt need no action on the action register, which
    # lets the breach close without one: its own page and service
    # (``services.actions.breach_record_no_action``), never a field of the edit form.
    no_action_reason = models.TextField(
        "why the lessons learnt need no action", blank=True, editable=False
    )
    no_action_decided_by = recorded_by("no action needed, recorded by")
    no_action_decided_at = models.DateTimeField(
        "no action needed, recorded at", null=True, blank=True, editable=False
    )
    status = FSMField(
        max_length=20, choices=BreachStatus.choices, default=BreachStatus.OPEN, protected=False
    )
    contained_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    HISTORY_HIDDEN_FIELDS = (*RegisterModel.HISTORY_HIDDEN_FIELDS, "ico_deadline_at")

    objects = BreachQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-became_aware_at",)
        verbose_name = "breach"
        verbose_name_plural = "breaches"
        permissions = (("manage_breach", "Can decide whether the ICO is told, and close breaches"),)
        constraints = (
            models.CheckConstraint(
                name="governance_breach_aware_after_detected",
                condition=Q(became_aware_at__gte=models.F("detected_at")),
                violation_error_message="The partnership cannot become aware of a breach "
                "before it was detected.",
            ),
            models.CheckConstraint(
                name="governance_breach_decision_has_reasons",
                condition=Q(ico_decision="undecided") | ~Q(ico_decision_reasons=""),
                violation_error_message="Give the reasons for the decision.",
            ),
            models.CheckConstraint(
                name="governance_breach_told_only_when_reportable",
                condition=Q(ico_told_at__isnull=True) | Q(ico_decision="report"),
                violation_error_message="Only a breach the ICO must be told about can have "
                "the time the ICO was told.",
            ),
            models.CheckConstraint(
                name="governance_breach_partner_decision_recorded",
                condition=Q(partner_decision="undecided")
                | (
                    ~Q(partner_decision_reason="")
                    & Q(partner_decided_by__isnull=False, partner_decided_at__isnull=False)
                ),
                violation_error_message="Give the reasons for telling the partner or not.",
            ),
            models.CheckConstraint(
                name="governance_breach_closed_is_decided",
                condition=~Q(status="closed") | ~Q(ico_decision="undecided"),
                violation_error_message="Decide whether the ICO must be told before closing.",
            ),
        )
        indexes = (
            models.Index(fields=("status",), name="governance_breach_status_idx"),
            models.Index(fields=("ico_deadline_at",), name="governance_breach_deadline_idx"),
            # The breach list's default order, latest first, unfiltered and filtered by status.
            models.Index(fields=("-became_aware_at",), name="governance_breach_aware_idx"),
            models.Index(
                fields=("status", "-became_aware_at"), name="governance_breach_saware_idx"
            ),
        )

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.ico_deadline_at = self.deadline_for(self.became_aware_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "ico_deadline_at"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def deadline_for(became_aware_at: datetime) -> datetime:
        """72 elapsed hours after awareness (a clock change does not add or remove an hour).

        Added in UTC: adding hours to a London time adds wall-clock hours, one too many or too
        few across a clock change."""
        return became_aware_at.astimezone(UTC) + timedelta(hours=ICO_DEADLINE_HOURS)

    @property
    def is_ico_clock_running(self) -> bool:
        """The ICO has not been told and has not been ruled out, and the breach is not closed."""
        return (
            self.ico_told_at is None
            and self.ico_decision != IcoDecision.NOT_REQUIRED
            and self.status != BreachStatus.CLOSED
        )

    def time_left(self, now: datetime | None = None) -> timedelta:
        """Until the ICO deadline: negative once it has passed."""
        return self.ico_deadline_at - (now or timezone.now())

    @transition(field=status, source=BreachStatus.OPEN, target=BreachStatus.CONTAINED)
    def contain(self) -> None:
        """Open → contained (``breach_contain``)."""

    @transition(
        field=status,
        source=(BreachStatus.OPEN, BreachStatus.CONTAINED),
        target=BreachStatus.CLOSED,
    )
    def close(self) -> None:
        """Open or contained → closed (``breach_close``)."""

    @transition(
        field=status,
        source=(BreachStatus.CONTAINED, BreachStatus.CLOSED),
        target=BreachStatus.OPEN,
    )
    def reopen(self) -> None:
        """Contained or closed → open again (``breach_reopen``)."""
