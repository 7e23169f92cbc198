from typing import Any

import django_filters
from django import forms

from vpp_portal.filters import RegisterFilterSet

from ..choices import DataClassification
from ..models import DataSource


class DataSourceFilterSet(RegisterFilterSet):
    classification = django_filters.ChoiceFilter(
        choices=DataClassification.choices, empty_label="Any classification"
    )
    has_personal_data = django_filters.ChoiceFilter(
        label="Personal data",
        choices=(("true", "Yes"), ("false", "No")),
        empty_label="Either",
        method="filter_personal_data",
    )
    uncovered = django_filters.BooleanFilter(
        label="Only sources without an active covering agreement",
        method="filter_uncovered",
        widget=forms.CheckboxInput,
    )
    open_or_public = django_filters.BooleanFilter(
        label="Only open or one-off public data (classes 1 and 2)",
        method="filter_open_or_public",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = DataSource
        fields = ("q", "classification", "has_personal_data", "uncovered", "open_or_public")

    def filter_personal_data(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(has_personal_data=value == "true")

    def filter_uncovered(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "all sources", not "only covered ones".
        return queryset.uncovered() if value else queryset

    def filter_open_or_public(self, queryset: Any, name: str, value: bool | None) -> Any:
        # The sources the strategy prefers; unticked means all sources.
        public = (DataClassification.OPEN, DataClassification.ONE_OFF_PUBLIC)
        return queryset.filter(classification__in=public) if value else queryset
