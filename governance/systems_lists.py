"""The systems register's list: its filters (page and export alike) and its table."""

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet
from vpp_portal.tables import LinkColumn, RegisterTable, blanks_last

from .models.systems import (
    ASSURANCE_STATUS_COLOURS,
    BOARD_DECISION_COLOURS,
    AssuranceKind,
    AssuranceStatus,
    BoardDecision,
    System,
)


class SystemFilterSet(RegisterFilterSet):
    supplier = ChooserFilter(
        kind="organisation",
        label="Supplier organisation",
        field_name="supplier",
        help_text="Type part of the organisation's name.",
    )
    assurance_kind = django_filters.ChoiceFilter(
        label="Security assurance", choices=AssuranceKind.choices, empty_label="Any"
    )
    board_decision = django_filters.ChoiceFilter(
        label="Board decision",
        choices=[(value or "none", label) for value, label in BoardDecision.choices],
        empty_label="Any",
        method="filter_board_decision",
    )
    review_overdue = django_filters.BooleanFilter(
        label="Only systems overdue for Board review",
        method="filter_review_overdue",
        widget=forms.CheckboxInput,
    )
    assurance_out_of_date = django_filters.BooleanFilter(
        label="Only systems without assurance from the last 12 months",
        method="filter_assurance_out_of_date",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = System
        fields = (
            "q",
            "supplier",
            "assurance_kind",
            "board_decision",
            "review_overdue",
            "assurance_out_of_date",
        )

    def filter_board_decision(self, queryset: Any, name: str, value: str) -> Any:
        if not value:
            return queryset
        return queryset.filter(board_decision="" if value == "none" else value)

    def filter_review_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.review_overdue(timezone.localdate()) if value else queryset

    def filter_assurance_out_of_date(self, queryset: Any, name: str, value: bool | None) -> Any:
        return queryset.assurance_out_of_date(timezone.localdate()) if value else queryset


def _tag(colour: str, text: str) -> Any:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


class SystemTable(RegisterTable):
    caption = "Systems"

    name = LinkColumn()
    supplier = tables.Column(verbose_name="Supplier", order_by=("supplier__name",))
    hosting = tables.Column(verbose_name="Hosting and location")
    assurance_kind = tables.Column(verbose_name="Assurance")
    assured_on = tables.Column(verbose_name="Assured on")
    next_board_review_on = tables.Column(verbose_name="Board review")
    board_decision = tables.Column(verbose_name="Board decision", empty_values=())

    order_assured_on = blanks_last("assured_on", then="name")
    order_next_board_review_on = blanks_last("next_board_review_on", then="name")

    class Meta:
        model = System
        fields = (
            "name",
            "supplier",
            "hosting",
            "assurance_kind",
            "assured_on",
            "next_board_review_on",
            "board_decision",
        )
        order_by = ("name",)

    def render_assurance_kind(self, value: Any, record: System) -> Any:
        if not record.assurance_status:
            return value
        colour = ASSURANCE_STATUS_COLOURS[AssuranceStatus(record.assurance_status)]
        return format_html("{} {}", value, _tag(colour, record.get_assurance_status_display()))

    def value_assurance_kind(self, value: Any, record: System) -> str:
        status = record.get_assurance_status_display() if record.assurance_status else ""
        return f"{value} ({status})" if status else str(value)

    def render_assured_on(self, value: Any, record: System) -> Any:
        if not record.is_assurance_current():
            return format_html(
                "{} {}", date_format(value, "j M Y"), _tag("red", "Over 12 months old")
            )
        return date_format(value, "j M Y")

    def value_assured_on(self, value: Any) -> str:
        return value.isoformat() if value else ""

    def render_next_board_review_on(self, value: Any, record: System) -> Any:
        if record.is_review_overdue():
            return format_html("{} {}", date_format(value, "j M Y"), _tag("red", "Review overdue"))
        return date_format(value, "j M Y")

    def value_next_board_review_on(self, value: Any) -> str:
        return value.isoformat() if value else ""

    def render_board_decision(self, record: System) -> Any:
        decision = BoardDecision(record.board_decision)
        return _tag(BOARD_DECISION_COLOURS[decision], decision.label)

    def value_board_decision(self, record: System) -> str:
        return str(BoardDecision(record.board_decision).label)
