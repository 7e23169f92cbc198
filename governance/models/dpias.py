"""DPIAs in the ICO's seven steps, their risks and measures, the DPO's comments, the timeline
of decisions and the frozen copy of what was approved."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import (
    DPIA_EDITABLE_STATUSES,
    DPIA_IN_FORCE_STATUSES,
    DPIA_OPEN_STATUSES,
    RISK_RANK,
    AdviceDecision,
    DpiaAction,
    DpiaStatus,
    DpiaStep,
    DpoRecommendation,
    Likelihood,
    MeasureEffect,
    RiskLevel,
    ScreeningIndicator,
    ScreeningOutcome,
    Severity,
)
from ..querysets import DpiaQuerySet, DpiaRiskQuerySet

USER = settings.AUTH_USER_MODEL


class Dpia(RegisterModel):
    """One revision of a data protection impact assessment, laid out as the ICO's template:
    screening (step 1) to sign-off (step 7). Revisions of the same assessment share its
    reference; each one links to the revision it was made from."""

    reference = models.CharField(max_length=20, editable=False)
    revision = models.PositiveSmallIntegerField(default=1, editable=False)
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name="revision of",
    )
    title = models.CharField(max_length=250, help_text="The project or processing it assesses.")
    author = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Who drafts it and answers the DPO's comments.",
    )
    #: Everyone who wrote any of its content: none of them may advise on it or sign it off.
    contributors: models.ManyToManyField = models.ManyToManyField(
        USER, related_name="+", blank=True, editable=False
    )
    activities = models.ManyToManyField(
        "ropa.ProcessingActivity",
        related_name="dpias",
        blank=True,
        verbose_name="processing activities",
    )
    agreements = models.ManyToManyField("sharing.Agreement", related_name="dpias", blank=True)
    data_sources = models.ManyToManyField(
        "sharing.DataSource", related_name="dpias", blank=True, verbose_name="data sources"
    )

    # Step 1: the need
    screening_indicators = models.JSONField(
        "high-risk indicators that apply", default=list, blank=True
    )
    screening_outcome = models.CharField(
        "screening outcome", max_length=20, choices=ScreeningOutcome.choices, blank=True
    )
    screening_reason = models.TextField("reason for the outcome", blank=True)
    # Step 2: the processing
    processing_nature = models.TextField("nature of the processing", blank=True)
    processing_scope = models.TextField("scope of the processing", blank=True)
    processing_context = models.TextField("context of the processing", blank=True)
    processing_purposes = models.TextField("purposes of the processing", blank=True)
    # Step 3: consultation
    consultation = models.TextField("who was consulted and how", blank=True)
    consultation_not_sought_reason = models.TextField(
        "why individuals' views were not sought", blank=True
    )
    # Step 4: necessity and proportionality
    necessity_and_proportionality = models.TextField("necessity and proportionality", blank=True)
    # Step 7: the DPO's advice
    dpo_recommendation = models.CharField(
        "DPO advice", max_length=30, choices=DpoRecommendation.choices, blank=True
    )
    dpo_advice = models.TextField("summary of DPO advice", blank=True)
    advised_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    advised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Step 7: prior consultation with the ICO (Art 36), when high residual risk remains
    ico_consulted_on = models.DateField("ICO consulted on", null=True, blank=True)
    ico_reference = models.CharField("ICO case reference", max_length=100, blank=True)
    ico_outcome = models.TextField("outcome of the prior consultation", blank=True)
    # Step 7: sign-off
    signed_off_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Approved the measures and accepted the residual risks.",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    advice_decision = models.CharField(
        "DPO advice accepted or overruled",
        max_length=20,
        choices=AdviceDecision.choices,
        blank=True,
    )
    advice_overruled_reasons = models.TextField("reasons for overruling the advice", blank=True)
    consultation_departure_reasons = models.TextField(
        "reasons for departing from the consultation responses", blank=True
    )
    review_owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kept under review by",
    )
    next_review_on = models.DateField("next review date", null=True, blank=True)
    # Workflow
    status = FSMField(max_length=20, choices=DpiaStatus.choices, default=DpiaStatus.DRAFT)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Its risks' highest levels as ranks (0 none yet, 1 low, 2 medium, 3 high), kept by the
    # services that change risks (``services.dpias.store_risk_ranks``) so the list and the
    # queues sort and filter on a column instead of grouping every DPIA with its risks.
    highest_risk_rank = models.PositiveSmallIntegerField("highest risk", default=0, editable=False)
    highest_residual_rank = models.PositiveSmallIntegerField(
        "highest residual risk", default=0, editable=False
    )

    objects = DpiaQuerySet.as_manager()
    # The ranks are worked out from the risks, whose own history says what changed.
    history = HistoricalRecords(
        m2m_fields=[activities, agreements, data_sources],
        excluded_fields=["highest_risk_rank", "highest_residual_rank"],
    )
    #: The History tab shows the screening checklist by the indicators' words.
    HISTORY_LIST_LABELS = {"screening_indicators": dict(ScreeningIndicator.choices)}

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "DPIA"
        verbose_name_plural = "DPIAs"
        permissions = (
            ("advise_dpia", "Give DPO advice on DPIAs"),
            ("sign_off_dpia", "Sign off DPIAs whose highest residual risk is low or medium"),
            ("sign_off_high_risk_dpia", "Sign off DPIAs whose highest residual risk is high"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("reference", "revision"),
                name="governance_dpia_reference_revision_unique",
                violation_error_message="A DPIA revision with this reference already exists.",
            ),
            models.CheckConstraint(
                name="governance_dpia_overruled_advice_has_reasons",
                condition=~Q(advice_decision=AdviceDecision.OVERRULED)
                | ~Q(advice_overruled_reasons=""),
                violation_error_message="Give the reasons for overruling the DPO's advice.",
            ),
            models.CheckConstraint(
                name="governance_dpia_approved_has_review_date",
                condition=~Q(status=DpiaStatus.APPROVED) | Q(next_review_on__isnull=False),
                violation_error_message="An approved DPIA needs a next review date.",
            ),
        )
        indexes = (
            models.Index(fields=("status", "submitted_at"), name="governance_dpia_status_idx"),
            models.Index(fields=("next_review_on",), name="governance_dpia_review_idx"),
            # The list sorted by highest risk; the sign-off queues and the high residual filter.
            models.Index(
                fields=("highest_risk_rank", "created_at", "id"), name="governance_dpia_risk_idx"
            ),
            models.Index(
                fields=("status", "highest_residual_rank", "advised_at"),
                name="governance_dpia_residual_idx",
            ),
            # The DPIA list's default order, newest first, unfiltered and filtered by status;
            # and sorted by title.
            models.Index(fields=("-created_at", "-id"), name="governance_dpia_newest_idx"),
            models.Index(
                fields=("status", "-created_at", "-id"), name="governance_dpia_snewest_idx"
            ),
            models.Index(fields=("title",), name="governance_dpia_title_idx"),
            # The Director's sign-off queue, oldest advice first (its residual risk filter is a
            # range, which the residual index above cannot read in this order).
            models.Index(
                fields=("status", "advised_at", "id"), name="governance_dpia_sadvised_idx"
            ),
        )

    def __str__(self) -> str:
        label = f"{self.reference} {self.title}" if self.reference else self.title
        return f"{label} (revision {self.revision})" if self.revision > 1 else label

    @property
    def is_editable(self) -> bool:
        return self.status in DPIA_EDITABLE_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in DPIA_OPEN_STATUSES

    @property
    def is_dpia_required(self) -> bool:
        return self.screening_outcome == ScreeningOutcome.REQUIRED

    def is_review_due(self, today: date | None = None) -> bool:
        """Approved (or screened out) and its next review date has arrived."""
        today = today or timezone.localdate()
        return (
            self.status in DPIA_IN_FORCE_STATUSES
            and self.next_review_on is not None
            and self.next_review_on <= today
        )

    def is_review_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.is_review_due(today)
            and self.next_review_on is not None
            and (self.next_review_on < today)
        )

    @property
    def screening_indicator_labels(self) -> list[str]:
        labels = dict(ScreeningIndicator.choices)
        return [str(labels.get(code, code)) for code in self.screening_indicators or []]

    # --- Workflow: each transition is applied by one service in governance.services ------------

    @transition(field=status, source=DPIA_EDITABLE_STATUSES, target=DpiaStatus.SUBMITTED)
    def submit(self) -> None:
        """Draft or returned → submitted to the DPO (``dpia_submit``)."""

    @transition(field=status, source=DpiaStatus.SUBMITTED, target=DpiaStatus.RETURNED)
    def return_for_changes(self) -> None:
        """Submitted → returned to its author with the DPO's comments (``dpia_return``)."""

    @transition(
        field=status,
        source=DpiaStatus.SUBMITTED,
        target=DpiaStatus.AWAITING_SIGN_OFF,
        conditions=[lambda dpia: dpia.is_dpia_required],  # type: ignore[attr-defined]
    )
    def give_advice(self) -> None:
        """Submitted → awaiting sign-off, with the DPO's advice (``dpia_give_advice``)."""

    @transition(
        field=status,
        source=DpiaStatus.SUBMITTED,
        target=DpiaStatus.SCREENED_OUT,
        conditions=[lambda dpia: not dpia.is_dpia_required],  # type: ignore[attr-defined]
    )
    def confirm_screening(self) -> None:
        """Submitted → no DPIA needed, as the DPO confirms (``dpia_confirm_screening``)."""

    @transition(field=status, source=DpiaStatus.AWAITING_SIGN_OFF, target=DpiaStatus.APPROVED)
    def approve(self) -> None:
        """Awaiting sign-off → approved, and frozen (``dpia_approve``)."""

    @transition(field=status, source=DpiaStatus.AWAITING_SIGN_OFF, target=DpiaStatus.REJECTED)
    def reject(self) -> None:
        """Awaiting sign-off → rejected (``dpia_reject``)."""

    @transition(field=status, source=DPIA_OPEN_STATUSES, target=DpiaStatus.WITHDRAWN)
    def withdraw(self) -> None:
        """Still open → withdrawn (``dpia_withdraw``)."""

    @transition(
        field=status,
        source=DPIA_IN_FORCE_STATUSES,
        target=DpiaStatus.SUPERSEDED,
    )
    def supersede(self) -> None:
        """In force → superseded, once the revision replacing it is approved or confirmed."""


