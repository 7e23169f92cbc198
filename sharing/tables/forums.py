from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import ConnectionRequest, Forum


class ForumTable(RegisterTable):
    page_by_keys = True

    name = LinkColumn()
    acronym = tables.Column()
    member_count = tables.Column(verbose_name="Members", orderable=False, empty_values=())

    class Meta:
        model = Forum
        fields = ("name", "acronym", "member_count")
        order_by = ("name",)

    def render_member_count(self, record: Forum) -> int:
        return len(record.members.all())  # prefetched

    def value_member_count(self, record: Forum) -> int:
        return len(record.members.all())


class ConnectionRequestTable(RegisterTable):
    page_by_keys = True

    id = LinkColumn(verbose_name="Request", text=lambda r: str(r))
    forum = tables.Column(order_by=("forum__name",))
    members = tables.Column(verbose_name="Members to connect", orderable=False, empty_values=())
    requested_on = tables.DateColumn(format="j M Y")
    status = StatusColumn()
    agreement = tables.Column(
        verbose_name="Agreement", order_by=("agreement__title",), empty_values=()
    )

    class Meta:
        model = ConnectionRequest
        fields = ("id", "forum", "members", "requested_on", "status", "agreement")
        order_by = ("-requested_on",)

    def render_forum(self, value: Any) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', value.get_absolute_url(), value
        )

    def value_forum(self, value: Any) -> str:
        return str(value)

    def render_members(self, record: ConnectionRequest) -> str:
        return ", ".join(o.name for o in record.organisations.all())  # prefetched

    def value_members(self, record: ConnectionRequest) -> str:
        return self.render_members(record)

    def render_agreement(self, value: Any) -> str:
        if value is None:
            return "None yet"
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', value.get_absolute_url(), value
        )

    def value_agreement(self, value: Any) -> str:
        return "" if value is None else str(value)
