import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import OrganisationKind
from ..models import Organisation


class OrganisationFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, empty_label="Any kind")

    class Meta:
        model = Organisation
        fields = ("q", "kind")
