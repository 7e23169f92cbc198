"""Filters of the security log and the role changes: a person by name or e-mail address (a
text search, not a list of every account), what happened, and a date range."""

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from vpp_portal.filters import RegisterFilterSet
from vpp_portal.forms import DateFilter

from .choices import Role, SecurityEventKind
from .models import RoleChange, SecurityEvent


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in London, so the range matches the dates shown."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date_filter(label: str, method: str) -> django_filters.DateFilter:
    return DateFilter(
        label=label,
        method=method,
        error_messages={"invalid": "Enter a real date, for example 27 3 2026."},
    )


class _PersonSearchFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(
        label="Person",
        method="filter_search",
        help_text="Part of a name or e-mail address.",
    )


class SecurityEventFilterSet(_PersonSearchFilterSet):
    kind = django_filters.ChoiceFilter(
        label="What happened", choices=SecurityEventKind.choices, empty_label="Anything"
    )
    occurred_from = _date_filter("On or after", "filter_from")
    occurred_to = _date_filter("On or before", "filter_to")

    class Meta:
        model = SecurityEvent
        fields = ("q", "kind", "occurred_from", "occurred_to")

    # Bounds on the timestamp itself (not its date), so the (kind, occurred_at) and
    # (user, occurred_at) indexes serve the range.
    def filter_from(self, queryset: QuerySet[Any], name: str, value: datetime.date) -> Any:
        return queryset.filter(occurred_at__gte=_start_of(value))

    def filter_to(self, queryset: QuerySet[Any], name: str, value: datetime.date) -> Any:
        return queryset.filter(occurred_at__lt=_start_of(value + datetime.timedelta(days=1)))


class RoleChangeFilterSet(_PersonSearchFilterSet):
    to_role = django_filters.ChoiceFilter(
        label="New role", choices=Role.choices, empty_label="Any role"
    )
    changed_from = _date_filter("On or after", "filter_from")
    changed_to = _date_filter("On or before", "filter_to")

    class Meta:
        model = RoleChange
        fields = ("q", "to_role", "changed_from", "changed_to")

    def filter_from(self, queryset: QuerySet[Any], name: str, value: datetime.date) -> Any:
        return queryset.filter(changed_at__gte=_start_of(value))

    def filter_to(self, queryset: QuerySet[Any], name: str, value: datetime.date) -> Any:
        return queryset.filter(changed_at__lt=_start_of(value + datetime.timedelta(days=1)))
