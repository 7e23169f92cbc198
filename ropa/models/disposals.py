"""The disposal log: proposed by the core team, approved or refused by the DPO."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sharing.storage import signed_document_storage
from vpp_portal.models import RegisterModel, recorded_by

from ..choices import DisposalMethod, DisposalStatus
from ..querysets import DisposalQuerySet
from .activities import ProcessingActivity

USER = settings.AUTH_USER_MODEL


class Disposal(RegisterModel):
    """A disposal of information at the end of its retention: what, when, how, by whom, with
    what evidence. The core team proposes it; the DPO approves or refuses it (who may decide is
    ``accounts.deciders.dpo_decision``). Only the approval retires the record disposed of, and
    the record is retired, never deleted from history."""

    activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposals",
        verbose_name="processing activity",
    )
    data_source = models.ForeignKey(
        "sharing.DataSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposals",
    )
    disposed_on = models.DateField("disposed on")
    method = models.CharField(max_length=20, choices=DisposalMethod.choices)
    carried_out_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    evidence = models.FileField(
        storage=signed_document_storage, upload_to="disposals/%Y/", blank=True
    )
    evidence_reference = models.CharField(max_length=250, blank=True)
    notes = models.TextField(blank=True)
    # The step: set only by the services, never in a form.
    status = models.CharField(
        max_length=20,
        choices=DisposalStatus.choices,
        default=DisposalStatus.PROPOSED,
        editable=False,
        db_index=True,
    )
    proposed_by = recorded_by("proposed by")
    proposed_at = models.DateTimeField("proposed at", null=True, blank=True, editable=False)
    decided_by = recorded_by("decided by")
    decided_at = models.DateTimeField("decided at", null=True, blank=True, editable=False)
    decision_reason = models.TextField("reason for the decision", blank=True, editable=False)
    is_deputy_decision = models.BooleanField("decided as deputy DPO", default=False, editable=False)

    objects = DisposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-disposed_on", "-pk")
        verbose_name = "disposal"
        permissions = (("approve_disposal", "Approve or refuse a proposed disposal"),)
        constraints = (
            models.CheckConstraint(
                name="ropa_disposal_exactly_one_record",
                condition=(Q(activity__isnull=False) & Q(data_source__isnull=True))
                | (Q(activity__isnull=True) & Q(data_source__isnull=False)),
                violation_error_message=(
                    "Choose the one record disposed of: a processing activity or a data source."
                ),
            ),
            models.CheckConstraint(
                name="ropa_disposal_has_evidence",
                condition=~Q(evidence="") | ~Q(evidence_reference=""),
                violation_error_message="Upload the evidence of disposal or give its reference.",
            ),
            models.CheckConstraint(
                name="ropa_disposal_decided_has_decider",
                condition=(
                    Q(status=DisposalStatus.PROPOSED)
                    & Q(decided_by__isnull=True)
                    & Q(decided_at__isnull=True)
                )
                | (
                    ~Q(status=DisposalStatus.PROPOSED)
                    & Q(decided_by__isnull=False)
                    & Q(decided_at__isnull=False)
                ),
                violation_error_message="A decided disposal names who decided it, and when.",
            ),
            models.CheckConstraint(
                name="ropa_disposal_refusal_has_reason",
                condition=~Q(status=DisposalStatus.REFUSED) | ~Q(decision_reason=""),
                violation_error_message="Say why the disposal is refused.",
            ),
            # One open proposal per record: a second would be decided twice.
            models.UniqueConstraint(
                fields=("activity",),
                condition=Q(status=DisposalStatus.PROPOSED),
                name="ropa_disposal_one_proposal_per_activity",
                violation_error_message=(
                    "A disposal of this processing activity is already awaiting the DPO's "
                    "approval: edit that proposal instead."
                ),
            ),
            models.UniqueConstraint(
                fields=("data_source",),
                condition=Q(status=DisposalStatus.PROPOSED),
                name="ropa_disposal_one_proposal_per_data_source",
                violation_error_message=(
                    "A disposal of this data source is already awaiting the DPO's approval: "
                    "edit that proposal instead."
                ),
            ),
        )
        indexes = (
            # The disposal log's default order: newest disposal date first, then newest row.
            models.Index(fields=("-disposed_on", "-id"), name="ropa_disposal_newest_idx"),
            # The DPO's queue: proposals only (a few rows, however long the log), oldest first.
            models.Index(
                fields=("proposed_at", "id"),
                condition=Q(status=DisposalStatus.PROPOSED),
                name="ropa_disposal_queue_idx",
            ),
        )

    def __str__(self) -> str:
        when = f"{self.disposed_on.day} {self.disposed_on:%b %Y}"
        return f"Disposal of {self.activity or self.data_source} on {when}"

    @property
    def is_proposed(self) -> bool:
        """Still waiting for the DPO's decision (and so still open to correction)."""
        return self.status == DisposalStatus.PROPOSED
