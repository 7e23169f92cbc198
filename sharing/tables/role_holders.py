"""The role-holder register's table: organisation, role, the person and their period."""

from dataclasses import dataclass
from datetime import date

import django_tables2 as tables
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable

from ..choices import HolderRole
from ..models import RoleHolder

#: The roles in the strategy's order (Appendix 1): SIRO, DPO, Director.
ROLE_ORDER = Case(
    *(When(role=value, then=Value(rank)) for rank, value in enumerate(HolderRole.values)),
    default=Value(len(HolderRole.values)),
    output_field=IntegerField(),
)


def with_role_rank(queryset: QuerySet[RoleHolder]) -> QuerySet[RoleHolder]:
    return queryset.annotate(role_rank=ROLE_ORDER)


@dataclass(frozen=True)
class HolderStatus:
    """Whether a holder is in post on a day, in words (the tag's colour only repeats it)."""

    label: str
    colour: str


def holder_status(holder: RoleHolder, today: date | None = None) -> HolderStatus:
    today = today or timezone.localdate()
    if holder.starts_on > today:
        return HolderStatus(f"Starts on {date_format(holder.starts_on, 'j M Y')}", "blue")
    if holder.ends_on is not None and holder.ends_on < today:
        return HolderStatus("Former", "grey")
    return HolderStatus("Current", "green")


def status_tag(holder: RoleHolder) -> str:
    status = holder_status(holder)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.colour, status.label
    )


class RoleHolderTable(RegisterTable):
    caption = "Role holders"
    page_by_keys = True

    organisation = tables.Column(order_by=("organisation__name",))
    # Sorted in the strategy's order, by the ``role_rank`` that ``with_role_rank`` adds.
    role = tables.Column(order_by=("role_rank",))
    name = LinkColumn()
    job_title = tables.Column(verbose_name="Job title")
    starts_on = tables.Column(verbose_name="From")
    ends_on = tables.Column(verbose_name="To", empty_values=())
    status = tables.Column(verbose_name="Status", empty_values=(), orderable=False)

    class Meta:
        model = RoleHolder
        fields = ("organisation", "role", "name", "job_title", "starts_on", "ends_on")
        sequence = (
            "organisation",
            "role",
            "name",
            "job_title",
            "starts_on",
            "ends_on",
            "status",
        )
        order_by = ("organisation", "role", "-starts_on")

    def render_starts_on(self, value: date) -> str:
        return date_format(value, "j M Y")

    def render_ends_on(self, value: date | None) -> str:
        return date_format(value, "j M Y") if value else ""

    def value_starts_on(self, value: date) -> str:
        return value.isoformat()

    def value_ends_on(self, value: date | None) -> str:
        # Spreadsheets sort ISO dates as dates.
        return value.isoformat() if value else ""

    def render_status(self, record: RoleHolder) -> str:
        return status_tag(record)

    def value_status(self, record: RoleHolder) -> str:
        return holder_status(record).label
