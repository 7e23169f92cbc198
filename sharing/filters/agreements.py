from typing import Any

import django_filters
from django import forms

from vpp_portal.filters import RegisterFilterSet

from ..choices import AgreementKind, AgreementStatus
from ..models import Agreement, Organisation


class AgreementFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, empty_label="Any status")
    party = django_filters.ModelChoiceFilter(
        label="Party",
        field_name="parties__organisation",
        queryset=Organisation.objects.none(),
        empty_label="Any party",
        distinct=True,
    )
    expires_before = django_filters.DateFilter(
        label="Expires before",
        field_name="expires_on",
        lookup_expr="lt",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            format="%Y-%m-%d",
        ),
    )

    class Meta:
        model = Agreement
        fields = ("q", "kind", "status", "party", "expires_before")

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        # Only organisations party to an agreement the user can see: a partner is offered the
        # organisations they share agreements with, never the whole register.
        visible = Agreement.objects.visible_to(getattr(request, "user", None))  # type: ignore[attr-defined]
        party = self.filters["party"]
        party.queryset = Organisation.objects.filter(
            agreement_parties__agreement__in=visible.values("pk")
        ).distinct()
