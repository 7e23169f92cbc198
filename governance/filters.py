from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from vpp_portal.filters import RegisterFilterSet

from .choices import Adoption, PolicyKind, PolicyStatus
from .models import Policy


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
