from datetime import date
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from vpp_portal.tables import RegisterTable, StatusColumn, YesNoColumn, blanks_last

from ..choices import ActivityStatus
from ..ico import missing_columns
from ..models import ProcessingActivity


class ProcessingActivityTable(RegisterTable):
    caption = "Processing activities"
    page_by_keys = True

    name = tables.Column()
    # Shown under the name on screen (the table is wide); a column of its own in exports.
    business_function = tables.Column(visible=False)
    has_personal_data = YesNoColumn(verbose_name="Personal data")
    owner = tables.Column(default="Nobody yet")
    next_review_on = tables.Column(verbose_name="Next review", empty_values=())
    completeness = tables.Column(
        verbose_name="ICO record", orderable=False, empty_values=(), accessor="pk"
    )
    status = StatusColumn()

    class Meta:
        model = ProcessingActivity
        fields = (
            "name",
            "business_function",
            "has_personal_data",
            "owner",
            "next_review_on",
            "completeness",
            "status",
        )
        order_by = ("name",)

    def render_name(self, value: str, record: ProcessingActivity) -> Any:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>'
            '<span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
            'govuk-!-margin-bottom-0">{}</span>',
            record.get_absolute_url(),
            value,
            record.business_function,
        )

    def value_name(self, value: str) -> str:
        return value

    def render_next_review_on(self, value: date | None, record: ProcessingActivity) -> Any:
        if value is None:
            return "Not set"
        if value < timezone.localdate() and record.status != ActivityStatus.RETIRED:
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>',
                date_format(value, "j M Y"),
            )
        return date_format(value, "j M Y")

    def value_next_review_on(self, value: date | None) -> str:
        return value.isoformat() if value else ""

    def render_completeness(self, record: ProcessingActivity) -> Any:
        # The page's rows come with the relations ``missing_columns`` reads (no query per row).
        missing = missing_columns(record)
        if not missing:
            return format_html(
                '<strong class="govuk-tag govuk-tag--{}">{}</strong>', "green", "Complete"
            )
        return f"{len(missing)} column{'s' if len(missing) != 1 else ''} missing"

    def value_completeness(self, record: ProcessingActivity) -> str:
        missing = missing_columns(record)
        if not missing:
            return "Complete"
        return f"Missing: {'; '.join(column.heading for column in missing)}"

    # Undated or unowned activities sort last either way.
    order_next_review_on = blanks_last("next_review_on", then="name")
    order_owner = blanks_last("owner__full_name", then="name")
