"""The systems register: where the partnership's information is held, who supplies and hosts
it, under which Art 28 contract, how it is assured, and what the Board decided about it."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sharing.choices import AgreementKind
from vpp_portal.models import RegisterModel, recorded_by

from ..querysets_systems import SystemQuerySet

#: How old a security assurance may be before it no longer counts (a yearly certification).
ASSURANCE_VALID_DAYS = 365


class AssuranceKind(models.TextChoices):
    CYBER_ESSENTIALS = "cyber_essentials", "Cyber Essentials"
    CYBER_ESSENTIALS_PLUS = "cyber_essentials_plus", "Cyber Essentials Plus"
    DSPT = "dspt", "Data Security and Protection Toolkit (DSPT)"
    ISO_27001 = "iso_27001", "ISO/IEC 27001"
    OTHER = "other", "Other"


class AssuranceStatus(models.TextChoices):
    CERTIFIED = "certified", "Certified or standards met"
    IN_PROGRESS = "in_progress", "Assessment in progress"
    LAPSED = "lapsed", "Lapsed"
    NOT_MET = "not_met", "Not met"


class BoardDecision(models.TextChoices):
    UNDECIDED = "", "No decision recorded"
    CONTINUE = "continue", "Continue"
    REPLACE = "replace", "Replace"
    WITHDRAW = "withdraw", "Withdraw"


#: Decisions that end the system's use, so need an exit plan (withdrawn in phases).
EXIT_DECISIONS = (BoardDecision.REPLACE, BoardDecision.WITHDRAW)

#: Badge colours beside each status (``includes/_status_tag.html`` reads the value).
ASSURANCE_STATUS_COLOURS = {
    AssuranceStatus.CERTIFIED: "green",
    AssuranceStatus.IN_PROGRESS: "yellow",
    AssuranceStatus.LAPSED: "red",
    AssuranceStatus.NOT_MET: "red",
}
BOARD_DECISION_COLOURS = {
    BoardDecision.UNDECIDED: "grey",
    BoardDecision.CONTINUE: "green",
    BoardDecision.REPLACE: "orange",
    BoardDecision.WITHDRAW: "red",
}


class System(RegisterModel):
    """One information system the partnership's data is held in (TIIG, a SharePoint site),
    with its supplier, hosting, contract, assurance, what it holds and its Board review."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    supplier = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        related_name="supplied_systems",
        verbose_name="supplier organisation",
    )
    hosting = models.CharField(
        "hosting and location",
        max_length=250,
        help_text="Who hosts it and where, for example ‘LJMU data centre, Liverpool, UK’. The "
        "processing activities it holds show this as the location of their data.",
    )
    art28_contract = models.ForeignKey(
        "sharing.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems",
        verbose_name="Art 28 contract",
        help_text="The controller-to-processor contract (UK GDPR Art 28) with the supplier.",
    )
    assurance_kind = models.CharField(
        "security assurance", max_length=30, choices=AssuranceKind.choices, blank=True
    )
    assurance_status = models.CharField(
        "assurance status", max_length=20, choices=AssuranceStatus.choices, blank=True
    )
    assured_on = models.DateField(
        "assurance date",
        null=True,
        blank=True,
        help_text="When the certificate was issued or the assessment was last passed.",
    )
    data_sources = models.ManyToManyField(
        "sharing.DataSource", related_name="systems", blank=True, verbose_name="data sources"
    )
    activities = models.ManyToManyField(
        "ropa.ProcessingActivity",
        related_name="systems",
        blank=True,
        verbose_name="processing activities",
    )
    asset_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="information asset owner",
        help_text="Who answers for the system and its information: review reminders go to them.",
    )
    next_board_review_on = models.DateField("Board review date", null=True, blank=True)
    exit_plan = models.TextField(
        "exit plan",
        blank=True,
        help_text="How the system would be withdrawn in phases, and what happens to the data.",
    )
    # The Board's decision: recorded by the SIRO on its own page (``system_record_decision``).
    board_decision = models.CharField(
        "Board decision",
        max_length=20,
        choices=BoardDecision.choices,
        default=BoardDecision.UNDECIDED,
        blank=True,
        editable=False,
    )
    board_decided_on = models.DateField("Board decision date", null=True, editable=False)
    board_decision_reason = models.TextField("reasons for the decision", blank=True, editable=False)
    board_decision_recorded_by = recorded_by("Board decision recorded by")

    objects = SystemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[data_sources, activities])

    class Meta:
        ordering = ("name",)
        verbose_name = "system"
        permissions = (("decide_system", "Record the Board's decision on a system"),)
        constraints = (
            models.UniqueConstraint(
                Lower("name"),
                name="governance_system_unique_name",
                violation_error_message="A system with this name already exists.",
            ),
            models.CheckConstraint(
                name="governance_system_exit_plan_for_exit",
                condition=~Q(board_decision__in=[d.value for d in EXIT_DECISIONS])
                | ~Q(exit_plan=""),
                violation_error_message=(
                    "Record the exit plan: a system the Board decided to replace or withdraw "
                    "needs one."
                ),
            ),
        )
        indexes = (
            models.Index(fields=("name",), name="governance_system_name_idx"),
            models.Index(fields=("next_board_review_on",), name="governance_system_review_idx"),
        )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        contract = self.art28_contract if self.art28_contract_id else None
        if contract is not None and contract.kind != AgreementKind.ART28:
            raise ValidationError(
                {
                    "art28_contract": "Choose a controller-to-processor contract (UK GDPR "
                    "Art 28): this agreement is of another kind."
                }
            )

    def is_review_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.next_board_review_on is not None
            and self.next_board_review_on < today
            and self.board_decision != BoardDecision.WITHDRAW
        )

    def is_assurance_current(self, today: date | None = None) -> bool:
        """Certified (or standards met) within the last twelve months."""
        today = today or timezone.localdate()
        return (
            self.assurance_status == AssuranceStatus.CERTIFIED
            and self.assured_on is not None
            and self.assured_on >= today - timedelta(days=ASSURANCE_VALID_DAYS)
        )
