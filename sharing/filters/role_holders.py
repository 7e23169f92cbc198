from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from ..choices import HolderRole
from ..models import RoleHolder


class RoleHolderFilterSet(RegisterFilterSet):
    organisation = ChooserFilter(
        kind="organisation",
        label="Organisation",
        field_name="organisation",
        help_text="Type part of an organisation's name.",
    )
    role = django_filters.ChoiceFilter(choices=HolderRole.choices, empty_label="Any role")
    current = django_filters.BooleanFilter(
        label="Only current holders", method="filter_current", widget=forms.CheckboxInput
    )

    class Meta:
        model = RoleHolder
        fields = ("q", "organisation", "role", "current")

    def filter_current(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "every holder", not "only former ones".
        return queryset.current(timezone.localdate()) if value else queryset