class DpiaRisk(RegisterModel):
    """One risk in step 5 (its source and harm, likelihood, severity and the overall risk the
    matrix gives) with its step 6 measure (options, effect and the residual risk)."""

    dpia = models.ForeignKey(Dpia, on_delete=models.PROTECT, related_name="risks")
    number = models.PositiveSmallIntegerField(editable=False)
    description = models.TextField(
        "source of risk and nature of potential impact on individuals",
    )
    likelihood = models.CharField("likelihood of harm", max_length=10, choices=Likelihood.choices)
    severity = models.CharField("severity of harm", max_length=15, choices=Severity.choices)
    overall_risk = models.CharField(
        "overall risk", max_length=10, choices=RiskLevel.choices, editable=False
    )
    measure_options = models.TextField("options to reduce or eliminate the risk", blank=True)
    measure_effect = models.CharField(
        "effect on risk", max_length=15, choices=MeasureEffect.choices, blank=True
    )
    residual_risk = models.CharField(
        "residual risk", max_length=10, choices=RiskLevel.choices, blank=True
    )

    objects = DpiaRiskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("dpia", "number")
        verbose_name = "DPIA risk"
        constraints = (
            models.UniqueConstraint(
                fields=("dpia", "number"),
                name="governance_dpiarisk_number_unique",
                violation_error_message="This DPIA already has a risk with that number.",
            ),
        )

    def __str__(self) -> str:
        return f"Risk {self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.dpia.get_absolute_url()}#risk-{self.number}"

    @property
    def needs_measure(self) -> bool:
        """Step 6 covers every medium or high risk."""
        return self.overall_risk in (RiskLevel.MEDIUM, RiskLevel.HIGH)

    @property
    def has_measure(self) -> bool:
        return bool(self.measure_options and self.measure_effect and self.residual_risk)

    @property
    def effective_residual_risk(self) -> str:
        """The risk left once its measure is in place: a low risk needs no measure, and its
        overall risk is what remains (``querysets.residual_rank`` says the same in SQL)."""
        if self.needs_measure and self.residual_risk:
            return self.residual_risk
        return self.overall_risk

    @property
    def residual_rank(self) -> int:
        return RISK_RANK.get(self.effective_residual_risk, 0)  # type: ignore[call-overload]


