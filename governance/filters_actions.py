"""The list filters of the data-protection audits and the action register (the same filters
feed each list's export)."""

from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from .choices import ActionSource, ActionStatus, AuditStatus
from .models import Action, DataProtectionAudit


class DataProtectionAuditFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=AuditStatus.choices, empty_label="Any status")

    class Meta:
        model = DataProtectionAudit
        fields = ("q", "status")


class ActionFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(
        choices=(("live", "Open or in progress"), *ActionStatus.choices),
        empty_label="Any status",
        method="filter_status",
    )
    owner = ChooserFilter(
        kind="person",
        label="Owner",
        field_name="owner",
        help_text="Type part of the owner's name or e-mail address.",
    )
    source = django_filters.ChoiceFilter(choices=ActionSource.choices, empty_label="Any source")
    overdue = django_filters.BooleanFilter(
        label="Only overdue actions", method="filter_overdue", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label="Only actions I own", method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Action
        fields = ("q", "status", "owner", "source", "overdue", "mine")

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        if value == "live":
            return queryset.live()
        return queryset.filter(status=value) if value else queryset

    def filter_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "all actions", not "only those not overdue".
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.filter(owner=getattr(self.request, "user", None)) if value else queryset
