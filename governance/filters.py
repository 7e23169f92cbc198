from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from accounts.models import User
from vpp_portal.filters import RegisterFilterSet

from .choices import Adoption, BreachStatus, DpiaStatus, IcoDecision, PolicyKind, PolicyStatus
from .models import Breach, Dpia, Policy


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

    class Meta:
        model = Policy
        fields = ("q", "kind", "status", "adoption", "review_overdue")

    def filter_review_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "all policies", not "only those not overdue".
        return queryset.review_overdue(timezone.localdate()) if value else queryset


class DpiaFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=DpiaStatus.choices, empty_label="Any status")
    author = django_filters.ModelChoiceFilter(
        label="Author", queryset=User.objects.none(), empty_label="Anyone"
    )
    review_due = django_filters.BooleanFilter(
        label="Only DPIAs due for review",
        method="filter_review_due",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Dpia
        fields = ("q", "status", "author", "review_due")

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        # Only people who have started a DPIA: the list of every user would be no help.
        self.filters["author"].queryset = User.objects.filter(
            pk__in=Dpia.objects.values("author")
        ).order_by("full_name", "email")

    def filter_review_due(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "every DPIA", not "only those not due".
        return queryset.review_due(timezone.localdate()) if value else queryset


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

    class Meta:
        model = Breach
        fields = ("q", "status", "ico_decision", "deadline")

    def filter_deadline(self, queryset: Any, name: str, value: str) -> Any:
        now = timezone.now()
        running = queryset.ico_clock_running()
        if value == "running":
            return running.filter(ico_deadline_at__gt=now)
        if value == "passed":
            return running.filter(ico_deadline_at__lte=now)
        return queryset
