import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import DataClassification
from ..models import DataSource


class DataSourceFilterSet(RegisterFilterSet):
    classification = django_filters.ChoiceFilter(
        choices=DataClassification.choices, empty_label="Any classification"
    )
    has_personal_data = django_filters.BooleanFilter(label="Personal data")
    uncovered = django_filters.BooleanFilter(
        label="Without an active covering agreement", method="filter_uncovered"
    )

    class Meta:
        model = DataSource
        fields = ("q", "classification", "has_personal_data", "uncovered")

    def filter_uncovered(self, queryset, name, value):  # type: ignore[no-untyped-def]
        if value is None:
            return queryset
        uncovered = queryset.uncovered()
        return uncovered if value else queryset.exclude(pk__in=uncovered.values("pk"))
