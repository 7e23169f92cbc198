import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import ActivityStatus
from ..models import ProcessingActivity


class ProcessingActivityFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, empty_label="Any status")
    has_personal_data = django_filters.BooleanFilter(label="Personal data")

    class Meta:
        model = ProcessingActivity
        fields = ("q", "status", "has_personal_data")
