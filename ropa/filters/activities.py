from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from ..choices import ActivityStatus
from ..models import ProcessingActivity


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """Yes / No / either, without django-filter's "Unknown" for the empty choice, styled as
    a GOV.UK select (crispy-forms-gds styles only Django's own ``Select`` by name)."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__({"class": "govuk-select", **(attrs or {})})
        self.choices = [("", "Either"), ("true", "Yes"), ("false", "No")]


class Completeness(models.TextChoices):
    COMPLETE = "complete", "Complete"
    INCOMPLETE = "incomplete", "Required ICO columns missing"


class NoticeCoverage(models.TextChoices):
    COVERED = "covered", "Covered by a privacy notice"
    MISSING = "missing", "No privacy notice covers it"


class ProcessingActivityFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, empty_label="Any status")
    has_personal_data = django_filters.BooleanFilter(label="Personal data", widget=YesNoWidget)
    owner = ChooserFilter(
        kind="person",
        label="Owner",
        field_name="owner",
        help_text="Type part of the owner's name or e-mail address.",
    )
    completeness = django_filters.ChoiceFilter(
        label="ICO record",
        choices=Completeness.choices,
        empty_label="Complete or not",
        method="filter_completeness",
    )

    privacy_notice = django_filters.ChoiceFilter(
        label="Privacy notice",
        choices=NoticeCoverage.choices,
        empty_label="Covered or not",
        method="filter_privacy_notice",
    )
    review_overdue = django_filters.BooleanFilter(
        label="Only activities overdue for review",
        method="filter_review_overdue",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        label="Only activities I own", method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = ProcessingActivity
        fields = (
            "q",
            "status",
            "has_personal_data",
            "owner",
            "completeness",
            "privacy_notice",
            "review_overdue",
            "mine",
        )

    # An unticked box means "every activity", not "only the others".
    def filter_review_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.review_overdue(timezone.localdate()) if value else queryset

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.filter(owner=getattr(self.request, "user", None)) if value else queryset

    def filter_privacy_notice(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        if value == NoticeCoverage.COVERED:
            return queryset.filter(queryset.notice_covered_condition())  # type: ignore[attr-defined]
        if value == NoticeCoverage.MISSING:
            return queryset.exclude(queryset.notice_covered_condition())  # type: ignore[attr-defined]
        return queryset

    def filter_completeness(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        if value == Completeness.COMPLETE:
            return queryset.complete()  # type: ignore[attr-defined]
        if value == Completeness.INCOMPLETE:
            return queryset.incomplete()  # type: ignore[attr-defined]
        return queryset
