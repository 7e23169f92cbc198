"""Retention rules: how long a class of records is kept, and from what trigger.

A rule's change moves the stored due date of every record held under it: that is the
service's work (``ropa.services.retention_rule_save``), never ``save()``'s.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import AuthorityKind, PeriodUnit, RetentionAction, RetentionTrigger
from ..querysets import RetentionRuleQuerySet


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
