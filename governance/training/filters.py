from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from ..models import Course, TrainingRecord
from .choices import Audience
from .rules import STATE_FILTERS


class CourseFilterSet(RegisterFilterSet):
    audience = django_filters.ChoiceFilter(
        label="Who it is for", choices=Audience.choices, empty_label="Anyone"
    )

    class Meta:
        model = Course
        fields = ("q", "audience")


class TrainingRecordFilterSet(RegisterFilterSet):
    person = ChooserFilter(
        kind="trainee",
        label="Person",
        field_name="person",
        help_text="Type part of their name or e-mail address.",
    )
    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.order_by("title"), empty_label="Any course"
    )
    expired = django_filters.BooleanFilter(
        label="Only expired training not yet renewed",
        method="filter_expired",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = TrainingRecord
        fields = ("q", "person", "course", "expired")

    def filter_expired(self, queryset: Any, name: str, value: bool | None) -> Any:
        # An unticked box means "every record", not "only those in date".
        return queryset.expired(timezone.localdate()) if value else queryset


class PersonTrainingFilterSet(django_filters.FilterSet):
    """The people list: search by name, organisation, and where they stand."""

    q = django_filters.CharFilter(label="Search", method="filter_search")
    state = django_filters.ChoiceFilter(
        label="Training",
        choices=[(value, label) for value, (label, _) in STATE_FILTERS.items()],
        empty_label="Anyone",
        method="filter_state",
    )

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=text)
            | Q(email__icontains=text)
            | Q(organisation__name__icontains=text)
        )

    def filter_state(self, queryset: Any, name: str, value: str) -> Any:
        if value not in STATE_FILTERS:
            return queryset
        return queryset.filter(STATE_FILTERS[value][1](timezone.localdate()))

    @property
    def form(self) -> Any:
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Button, Div, Layout

        form = super().form
        if not hasattr(form, "helper"):
            helper = FormHelper()
            helper.form_method = "get"
            helper.form_tag = True
            helper.attrs = {"role": "search", "aria-label": "Filter the list"}
            helper.layout = Layout(
                *form.fields, Div(Button("filter", "Apply filters"), css_class="govuk-button-group")
            )
            form.helper = helper
        return form
