"""The Record of Processing Activities (UK GDPR Art 30), retention rules and the disposal log.

A processing activity holds every column of the ICO's controller ROPA template, in its order
(see ``ropa.ico.ICO_COLUMNS``); list-like columns are reference vocabularies or relations.
"""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from sharing.choices import LawfulBasis
from sharing.models import DataSource
from sharing.storage import signed_document_storage
from vpp_portal.models import RegisterModel

from .choices import (
    ActivityStatus,
    Art9Condition,
    AuthorityKind,
    DisposalMethod,
    DisposalStatus,
    DpiaRequired,
    PeriodUnit,
    RetentionAction,
    RetentionTrigger,
    Schedule1Condition,
    YesNo,
)
from .querysets import (
    DisposalQuerySet,
    ProcessingActivityQuerySet,
    RetentionRuleQuerySet,
    VocabularyQuerySet,
)

USER = settings.AUTH_USER_MODEL


class Vocabulary(RegisterModel):
    """A term in one of the ROPA's reference lists, maintained by the DPO and admins."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class IndividualCategory(Vocabulary):
    """A category of individuals (data subjects), e.g. victims of violence."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of individuals"
        verbose_name_plural = "categories of individuals"


class DataCategory(Vocabulary):
    """A category of personal data, e.g. contact details or offence history."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of personal data"
        verbose_name_plural = "categories of personal data"


class RecipientCategory(Vocabulary):
    """A category of recipients, e.g. community safety partnerships."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of recipients"
        verbose_name_plural = "categories of recipients"


class ControllerDetails(RegisterModel):
    """The header of the ROPA (Art 30(1)(a)): the controller and its representative.

    One row only, edited by the DPO. The DPO's own contact details are not kept here: they
    come from the core-team host's current DPO on the role-holder register
    (``sharing.RoleHolder``), so the header changes when the DPO does.
    """

    controller_name = models.CharField("controller", max_length=200)
    controller_address = models.TextField("controller's address", blank=True)
    controller_email = models.EmailField("controller's e-mail", blank=True)
    controller_phone = models.CharField("controller's phone", max_length=40, blank=True)
    representative_name = models.CharField("representative", max_length=200, blank=True)
    representative_address = models.TextField("representative's address", blank=True)
    representative_email = models.EmailField("representative's e-mail", blank=True)
    representative_phone = models.CharField("representative's phone", max_length=40, blank=True)
    singleton = models.BooleanField(default=True, editable=False, unique=True)

    HISTORY_HIDDEN_FIELDS = (*RegisterModel.HISTORY_HIDDEN_FIELDS, "singleton")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "controller details"
        verbose_name_plural = "controller details"
        constraints = (
            models.CheckConstraint(
                name="ropa_controllerdetails_one_row",
                condition=Q(singleton=True),
                violation_error_message="There is only one controller header.",
            ),
        )

    def __str__(self) -> str:
        return f"Controller: {self.controller_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ropa:controllerdetails_detail")


