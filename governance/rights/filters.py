"""The rights request list's filters (the dashboard's figures link here)."""

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import F, Q
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from ..models.rights import RightsRequest, RightsSearch
from .choices import RightsRequestKind, RightsRequestStatus, SearchAnswer

#: Open requests by how long ago they were received: (value, label, from days, to days).
AGE_BANDS = (
    ("under_1_month", "Received under a month ago", 0, 30),
    ("1_to_2_months", "Received 1 to 2 months ago", 31, 61),
    ("over_2_months", "Received over 2 months ago", 62, None),
)


def age_condition(band: str, today: Any) -> Q:
    """Open requests received within ``band`` (see ``AGE_BANDS``)."""
    for value, _label, start, end in AGE_BANDS:
        if value == band:
            condition = Q(received_on__lte=today - timedelta(days=start))
            if end is not None:
                condition &= Q(received_on__gte=today - timedelta(days=end))
            return condition & ~Q(status=RightsRequestStatus.RESPONDED)
    return Q(pk__in=[])


def responded_in_last_year(today: Any) -> Q:
    """Responded in the twelve months to ``today`` (the on-time rate's requests)."""
    return Q(status=RightsRequestStatus.RESPONDED, responded_on__gt=today - timedelta(days=365))


class RightsRequestFilterSet(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(choices=RightsRequestKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(
        choices=RightsRequestStatus.choices, empty_label="Any status"
    )
    handler = ChooserFilter(
        kind="person",
        label="Handled by",
        field_name="handler",
        help_text="Type part of the handler's name or e-mail address.",
    )
    clock = django_filters.ChoiceFilter(
        label="Time limit",
        choices=(
            ("overdue", "Overdue"),
            ("due_7_days", "Due within 7 days"),
            ("no_handler", "Due within 7 days with nobody handling it"),
        ),
        empty_label="Any",
        method="filter_clock",
    )
    age = django_filters.ChoiceFilter(
        label="Open requests by age",
        choices=[(value, label) for value, label, _start, _end in AGE_BANDS],
        empty_label="Any",
        method="filter_age",
    )
    responded = django_filters.ChoiceFilter(
        label="Responded in the last 12 months",
        choices=(
            ("last_12_months", "All of them"),
            ("on_time", "On time"),
            ("late", "Late"),
        ),
        empty_label="Any",
        method="filter_responded",
    )

    class Meta:
        model = RightsRequest
        fields = ("q", "kind", "status", "handler", "clock", "age", "responded")

    def filter_clock(self, queryset: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "due_7_days":
            return queryset.due_within(today, 7)
        if value == "no_handler":
            return queryset.due_within(today, 7).filter(handler__isnull=True)
        return queryset

    def filter_age(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(age_condition(value, timezone.localdate()))

    def filter_responded(self, queryset: Any, name: str, value: str) -> Any:
        rows = queryset.filter(responded_in_last_year(timezone.localdate()))
        if value == "on_time":
            return rows.filter(responded_on__lte=F("due_on"))
        if value == "late":
            return rows.filter(responded_on__gt=F("due_on"))
        return rows


class RightsSearchFilterSet(RegisterFilterSet):
    answer = django_filters.ChoiceFilter(choices=SearchAnswer.choices, empty_label="Any answer")

    class Meta:
        model = RightsSearch
        fields = ("q", "answer")
