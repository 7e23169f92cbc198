from datetime import date
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from .choices import RISK_COLOURS, RISK_RANK, PolicyStatus, RiskLevel
from .models import Dpia, Policy


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


# --- DPIAs ---------------------------------------------------------------------------------------

#: ``DpiaQuerySet.with_risk_levels`` ranks (0 with no risks yet) as risk levels.
RISK_LEVEL_BY_RANK = {rank: level for level, rank in RISK_RANK.items()}


def risk_tag(level: str) -> str:
    """A risk level as a coloured GOV.UK tag that always says the level in words."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        RISK_COLOURS.get(level, "grey"),
        RiskLevel(level).label,
    )


def review_tag(dpia: Dpia, today: date | None = None) -> str:
    """The tag "Review overdue" or "Review due" once an in-force DPIA's review date has come."""
    today = today or timezone.localdate()
    if dpia.is_review_overdue(today):
        return mark_safe('<strong class="govuk-tag govuk-tag--red">Review overdue</strong>')
    if dpia.is_review_due(today):
        return mark_safe('<strong class="govuk-tag govuk-tag--orange">Review due</strong>')
    return ""


class DpiaTable(RegisterTable):
    caption = "DPIAs"

    reference = LinkColumn()
    title = tables.Column()
    revision = tables.Column()
    author = tables.Column(order_by=("author__full_name", "author__email"))
    status = StatusColumn()
    highest_risk_rank = tables.Column(verbose_name="Highest risk")
    next_review_on = tables.Column(verbose_name="Next review", empty_values=())
    activities = tables.Column(
        verbose_name="Processing activities", orderable=False, empty_values=(), accessor="pk"
    )

    order_next_review_on = blanks_last("next_review_on", then="-created_at")

    class Meta:
        model = Dpia
        fields = (
            "reference",
            "title",
            "revision",
            "author",
            "status",
            "highest_risk_rank",
            "next_review_on",
            "activities",
        )

    def render_highest_risk_rank(self, value: int) -> Any:
        if not value:
            return "No risks yet"
        return risk_tag(RISK_LEVEL_BY_RANK[value])

    def value_highest_risk_rank(self, value: int) -> str:
        return str(RiskLevel(RISK_LEVEL_BY_RANK[value]).label) if value else ""

    def render_next_review_on(self, value: date | None, record: Dpia) -> Any:
        if value is None:
            return "Not set"
        tag = review_tag(record)
        if tag:
            return format_html("{} {}", date_format(value, "j M Y"), tag)
        return date_format(value, "j M Y")

    def value_next_review_on(self, value: date | None) -> str:
        return value.isoformat() if value else ""

    def render_activities(self, record: Dpia) -> Any:
        # The page's rows come with their activities prefetched (no query per row).
        activities = list(record.activities.all())
        if not activities:
            return "None linked"
        return format_html_join(
            mark_safe("<br>"),
            '<a class="govuk-link" href="{}">{}</a>',
            ((activity.get_absolute_url(), activity) for activity in activities),
        )

    def value_activities(self, record: Dpia) -> str:
        return "; ".join(str(activity) for activity in record.activities.all())
