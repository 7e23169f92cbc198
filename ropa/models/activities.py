"""A processing activity: every column of the ICO's controller ROPA template, in its order
(see ``ropa.ico.ICO_COLUMNS``); list-like columns are reference vocabularies or relations."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from sharing.choices import LawfulBasis
from vpp_portal.models import RegisterModel, special_data_is_personal

from ..choices import ActivityStatus, Art9Condition, DpiaRequired, Schedule1Condition, YesNo
from ..querysets import ProcessingActivityQuerySet
from .reference import DataCategory, IndividualCategory, RecipientCategory
from .retention import RetentionRule

USER = settings.AUTH_USER_MODEL


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
    # Transparency (UK GDPR Arts 13 and 14): the notice that tells people about this processing.
    privacy_notice = models.ForeignKey(
        "governance.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="noticed_activities",
        verbose_name="privacy notice",
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
            special_data_is_personal("ropa_processingactivity_special_data_is_personal"),
            # "Hotspot analysis" and "HOTSPOT ANALYSIS" are one name: the import tells rows
            # apart by name ignoring case (migration 0008 renamed clashes it found).
            models.UniqueConstraint(
                Lower("name"),
                name="ropa_processingactivity_unique_name_ci",
                violation_error_message=(
                    "An activity with this name already exists: choose a different one."
                ),
            ),
        )
        indexes = (
            models.Index(fields=("status",), name="ropa_activity_status_idx"),
            models.Index(fields=("next_review_on",), name="ropa_activity_review_idx"),
            # Retention due and overdue (the findings, the dashboard, the due list).
            models.Index(fields=("retention_due_on",), name="ropa_activity_due_idx"),
            # The activity list (ordered by its unique name) filtered by status or by personal
            # data, still by name; and sorted by personal data.
            models.Index(fields=("status", "name"), name="ropa_activity_sname_idx"),
            models.Index(fields=("has_personal_data", "name"), name="ropa_activity_pd_idx"),
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
        """Draft or under review → active (its rules are ``services.activity_activate``'s)."""

    @transition(field=status, source=ActivityStatus.ACTIVE, target=ActivityStatus.UNDER_REVIEW)
    def start_review(self) -> None:
        """Active → under review."""

    @transition(
        field=status,
        source=(ActivityStatus.DRAFT, ActivityStatus.ACTIVE, ActivityStatus.UNDER_REVIEW),
        target=ActivityStatus.RETIRED,
    )
    def retire(self) -> None:
        """Draft, active or under review → retired (the record and its history are kept)."""