class DpiaComment(models.Model):
    """A DPO comment on one step of a DPIA, made when returning it; the author marks it
    resolved (with an optional reply) before submitting again."""

    dpia = models.ForeignKey(Dpia, on_delete=models.PROTECT, related_name="comments")
    step = models.PositiveSmallIntegerField(choices=DpiaStep.choices)
    text = models.TextField("comment")
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField("reply", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("dpia", "step", "made_at", "pk")
        verbose_name = "DPIA comment"
        constraints = (
            models.CheckConstraint(
                name="governance_dpiacomment_resolved_has_who_and_when",
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                violation_error_message="A resolved comment records who resolved it and when.",
            ),
        )

    def __str__(self) -> str:
        return f"Comment on step {self.step} of {self.dpia}"

    def get_absolute_url(self) -> str:
        return f"{self.dpia.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class DpiaEvent(models.Model):
    """One entry of a DPIA's timeline: who did what, when, with their comment. Written by the
    services alongside the change; never edited."""

    dpia = models.ForeignKey(Dpia, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=30, choices=DpiaAction.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    status_before = models.CharField(max_length=20, choices=DpiaStatus.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=DpiaStatus.choices, blank=True)

    class Meta:
        ordering = ("dpia", "at", "pk")
        verbose_name = "DPIA timeline entry"
        verbose_name_plural = "DPIA timeline entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} on {self.at:%d %b %Y}"


class DpiaSnapshot(models.Model):
    """The approved DPIA as it stood at approval: every step, risk, measure and the sign-off,
    frozen as data with its SHA-256 digest so later changes cannot alter what was approved."""

    dpia = models.OneToOneField(Dpia, on_delete=models.PROTECT, related_name="snapshot")
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    digest = models.CharField("SHA-256 digest", max_length=64)

    class Meta:
        ordering = ("-taken_at",)
        verbose_name = "approved DPIA snapshot"

    def __str__(self) -> str:
        return f"{self.dpia} as approved on {self.taken_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:dpia_snapshot", kwargs={"pk": self.dpia_id})
