"""The reminder ledger: every reminder the sweep has planned, and whether it was sent.

For the DPO, SIRO, Director and administrators (``governance.view_reminder``). The ledger is
the partnership's record that nothing fell due unseen, so it is shown whole: it holds no
personal data beyond which record was due, and only those roles may open it.
"""

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from vpp_portal.filters import RegisterFilterSet
from vpp_portal.registers import RegisterListView
from vpp_portal.tables import RegisterTable

from ..choices import ReminderKind, ReminderStage, ReminderState
from ..models import Reminder
from ..selectors import record_urls

#: A tag colour per ledger state; the state's words are always shown with it.
STATE_COLOURS = {
    ReminderState.PENDING: "blue",
    ReminderState.CLAIMED: "yellow",
    ReminderState.SENT: "green",
    ReminderState.CANCELLED: "grey",
}


class ReminderFilterSet(RegisterFilterSet):
    q = None  # type: ignore[assignment]  # nothing to search: a row is a kind, a record and dates
    kind = django_filters.ChoiceFilter(choices=ReminderKind.choices, empty_label="Any kind")
    stage = django_filters.ChoiceFilter(choices=ReminderStage.choices, empty_label="Any stage")
    state = django_filters.ChoiceFilter(choices=ReminderState.choices, empty_label="Any state")

    class Meta:
        model = Reminder
        fields = ("kind", "stage", "state")


def _moment(value: Any) -> str:
    return date_format(timezone.localtime(value), "j M Y, H:i")


class ReminderTable(RegisterTable):
    caption = "Reminder ledger"

    created_at = tables.Column(verbose_name="Planned")
    kind = tables.Column()
    record = tables.Column(
        verbose_name="Record", accessor="object_id", orderable=False, empty_values=()
    )
    due_on = tables.Column(verbose_name="Due", empty_values=())
    stage = tables.Column()
    state = tables.Column()
    sent_at = tables.Column(verbose_name="Sent at")
    attempts = tables.Column()

    class Meta:
        model = Reminder
        fields = ("created_at", "kind", "record", "due_on", "stage", "state", "sent_at", "attempts")

    #: ``(kind, record id)`` → (link, name), filled for the page's rows by the view.
    record_links: dict[tuple[str, int], tuple[str, str]]

    def render_created_at(self, value: Any) -> str:
        return _moment(value)

    def render_record(self, record: Reminder) -> Any:
        link, name = self.record_links.get((record.kind, record.object_id), ("", ""))
        if not link:
            return name or f"#{record.object_id}"
        return format_html('<a class="govuk-link" href="{}">{}</a>', link, name)

    def render_due_on(self, record: Reminder) -> str:
        # A breach's deadline is a moment, not a day.
        if record.due_at is not None:
            return _moment(record.due_at)
        return date_format(record.due_on, "j M Y")

    def render_state(self, record: Reminder) -> Any:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            STATE_COLOURS.get(ReminderState(record.state), "grey"),
            record.get_state_display(),
        )

    def render_sent_at(self, value: Any) -> str:
        return _moment(value)


class ReminderListView(RegisterListView):
    model = Reminder
    table_class = ReminderTable
    filterset_class = ReminderFilterSet

    def get_queryset(self) -> QuerySet[Reminder]:
        # Newest first (the model's ordering); the table may sort otherwise.
        return Reminder.objects.all()

    def get_table(self, **kwargs: Any) -> ReminderTable:
        table: ReminderTable = super().get_table(**kwargs)
        # Read the page's rows once, then name and link their records in one query per kind
        # of record on the page, instead of one per row.
        page_rows = table.page.object_list
        page_rows.data = list(page_rows.data)
        table.record_links = record_urls(page_rows.data)
        return table
