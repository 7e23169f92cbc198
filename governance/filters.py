import django_filters

from vpp_portal.filters import RegisterFilterSet

from .choices import PolicyKind, PolicyStatus
from .models import Policy


class PolicyFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=PolicyStatus.choices, empty_label="Any status")

    class Meta:
        model = Policy
        fields = ("q", "kind", "status")
