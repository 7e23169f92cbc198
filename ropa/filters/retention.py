"""Filters of the retention rules and the disposal log (the page and its export share them)."""

import django_filters

from vpp_portal.filters import RegisterFilterSet
from vpp_portal.forms import DateFilter

from ..choices import (
    AuthorityKind,
    DisposalMethod,
    DisposalStatus,
    RetentionAction,
    RetentionTrigger,
)
from ..models import Disposal, RetentionRule


class RetentionRuleFilterSet(RegisterFilterSet):
    trigger = django_filters.ChoiceFilter(
        label="Counted from", choices=RetentionTrigger.choices, empty_label="Any trigger"
    )
    action = django_filters.ChoiceFilter(
        label="Action at the end", choices=RetentionAction.choices, empty_label="Any action"
    )
    authority_kind = django_filters.ChoiceFilter(
        label="Authority", choices=AuthorityKind.choices, empty_label="Any authority"
    )

    class Meta:
        model = RetentionRule
        fields = ("q", "trigger", "action", "authority_kind")


class DisposalFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=DisposalStatus.choices, empty_label="Any status")
    method = django_filters.ChoiceFilter(choices=DisposalMethod.choices, empty_label="Any method")
    disposed_from = DateFilter(
        label="Disposed on or after",
        field_name="disposed_on",
        lookup_expr="gte",
        error_messages={"invalid": "Enter a real date."},
    )
    disposed_to = DateFilter(
        label="Disposed on or before",
        field_name="disposed_on",
        lookup_expr="lte",
        error_messages={"invalid": "Enter a real date."},
    )

    class Meta:
        model = Disposal
        fields = ("q", "status", "method", "disposed_from", "disposed_to")


class DisposalQueueFilterSet(RegisterFilterSet):
    """The DPO's queue holds proposals only: search and method are enough."""

    method = django_filters.ChoiceFilter(choices=DisposalMethod.choices, empty_label="Any method")

    class Meta:
        model = Disposal
        fields = ("q", "method")
