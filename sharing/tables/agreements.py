from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import Agreement


def _dates_then_undated(
    queryset: QuerySet[Any], field: str, is_descending: bool
) -> tuple[QuerySet[Any], bool]:
    """Undated agreements sort last either way, on SQLite and PostgreSQL alike."""
    column = F(field)
    order = column.desc(nulls_last=True) if is_descending else column.asc(nulls_last=True)
    return queryset.order_by(order, "title"), True


class AgreementTable(RegisterTable):
    caption = "Agreements"

    title = LinkColumn()
    kind = tables.Column()
    parties = tables.Column(verbose_name="Parties", orderable=False, empty_values=())
    review_on = tables.DateColumn(verbose_name="Review", format="j M Y")
    expires_on = tables.DateColumn(verbose_name="Expires", format="j M Y")
    status = StatusColumn()

    class Meta:
        model = Agreement
        fields = ("title", "kind", "parties", "review_on", "expires_on", "status")
        order_by = ("title",)

    def render_parties(self, record: Agreement) -> str:
        # Prefetched by ``with_related()``: one query for the whole page, not one per row.
        return ", ".join(p.organisation.name for p in record.parties.all())

    def value_parties(self, record: Agreement) -> str:
        return self.render_parties(record)

    def order_review_on(
        self, queryset: QuerySet[Any], is_descending: bool
    ) -> tuple[QuerySet[Any], bool]:
        return _dates_then_undated(queryset, "review_on", is_descending)

    def order_expires_on(
        self, queryset: QuerySet[Any], is_descending: bool
    ) -> tuple[QuerySet[Any], bool]:
        return _dates_then_undated(queryset, "expires_on", is_descending)
