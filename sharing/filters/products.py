from typing import Any

import django_filters
from django import forms

from vpp_portal.filters import RegisterFilterSet

from ..choices import Audience, ConsultationResponse, ProductStatus
from ..models import Consultation, Product


class ProductFilterSet(RegisterFilterSet):
    audience = django_filters.ChoiceFilter(choices=Audience.choices, empty_label="Any audience")
    status = django_filters.ChoiceFilter(choices=ProductStatus.choices, empty_label="Any status")

    class Meta:
        model = Product
        fields = ("q", "audience", "status")


class ConsultationFilterSet(RegisterFilterSet):
    response = django_filters.ChoiceFilter(
        label="Answer", choices=ConsultationResponse.choices, empty_label="Any answer"
    )
    mine = django_filters.BooleanFilter(
        label="Only consultations I asked for", method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Consultation
        fields = ("q", "response", "mine")

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "every consultation", not "only other people's".
        if not value:
            return queryset
        return queryset.filter(requested_by=getattr(self.request, "user", None))