class RetentionRule(RegisterModel):
    """How long a class of records is kept, from what trigger, and what happens at the end."""

    record_class = models.CharField("record class", max_length=200, unique=True)
    period = models.PositiveSmallIntegerField(help_text="How many months or years.")
    period_unit = models.CharField(
        "unit", max_length=10, choices=PeriodUnit.choices, default=PeriodUnit.YEARS
    )
    trigger = models.CharField(max_length=20, choices=RetentionTrigger.choices)
    action = models.CharField("action at the end", max_length=20, choices=RetentionAction.choices)
    authority_kind = models.CharField(
        "authority", max_length=20, choices=AuthorityKind.choices, default=AuthorityKind.POLICY
    )
    authority = models.CharField(
        "authority reference",
        max_length=250,
        blank=True,
        help_text="The statute and section, or the policy paragraph.",
    )

    objects = RetentionRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("record_class",)
        verbose_name = "retention rule"
        constraints = (
            models.CheckConstraint(
                name="ropa_retentionrule_positive_period",
                condition=Q(period__gt=0),
                violation_error_message="The retention period must be at least 1.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.record_class}: {self.period_in_words}"

    @property
    def period_in_words(self) -> str:
        """``"1 year"``, ``"6 years"``, ``"18 months"``: the unit agrees with the number."""
        unit = "year" if self.period_unit == PeriodUnit.YEARS else "month"
        return f"{self.period} {unit}{'' if self.period == 1 else 's'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then re-derive the stored due date of every record held under the rule (a
        changed period moves them all)."""
        super().save(*args, **kwargs)
        for model in (ProcessingActivity, DataSource):
            for record in model.objects.filter(retention_rule=self.pk).only(
                "pk", "retention_trigger_on", "retention_due_on"
            ):
                due_on = self.due_on(record.retention_trigger_on)
                if due_on != record.retention_due_on:
                    model.objects.filter(pk=record.pk).update(retention_due_on=due_on)

    def due_on(self, trigger_on: date | None) -> date | None:
        """The retention due date for a record whose trigger happened on ``trigger_on``."""
        if trigger_on is None:
            return None
        step = (
            relativedelta(years=self.period)
            if self.period_unit == PeriodUnit.YEARS
            else relativedelta(months=self.period)
        )
        return trigger_on + step


class ProcessingActivity(RegisterModel):
    """One processing activity (one purpose) of the partnership, as the ICO template lays it
    out, with the partnership's own owner, status and review date."""

    name = models.CharField(max_length=200, unique=True)
    # 1-2
    business_function = models.CharField("business function", max_length=200)
    purpose = models.TextField("purpose of the processing")
    # Personal data flags (the partnership starts with none)
    has_personal_data = models.BooleanField("personal data", default=False)
    has_special_category_data = models.BooleanField("special category data", default=False)
    has_criminal_offence_data = models.BooleanField("criminal offence data", default=False)
    covering_agreement = models.ForeignKey(
        "sharing.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processing_activities",
        help_text="The agreement that allows the personal data to be processed.",
    )
    # 3
    joint_controllers = models.ManyToManyField(
        "sharing.Organisation", related_name="joint_activities", blank=True
    )
    # 4-6
    individual_categories = models.ManyToManyField(
        IndividualCategory, blank=True, verbose_name="categories of individuals"
    )
    data_categories = models.ManyToManyField(
        DataCategory, blank=True, verbose_name="categories of personal data"
    )
    recipient_categories = models.ManyToManyField(
        RecipientCategory, blank=True, verbose_name="categories of recipients"
    )
    # 7
    processors = models.ManyToManyField(
        "sharing.Organisation", related_name="processed_activities", blank=True
    )
    processor_contracts = models.ManyToManyField(
        "sharing.Agreement",
        related_name="processor_activities",
        blank=True,
        verbose_name="processor contracts",
    )
    # 8-9
    third_countries = models.CharField(
        "third countries or international organisations", max_length=250, blank=True
    )
    transfer_safeguards = models.TextField("safeguards for exceptional transfers", blank=True)
    # 10
    retention_schedule = models.TextField("retention schedule", blank=True)
    retention_rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    retention_trigger_on = models.DateField("retention trigger date", null=True, blank=True)
    # 11-15
    security_measures = models.TextField("security measures", blank=True)
    art6_basis = models.CharField(
        "Art 6 lawful basis", max_length=30, choices=LawfulBasis.choices, blank=True
    )
    art9_condition = models.CharField(
        "Art 9 condition", max_length=5, choices=Art9Condition.choices, blank=True
    )
    legitimate_interests = models.TextField("legitimate interests", blank=True)
    lia_link = models.CharField(
        "link to legitimate interests assessment", max_length=500, blank=True
    )
    # 16-20
    rights_available = models.TextField("rights available to individuals", blank=True)
    automated_decision_making = models.TextField(
        "automated decision-making, including profiling", blank=True
    )
    sources = models.ManyToManyField(
        "sharing.DataSource",
        related_name="processing_activities",
        blank=True,
        verbose_name="source of the data",
    )
    consent_record_link = models.CharField("link to record of consent", max_length=500, blank=True)
    location = models.CharField("location of the data", max_length=250, blank=True)
    # 21-25
    dpia_required = models.CharField(
        "DPIA required?", max_length=5, choices=DpiaRequired.choices, blank=True
    )
    # 22 (DPIA progress) and 23 (link to DPIA) are read from the linked DPIAs (``dpias``).
    has_breach = models.BooleanField("personal data breach?", default=False)
    breach_reference = models.CharField("link to breach record", max_length=250, blank=True)
    # 26-30
    schedule1_condition = models.CharField(
        "DPA 2018 Schedule 1 condition",
        max_length=10,
        choices=Schedule1Condition.choices,
        blank=True,
    )
    schedule1_art6_basis = models.CharField(
        "Art 6 basis for the Schedule 1 processing",
        max_length=30,
        choices=LawfulBasis.choices,
        blank=True,
    )
    retention_policy = models.ForeignKey(
        "governance.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retention_activities",
        verbose_name="retention and erasure policy",
    )
    retained_in_line = models.CharField(
        "retained and erased in line with the policy?",
        max_length=5,
        choices=YesNo.choices,
        blank=True,
    )
    retention_reasons_if_not = models.TextField("reasons if not", blank=True)
    # The partnership's own columns
    safeguards_policy = models.ForeignKey(
        "governance.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarded_activities",
        verbose_name="safeguards policy (appropriate policy document)",
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = FSMField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, protected=False
    )
    next_review_on = models.DateField("next review date", null=True, blank=True)
    # Derived on every save from the rule and trigger date, stored for reminders and lists.
    retention_due_on = models.DateField("retention due date", null=True, blank=True, editable=False)

    HISTORY_HIDDEN_FIELDS = (*RegisterModel.HISTORY_HIDDEN_FIELDS, "retention_due_on")

    objects = ProcessingActivityQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[
            joint_controllers,
            individual_categories,
            data_categories,
            recipient_categories,
            processors,
            processor_contracts,
            sources,
        ]
    )

    class Meta:
        ordering = ("name",)
        verbose_name = "processing activity"
        verbose_name_plural = "processing activities"
        constraints = (
            models.CheckConstraint(
                name="ropa_processingactivity_special_data_is_personal",
                condition=Q(has_personal_data=True)
                | Q(has_special_category_data=False, has_criminal_offence_data=False),
                violation_error_message=(
                    "Special category and criminal offence data are personal data: tick "
                    "‘personal data’ too."
                ),
            ),
        )
        indexes = (
            models.Index(fields=("status",), name="ropa_activity_status_idx"),
            models.Index(fields=("next_review_on",), name="ropa_activity_review_idx"),
            # Retention due and overdue (the findings, the dashboard, the due list).
            models.Index(fields=("retention_due_on",), name="ropa_activity_due_idx"),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.retention_due_on = (
            self.retention_rule.due_on(self.retention_trigger_on)
            if self.retention_rule_id is not None and self.retention_rule is not None
            else None
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "retention_due_on"}
        super().save(*args, **kwargs)

    @transition(
        field=status,
        source=(ActivityStatus.DRAFT, ActivityStatus.UNDER_REVIEW),
        target=ActivityStatus.ACTIVE,
    )
    def activate(self) -> None:
        pass

    @transition(field=status, source=ActivityStatus.ACTIVE, target=ActivityStatus.UNDER_REVIEW)
    def start_review(self) -> None:
        pass

    @transition(
        field=status,
        source=(ActivityStatus.DRAFT, ActivityStatus.ACTIVE, ActivityStatus.UNDER_REVIEW),
        target=ActivityStatus.RETIRED,
    )
    def retire(self) -> None:
        pass


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
    proposed_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="proposed by",
    )
    proposed_at = models.DateTimeField("proposed at", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="decided by",
    )
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

    def __str__(self) -> str:
        when = f"{self.disposed_on.day} {self.disposed_on:%b %Y}"
        return f"Disposal of {self.activity or self.data_source} on {when}"

    @property
    def is_proposed(self) -> bool:
        """Still waiting for the DPO's decision (and so still open to correction)."""
        return self.status == DisposalStatus.PROPOSED
