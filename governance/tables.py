from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from .choices import PolicyStatus
from .models import Policy


def review_overdue(policy: Policy) -> bool:
    """Past its next review date; a withdrawn policy is no longer reviewed."""
    return policy.status != PolicyStatus.WITHDRAWN and policy.is_review_overdue(
        timezone.localdate()
    )


class PolicyTable(RegisterTable):
    caption = "Policies"

    title = LinkColumn()
    kind = tables.Column()
    owner_organisation = tables.Column(verbose_name="Owner", order_by=("owner_organisation__name",))
    adoption = tables.Column(verbose_name="Adopted or overridden")
    next_review_on = tables.Column(verbose_name="Next review")
    status = StatusColumn()

    order_next_review_on = blanks_last("next_review_on", then="title")

    class Meta:
        model = Policy
        fields = ("title", "kind", "owner_organisation", "adoption", "next_review_on", "status")
        order_by = ("title",)

    def render_adoption(self, record: Policy) -> str:
        return "Overridden" if record.adoption == "overridden" else "Adopted"

    def value_adoption(self, record: Policy) -> str:
        return self.render_adoption(record)

    def render_next_review_on(self, value: Any, record: Policy) -> Any:
        if review_overdue(record):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Review overdue</strong>',
                date_format(value, "j M Y"),
            )
        return date_format(value, "j M Y")

    def value_next_review_on(self, value: Any, record: Policy) -> str:
        # Spreadsheets sort ISO dates as dates.
        return value.isoformat() if value else ""
