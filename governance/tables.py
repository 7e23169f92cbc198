from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from .choices import (
    BREACH_STATUS_COLOURS,
    RISK_COLOURS,
    RISK_RANK,
    BreachStatus,
    IcoDecision,
    PolicyStatus,
    RiskLevel,
)
from .models import Breach, Dpia, Policy


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

#: The stored ranks of ``Dpia.highest_risk_rank`` (0 with no risks yet) as risk levels.
RISK_LEVEL_BY_RANK = {rank: level for level, rank in RISK_RANK.items()}


#: A GOV.UK tag: its colour, then the words that say the same.
TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'


def risk_tag(level: str) -> str:
    """A risk level as a coloured GOV.UK tag that always says the level in words."""
    return format_html(TAG, RISK_COLOURS.get(level, "grey"), RiskLevel(level).label)


def review_tag(dpia: Dpia, today: date | None = None) -> str:
    """The tag "Review overdue" or "Review due" once an in-force DPIA's review date has come."""
    today = today or timezone.localdate()
    if dpia.is_review_overdue(today):
        return format_html(TAG, "red", "Review overdue")
    if dpia.is_review_due(today):
        return format_html(TAG, "orange", "Review due")
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
        # One per line; the line breaks are markup of the template, never of the data.
        return format_html_join(
            "",
            '<a class="govuk-link govuk-!-display-block" href="{}">{}</a>',
            ((activity.get_absolute_url(), activity) for activity in activities),
        )

    def value_activities(self, record: Dpia) -> str:
        return "; ".join(str(activity) for activity in record.activities.all())


# --- Breaches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IcoClock:
    """Where a breach stands against the ICO's 72 hours, in words (the colour only repeats it).

    ``is_running``: the ICO has been neither told nor ruled out and the breach is open or
    contained; ``is_passed``: that, and the deadline has gone by.
    """

    text: str
    colour: str
    is_running: bool
    is_passed: bool
    deadline_at: datetime

    @property
    def deadline_text(self) -> str:
        """The deadline in UK time, in GOV.UK style: "1:00pm on Tuesday 31 March 2026"."""
        return uk_time_text(self.deadline_at, with_date=True)


def uk_time_text(value: datetime, *, with_date: bool = False) -> str:
    """A time in Europe/London on the 12-hour clock, GOV.UK style ("9:30am")."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    text = f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    return f"{text} on {date_format(local, 'l j F Y')}" if with_date else text


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _duration(span: timedelta, *, days_after_hours: int | None = None) -> str:
    """Whole hours (whole minutes under an hour; whole days from ``days_after_hours``)."""
    seconds = int(span.total_seconds())
    hours = seconds // 3600
    if days_after_hours is not None and hours >= days_after_hours:
        return _plural(hours // 24, "day")
    if hours >= 1:
        return _plural(hours, "hour")
    minutes = seconds // 60
    return _plural(minutes, "minute") if minutes >= 1 else "less than a minute"


def ico_clock(breach: Breach, now: datetime | None = None) -> IcoClock:
    """The time left to tell the ICO, counted in elapsed hours (a clock change neither adds
    nor removes one), or what stopped the clock."""
    now = now or timezone.now()
    deadline = breach.ico_deadline_at
    if breach.ico_decision == IcoDecision.NOT_REQUIRED:
        return IcoClock("Not reportable", "grey", False, False, deadline)
    if breach.ico_told_at is not None:
        told = date_format(timezone.localtime(breach.ico_told_at), "j M Y")
        return IcoClock(f"Told the ICO {told}", "green", False, False, deadline)
    if breach.status == BreachStatus.CLOSED:
        return IcoClock("Closed", "grey", False, False, deadline)
    left = deadline - now
    if left > timedelta(0):
        text = f"{_duration(left)} left"
        colour = "orange" if left <= timedelta(hours=24) else "blue"
        return IcoClock(text[0].upper() + text[1:], colour, True, False, deadline)
    ago = _duration(now - deadline, days_after_hours=48)
    return IcoClock(f"Deadline passed {ago} ago", "red", True, True, deadline)


def local_datetime(value: datetime | None, fmt: str = "j M Y, H:i") -> str:
    return date_format(timezone.localtime(value), fmt) if value else ""


class BreachStatusColumn(tables.Column):
    """The breach's status as a tag: its colour from ``BREACH_STATUS_COLOURS``, its word always."""

    def render(self, record: Breach) -> str:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            BREACH_STATUS_COLOURS.get(record.status, "grey"),
            record.get_status_display(),
        )

    def value(self, record: Breach) -> str:
        return str(record.get_status_display())


#: The ICO decision in a word or two, for a column.
ICO_DECISION_SHORT = {
    IcoDecision.UNDECIDED: "Not decided",
    IcoDecision.REPORT: "Report to the ICO",
    IcoDecision.NOT_REQUIRED: "Not required",
}


class BreachTable(RegisterTable):
    caption = "Breaches"

    reference = LinkColumn()
    title = tables.Column(verbose_name="Summary")
    became_aware_at = tables.Column(verbose_name="Became aware")
    status = BreachStatusColumn()
    ico_decision = tables.Column(verbose_name="ICO decision")
    ico_deadline_at = tables.Column(verbose_name="Time left to tell the ICO")

    class Meta:
        model = Breach
        fields = (
            "reference",
            "title",
            "became_aware_at",
            "status",
            "ico_decision",
            "ico_deadline_at",
        )
        order_by = ("-became_aware_at",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One "now" for every row, so the rows agree with each other.
        self.now = timezone.now()

    def render_became_aware_at(self, value: datetime) -> str:
        return local_datetime(value)

    def value_became_aware_at(self, value: datetime) -> str:
        # Spreadsheets sort ISO date-times as dates; UK local time, as on the page.
        return local_datetime(value, "Y-m-d H:i")

    def render_ico_decision(self, record: Breach) -> str:
        return ICO_DECISION_SHORT[IcoDecision(record.ico_decision)]

    def value_ico_decision(self, record: Breach) -> str:
        return self.render_ico_decision(record)

    def render_ico_deadline_at(self, record: Breach) -> str:
        clock = ico_clock(record, self.now)
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', clock.colour, clock.text
        )

    def value_ico_deadline_at(self, record: Breach) -> str:
        return ico_clock(record, self.now).text
