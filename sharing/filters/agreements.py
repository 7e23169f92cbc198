import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import AgreementKind, AgreementStatus
from ..models import Agreement, Organisation


class AgreementFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, empty_label="Any status")
    party = django_filters.ModelChoiceFilter(
        label="Party",
        field_name="parties__organisation",
        queryset=Organisation.objects.all(),
        empty_label="Any party",
        distinct=True,
    )
    expires_before = django_filters.DateFilter(
        label="Expires before", field_name="expires_on", lookup_expr="lt"
    )

    class Meta:
        model = Agreement
        fields = ("q", "kind", "status", "party", "expires_before")

    def __init__(self, *args, request=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, request=request, **kwargs)
        # The party list offers only organisations the user can see.
        user = getattr(request, "user", None)
        self.filters["party"].queryset = Organisation.objects.visible_to(user)  # type: ignore[attr-defined]
