"""The list tables of the data-protection audits and the action register."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable

from .choices import ACTION_STATUS_COLOURS, AUDIT_STATUS_COLOURS
from .models import Action, DataProtectionAudit

TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'


def status_tag(colours: dict[str, str], value: str, label: str) -> str:
    """A status as a coloured GOV.UK tag that always says the status in words."""
    return format_html(TAG, colours.get(value, "grey"), label)


def _day(value: Any) -> str:
    return date_format(value, "j M Y") if value else ""


def _iso(value: Any) -> str:
    # Spreadsheets sort ISO dates as dates.
    return value.isoformat() if value else ""


class DataProtectionAuditTable(RegisterTable):
    caption = "Data protection audits"

    title = LinkColumn()
    auditor_name = tables.Column(verbose_name="Auditor")
    carried_out_on = tables.Column(verbose_name="Carried out on")
    status = tables.Column()

    class Meta:
        model = DataProtectionAudit
        fields = ("title", "auditor_name", "carried_out_on", "status")
        order_by = ("-carried_out_on",)

    def render_carried_out_on(self, value: Any) -> str:
        return _day(value)

    def value_carried_out_on(self, value: Any) -> str:
        return _iso(value)

    def render_status(self, record: DataProtectionAudit) -> str:
        return status_tag(AUDIT_STATUS_COLOURS, record.status, record.get_status_display())

    def value_status(self, record: DataProtectionAudit) -> str:
        return str(record.get_status_display())


class ActionTable(RegisterTable):
    caption = "Actions"
    page_by_keys = True

    title = LinkColumn()
    source = tables.Column(verbose_name="Came from", order_by=("source", "pk"))
    owner = tables.Column(order_by=("owner__full_name", "owner__email"))
    due_on = tables.Column(verbose_name="Due")
    status = tables.Column()

    class Meta:
        model = Action
        fields = ("title", "source", "owner", "due_on", "status")
        order_by = ("due_on",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_source(self, record: Action) -> str:
        return source_text(record)

    def value_source(self, record: Action) -> str:
        return source_text(record)

    def render_due_on(self, record: Action) -> str:
        if record.is_overdue(self.today):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', _day(record.due_on)
            )
        return _day(record.due_on)

    def value_due_on(self, record: Action) -> str:
        return _iso(record.due_on)

    def render_status(self, record: Action) -> str:
        return status_tag(ACTION_STATUS_COLOURS, record.status, record.get_status_display())

    def value_status(self, record: Action) -> str:
        return str(record.get_status_display())


def source_text(action: Action) -> str:
    """Where the action came from, in words: "Audit finding: Finding 2 of …"."""
    label = action.get_source_display()
    if action.board_decided_on:
        return f"{label} of {date_format(action.board_decided_on, 'j M Y')}"
    record = action.source_record
    if action.dpia_risk_id:
        return f"{label}: {action.dpia_risk.dpia}, {record}"  # type: ignore[union-attr]
    return f"{label}: {record}" if record is not None else str(label)
