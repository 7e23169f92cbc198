"""The rights request list (and its export), and the list of partner searches."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models.rights import RightsRequest, RightsSearch
from ..services.rights import may_see_requester, request_clock

WITHHELD = "Withheld"


class RightsRequestTable(RegisterTable):
    caption = "Requests from individuals"

    reference = LinkColumn()
    kind = tables.Column(verbose_name="Kind")
    received_on = tables.Column(verbose_name="Received")
    requester_name = tables.Column(verbose_name="Requester", orderable=False)
    handler = tables.Column(verbose_name="Handled by", order_by=("handler__full_name",))
    status = StatusColumn()
    due_on = tables.Column(verbose_name="Time left", empty_values=())

    class Meta:
        model = RightsRequest
        fields = (
            "reference",
            "kind",
            "received_on",
            "requester_name",
            "handler",
            "status",
            "due_on",
        )
        order_by = ("-received_on",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def _user(self) -> Any:
        request = getattr(self, "request", None)
        return getattr(request, "user", None)

    def render_kind(self, record: RightsRequest) -> str:
        return str(record.get_kind_display())

    def value_kind(self, record: RightsRequest) -> str:
        return self.render_kind(record)

    def render_received_on(self, value: Any) -> str:
        return date_format(value, "j M Y")

    def value_received_on(self, value: Any) -> str:
        return value.isoformat()

    def render_requester_name(self, record: RightsRequest) -> str:
        # A UK GDPR requester's name is personal data: only the DPO and the handler see it,
        # on the page and in the download alike.
        return record.requester_name if may_see_requester(self._user(), record) else WITHHELD

    def value_requester_name(self, record: RightsRequest) -> str:
        return self.render_requester_name(record)

    def render_handler(self, value: Any) -> str:
        return str(value) if value else "Nobody yet"

    def value_handler(self, value: Any) -> str:
        return str(value) if value else ""

    def render_due_on(self, record: RightsRequest) -> Any:
        shown = request_clock(record, self.today)
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', shown.colour, shown.text
        )

    def value_due_on(self, record: RightsRequest) -> str:
        return request_clock(record, self.today).text


class RightsSearchTable(RegisterTable):
    caption = "Searches for requests"

    rights_request = LinkColumn(
        verbose_name="Request",
        order_by=("rights_request__reference",),
        text=lambda record: record.rights_request.reference,
    )
    organisation = tables.Column(
        verbose_name="Organisation asked", order_by=("organisation__name",)
    )
    due_on = tables.Column(verbose_name="Answer due by")
    answer = StatusColumn(verbose_name="Answer")

    class Meta:
        model = RightsSearch
        fields = ("rights_request", "organisation", "due_on", "answer")
        order_by = ("due_on",)

    def render_due_on(self, value: Any) -> str:
        return date_format(value, "j M Y")

    def value_due_on(self, value: Any) -> str:
        return value.isoformat()
