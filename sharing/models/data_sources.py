"""Data sources: open, one-off public or partner-shared data, and its cover (rules 1, 2, 5)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel, special_data_is_personal

from ..choices import (
    UPDATE_FREQUENCY_DAYS,
    Collection,
    DataClassification,
    NewCollectionPurpose,
    UpdateFrequency,
)
from ..querysets import (
    DataSourceQuerySet,
)
from .agreements import Agreement
from .organisations import Organisation

USER = settings.AUTH_USER_MODEL


class DataSource(RegisterModel):
    """A data set the partnership uses, with its one Appendix 3 classification."""

    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    classification = models.CharField(max_length=20, choices=DataClassification.choices)
    # 1. Open data
    url = models.URLField("web address", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    update_frequency = models.CharField(max_length=20, choices=UpdateFrequency.choices, blank=True)
    last_refreshed_on = models.DateField("last refreshed", null=True, blank=True)
    # 2. One-off public
    citation = models.TextField(blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    foi_reference = models.CharField("FOI reference", max_length=100, blank=True)
    # 3. Partner-shared
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_sources",
        verbose_name="supplying organisation",
    )
    covering_agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covered_sources",
        verbose_name="covering agreement",
    )
    justification = models.TextField(
        "why open sources are not enough",
        blank=True,
        help_text="Why open or published data (classes 1 and 2) cannot meet the need.",
    )
    collection = models.CharField(max_length=20, choices=Collection.choices, blank=True)
    new_collection_purpose = models.CharField(
        "purpose of the new collection",
        max_length=20,
        choices=NewCollectionPurpose.choices,
        blank=True,
    )
    # Flags and housekeeping
    has_personal_data = models.BooleanField("personal data", default=False)
    has_special_category_data = models.BooleanField("special category data", default=False)
    has_criminal_offence_data = models.BooleanField("criminal offence data", default=False)
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    location = models.CharField(
        max_length=250, blank=True, help_text="Where the data is held, e.g. ‘OPCC SharePoint’."
    )
    retention_note = models.CharField(
        "retention notes",
        max_length=250,
        blank=True,
        help_text="Anything about keeping this data that the retention rule does not say.",
    )
    retention_rule = models.ForeignKey(
        "ropa.RetentionRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_sources",
    )
    retention_trigger_on = models.DateField("retention trigger date", null=True, blank=True)
    retired_on = models.DateField(
        "retired on",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when a disposal is recorded; the source is then no longer in use.",
    )
    # Derived on every save (see ``save``) and stored so that reminders and lists can select
    # on them in SQL; the rule for each lives in Python only.
    retention_due_on = models.DateField("retention due date", null=True, blank=True, editable=False)
    refresh_due_on = models.DateField("refresh due by", null=True, blank=True, editable=False)

    HISTORY_HIDDEN_FIELDS = (
        *RegisterModel.HISTORY_HIDDEN_FIELDS,
        "retention_due_on",
        "refresh_due_on",
    )

    objects = DataSourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = "data source"
        constraints = (special_data_is_personal("sharing_datasource_special_data_is_personal"),)
        indexes = (
            models.Index(fields=("classification",), name="sharing_source_class_idx"),
            # Retention due and overdue (the findings, the dashboard, the due list): live rows.
            models.Index(
                fields=("retention_due_on",),
                condition=Q(retired_on__isnull=True),
                name="sharing_source_due_idx",
            ),
            # The data source list's default order, by name; filtered or sorted by personal
            # data, then by name.
            models.Index(fields=("name",), name="sharing_source_name_idx"),
            models.Index(fields=("has_personal_data", "name"), name="sharing_source_pd_idx"),
        )

    def __str__(self) -> str:
        return self.name

    def derive_due_dates(self) -> None:
        """Work out the stored due dates from the fields they follow."""
        self.retention_due_on = (
            self.retention_rule.due_on(self.retention_trigger_on)
            if self.retention_rule_id is not None and self.retention_rule is not None
            else None
        )
        days = UPDATE_FREQUENCY_DAYS.get(self.update_frequency)  # type: ignore[call-overload]
        self.refresh_due_on = (
            self.last_refreshed_on + timedelta(days=days)
            if self.classification == DataClassification.OPEN
            and days is not None
            and self.last_refreshed_on is not None
            else None
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_due_dates()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "retention_due_on",
                "refresh_due_on",
            }
        super().save(*args, **kwargs)

    @property
    def is_uncovered(self) -> bool:
        """Partner-shared data with no active covering agreement (rule 5)."""
        return self.classification == DataClassification.PARTNER_SHARED and not (
            self.covering_agreement is not None and self.covering_agreement.is_active
        )
