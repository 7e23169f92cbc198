"""Data-protection audits, their findings, and the one action register fed by audit findings,
breach lessons, DPIA measures and Board decisions."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sharing.storage import signed_document_storage
from vpp_portal.models import RegisterModel, recorded_by

from ..choices import ACTION_LIVE_STATUSES, ActionSource, ActionStatus, AuditStatus, RiskLevel
from ..querysets_actions import ActionQuerySet, AuditFindingQuerySet, DataProtectionAuditQuerySet

USER = settings.AUTH_USER_MODEL


class DataProtectionAudit(RegisterModel):
    """One data-protection audit of the partnership: what it covered, who carried it out and
    when, its report, and whether it has reported."""

    title = models.CharField(max_length=250, help_text="For example ‘2026 data protection audit’.")
    scope = models.TextField("scope", help_text="What the audit covered, and what it did not.")
    auditor_name = models.CharField(
        "auditor", max_length=200, help_text="The person or team who carried out the audit."
    )
    auditor_organisation = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auditor's organisation",
    )
    carried_out_on = models.DateField("carried out on")
    report = models.FileField(
        "audit report", storage=signed_document_storage, upload_to="audits/%Y/", blank=True
    )
    status = models.CharField(
        max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )

    objects = DataProtectionAuditQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-carried_out_on", "-pk")
        verbose_name = "data protection audit"
        verbose_name_plural = "data protection audits"
        indexes = (
            models.Index(fields=("-carried_out_on", "-id"), name="governance_dpaudit_date_idx"),
        )

    def __str__(self) -> str:
        return self.title


class AuditFinding(RegisterModel):
    """One finding of an audit: how serious it is, what it found, and the records it concerns."""

    audit = models.ForeignKey(
        DataProtectionAudit, on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveSmallIntegerField(editable=False)
    severity = models.CharField(max_length=10, choices=RiskLevel.choices)
    description = models.TextField("what the audit found")
    recommendation = models.TextField("the auditor's recommendation", blank=True)
    activities = models.ManyToManyField(
        "ropa.ProcessingActivity",
        blank=True,
        related_name="+",
        verbose_name="processing activities concerned",
    )
    data_sources = models.ManyToManyField(
        "sharing.DataSource", blank=True, related_name="+", verbose_name="data sources concerned"
    )
    agreements = models.ManyToManyField(
        "sharing.Agreement", blank=True, related_name="+", verbose_name="agreements concerned"
    )
    dpias = models.ManyToManyField(
        "governance.Dpia", blank=True, related_name="+", verbose_name="DPIAs concerned"
    )

    objects = AuditFindingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[activities, data_sources, agreements, dpias])

    class Meta:
        ordering = ("audit", "number")
        verbose_name = "audit finding"
        constraints = (
            models.UniqueConstraint(
                fields=("audit", "number"),
                name="governance_auditfinding_number_unique",
                violation_error_message="This audit already has a finding with that number.",
            ),
        )

    def __str__(self) -> str:
        return f"Finding {self.number} of {self.audit}" if self.number else "New finding"


class Action(RegisterModel):
    """One action the partnership has committed to: where it came from (an audit finding, a
    breach's lessons, a DPIA measure or a Board decision), who owns it, when it is due, and the
    evidence that it was done, or why it was cancelled."""

    title = models.CharField(max_length=250)
    description = models.TextField("what is to be done", blank=True)
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    audit_finding = models.ForeignKey(
        AuditFinding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        editable=False,
    )
    breach = models.ForeignKey(
        "governance.Breach",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lesson_actions",
        editable=False,
    )
    dpia_risk = models.ForeignKey(
        "governance.DpiaRisk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        editable=False,
        verbose_name="DPIA measure",
    )
    board_decided_on = models.DateField("date of the Board decision", null=True, blank=True)
    owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who sees it through: reminders of the due date go to them.",
    )
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN, editable=False
    )
    evidence = models.TextField("evidence of completion", blank=True, editable=False)
    evidence_document = models.FileField(
        "evidence document",
        storage=signed_document_storage,
        upload_to="actions/%Y/",
        blank=True,
        editable=False,
    )
    completed_on = models.DateField("completed on", null=True, blank=True, editable=False)
    completed_by = recorded_by("completed by")
    cancelled_reason = models.TextField("why it was cancelled", blank=True, editable=False)
    cancelled_by = recorded_by("cancelled by")

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("due_on", "pk")
        verbose_name = "action"
        verbose_name_plural = "actions"
        permissions = (("manage_action", "Can cancel actions and record anyone's action as done"),)
        constraints = (
            models.CheckConstraint(
                name="governance_action_source_link",
                condition=(
                    Q(
                        source="audit_finding",
                        audit_finding__isnull=False,
                        breach__isnull=True,
                        dpia_risk__isnull=True,
                        board_decided_on__isnull=True,
                    )
                    | Q(
                        source="breach_lesson",
                        audit_finding__isnull=True,
                        breach__isnull=False,
                        dpia_risk__isnull=True,
                        board_decided_on__isnull=True,
                    )
                    | Q(
                        source="dpia_measure",
                        audit_finding__isnull=True,
                        breach__isnull=True,
                        dpia_risk__isnull=False,
                        board_decided_on__isnull=True,
                    )
                    | Q(
                        source="board_decision",
                        audit_finding__isnull=True,
                        breach__isnull=True,
                        dpia_risk__isnull=True,
                        board_decided_on__isnull=False,
                    )
                ),
                violation_error_message="An action links to exactly the record it came from.",
            ),
            models.CheckConstraint(
                name="governance_action_done_has_evidence",
                condition=~Q(status="done")
                | (Q(completed_on__isnull=False) & (~Q(evidence="") | ~Q(evidence_document=""))),
                violation_error_message="A done action records when it was completed and the "
                "evidence of completion.",
            ),
            models.CheckConstraint(
                name="governance_action_cancelled_has_reason",
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
                violation_error_message="Give the reason the action was cancelled.",
            ),
        )
        indexes = (
            models.Index(fields=("status", "due_on"), name="governance_action_status_idx"),
            models.Index(fields=("due_on", "id"), name="governance_action_due_idx"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        """Open or in progress: still to be done."""
        return self.status in ACTION_LIVE_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_live and self.due_on is not None and self.due_on < today

    @property
    def source_record(self) -> models.Model | None:
        """The record the action came from (none for a Board decision)."""
        return self.audit_finding or self.breach or self.dpia_risk

    def source_url(self) -> str:
        if self.audit_finding_id:
            return reverse("governance:auditfinding_detail", kwargs={"pk": self.audit_finding_id})
        if self.breach_id:
            return reverse("governance:breach_detail", kwargs={"pk": self.breach_id})
        if self.dpia_risk_id:
            return self.dpia_risk.get_absolute_url()  # type: ignore[union-attr]
        return ""
