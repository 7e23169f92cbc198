from typing import Any

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from .choices import (
    Adoption,
    BreachStatus,
    DpiaStatus,
    IcoDecision,
    PartnerDecision,
    PolicyKind,
    PolicyStatus,
)
from .models import Breach, Dpia, Policy
from .selectors.policy_reading import outstanding_q, required_q

READING_CHOICES = (
    ("required", "Required reading"),
    ("outstanding", "Required reading not yet confirmed by everyone"),
)


class PolicyFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=PolicyStatus.choices, empty_label="Any status")
    adoption = django_filters.ChoiceFilter(
        label="Adopted or overridden", choices=Adoption.choices, empty_label="Either"
    )
    review_overdue = django_filters.BooleanFilter(
        label="Only policies overdue for review",
        method="filter_review_overdue",
        widget=forms.CheckboxInput,
    )

    mine = django_filters.BooleanFilter(
        label="Only policies I own", method="filter_mine", widget=forms.CheckboxInput
    )
    reading = django_filters.ChoiceFilter(
        label="Required reading",
        choices=READING_CHOICES,
        empty_label="Any",
        method="filter_reading",
    )

    class Meta:
        model = Policy
        fields = ("q", "kind", "status", "adoption", "review_overdue", "mine", "reading")

    def filter_reading(self, queryset: Any, name: str, value: str) -> Any:
        if value == "outstanding":
            return queryset.filter(outstanding_q())
        return queryset.filter(required_q()) if value == "required" else queryset

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.filter(owner=getattr(self.request, "user", None)) if value else queryset

    def filter_review_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "all policies", not "only those not overdue".
        return queryset.review_overdue(timezone.localdate()) if value else queryset


class DpiaFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=DpiaStatus.choices, empty_label="Any status")
    author = ChooserFilter(
        kind="person",
        label="Author",
        field_name="author",
        help_text="Type part of the author's name or e-mail address.",
    )
    review_due = django_filters.BooleanFilter(
        label="Only DPIAs due for review",
        method="filter_review_due",
        widget=forms.CheckboxInput,
    )
    high_residual = django_filters.BooleanFilter(
        label="Only open or in-force DPIAs with a high residual risk",
        method="filter_high_residual",
        widget=forms.CheckboxInput,
    )
    ico_consulted = django_filters.BooleanFilter(
        label="Only DPIAs on which the ICO was consulted",
        method="filter_ico_consulted",
        widget=forms.CheckboxInput,
    )

    mine = django_filters.BooleanFilter(
        label="Only DPIAs I keep under review", method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Dpia
        fields = ("q", "status", "author", "review_due", "high_residual", "ico_consulted", "mine")

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        if not value:
            return queryset
        return queryset.filter(review_owner=getattr(self.request, "user", None))

    def filter_review_due(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "every DPIA", not "only those not due".
        return queryset.review_due(timezone.localdate()) if value else queryset

    # Unticked boxes mean "every DPIA" here too.
    def filter_high_residual(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.with_high_residual_risk() if value else queryset

    def filter_ico_consulted(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.filter(ico_consulted_on__isnull=False) if value else queryset


class BreachFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=BreachStatus.choices, empty_label="Any status")
    ico_decision = django_filters.ChoiceFilter(
        label="Must the ICO be told?", choices=IcoDecision.choices, empty_label="Any decision"
    )
    deadline = django_filters.ChoiceFilter(
        label="72-hour ICO deadline",
        choices=(
            ("running", "Running: the deadline is still ahead"),
            ("passed", "Passed and the ICO not told"),
        ),
        empty_label="Any",
        method="filter_deadline",
    )
    ico_told = django_filters.ChoiceFilter(
        label="When the ICO was told",
        choices=(
            ("in_time", "Within 72 hours of becoming aware"),
            ("late", "After the 72-hour deadline"),
        ),
        empty_label="Any",
        method="filter_ico_told",
    )

    partner_decision = django_filters.ChoiceFilter(
        label="Tell the partner?",
        choices=(
            ("awaiting", "Awaiting the DPO's decision"),
            *((value, label) for value, label in PartnerDecision.choices if value != "undecided"),
        ),
        empty_label="Any",
        method="filter_partner_decision",
    )

    class Meta:
        model = Breach
        fields = ("q", "status", "ico_decision", "deadline", "ico_told", "partner_decision")

    def filter_partner_decision(self, queryset: Any, name: str, value: str) -> Any:
        if value == "awaiting":
            return queryset.awaiting_partner_decision()
        return queryset.filter(partner_decision=value) if value else queryset

    def filter_deadline(self, queryset: Any, name: str, value: str) -> Any:
        now = timezone.now()
        running = queryset.ico_clock_running()
        if value == "running":
            return running.filter(ico_deadline_at__gt=now)
        if value == "passed":
            return running.filter(ico_deadline_at__lte=now)
        return queryset

    def filter_ico_told(self, queryset: Any, name: str, value: str) -> Any:
        # The 72-hour record: told by the deadline, or after it.
        if value == "in_time":
            return queryset.filter(ico_told_at__lte=F("ico_deadline_at"))
        if value == "late":
            return queryset.filter(ico_told_at__gt=F("ico_deadline_at"))
        return queryset
