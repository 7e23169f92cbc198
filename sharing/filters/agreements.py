from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet
from vpp_portal.forms import DateFilter

from ..choices import AgreementKind, AgreementStatus
from ..models import Agreement
from ..selectors import signs_elsewhere_to_accept


class AgreementFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, empty_label="Any status")
    party = ChooserFilter(
        kind="organisation",
        label="Party",
        field_name="parties__organisation",
        help_text="Type part of an organisation's name.",
    )
    expires_before = DateFilter(label="Expires before", field_name="expires_on", lookup_expr="lt")

    code_items = django_filters.ChoiceFilter(
        label="What an ISA covers",
        choices=(
            ("complete", "ISAs covering every item of the data sharing code"),
            ("incomplete", "ISAs missing an item of the data sharing code"),
        ),
        empty_label="Any",
        method="filter_code_items",
    )
    review_overdue = django_filters.BooleanFilter(
        label="Only agreements overdue for review",
        method="filter_review_overdue",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        label="Only agreements I own", method="filter_mine", widget=forms.CheckboxInput
    )
    signs_elsewhere = django_filters.BooleanFilter(
        label="Only agreements with a ‘signs elsewhere’ reason for me to accept",
        method="filter_signs_elsewhere",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Agreement
        fields = (
            "q",
            "kind",
            "status",
            "party",
            "expires_before",
            "code_items",
            "review_overdue",
            "mine",
            "signs_elsewhere",
        )

    # An unticked box means "all agreements" in each of these, not "only the others".
    def filter_review_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.review_overdue(timezone.localdate()) if value else queryset

    def filter_code_items(self, queryset: Any, name: str, value: str) -> Any:
        if value == "complete":
            return queryset.isas_covering_every_item()
        if value == "incomplete":
            return queryset.isas_missing_items()
        return queryset

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.filter(owner=getattr(self.request, "user", None)) if value else queryset

    def filter_signs_elsewhere(self, queryset: Any, name: str, value: bool | None) -> Any:
        if not value:
            return queryset
        return queryset.filter(pk__in=signs_elsewhere_to_accept(self.request.user).values("pk"))
