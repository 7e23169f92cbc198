"""The tables of the security log and the role changes."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from vpp_portal.tables import RegisterTable

from .choices import SECURITY_EVENT_COLOURS, SecurityEventKind
from .models import RoleChange, SecurityEvent


def _moment(value: Any) -> str:
    return date_format(timezone.localtime(value), "j M Y, H:i:s")


def _person(user: Any) -> Any:
    return format_html(
        '{}<br><span class="govuk-hint govuk-!-margin-0">{}</span>', user, user.email
    )


class SecurityEventTable(RegisterTable):
    caption = "Security events"

    occurred_at = tables.Column(verbose_name="When")
    kind = tables.Column(verbose_name="What happened")
    user = tables.Column(verbose_name="Account", empty_values=(), orderable=False)
    actor = tables.Column(verbose_name="By", orderable=False)
    ip_address = tables.Column(verbose_name="IP address", orderable=False)
    detail = tables.Column(orderable=False)
    user_agent = tables.Column(verbose_name="Browser", orderable=False)

    class Meta:
        model = SecurityEvent
        fields = ("occurred_at", "kind", "user", "actor", "ip_address", "detail", "user_agent")
        order_by = ("-occurred_at",)

    def render_occurred_at(self, value: Any) -> str:
        return _moment(value)

    def render_kind(self, record: SecurityEvent) -> Any:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            SECURITY_EVENT_COLOURS.get(SecurityEventKind(record.kind), "grey"),
            record.get_kind_display(),
        )

    def value_kind(self, record: SecurityEvent) -> str:
        return str(record.get_kind_display())

    def render_user(self, record: SecurityEvent) -> Any:
        if record.user is not None:
            return _person(record.user)
        return format_html("{}<br>{}", record.email or "—", "(no account with this address)")

    def render_actor(self, value: Any) -> Any:
        return _person(value)


class RoleChangeTable(RegisterTable):
    caption = "Role changes"

    changed_at = tables.Column(verbose_name="When")
    user = tables.Column(verbose_name="Person", orderable=False)
    from_role = tables.Column(verbose_name="From", empty_values=(), orderable=False)
    to_role = tables.Column(verbose_name="To")
    changed_by = tables.Column(verbose_name="Changed by", orderable=False)
    reason = tables.Column(orderable=False)

    class Meta:
        model = RoleChange
        fields = ("changed_at", "user", "from_role", "to_role", "changed_by", "reason")
        order_by = ("-changed_at",)

    def render_changed_at(self, value: Any) -> str:
        return _moment(value)

    def render_user(self, value: Any) -> Any:
        return _person(value)

    def render_changed_by(self, value: Any) -> Any:
        return _person(value)

    def render_from_role(self, record: RoleChange) -> str:
        return str(record.get_from_role_display() or "— (new account)")
