"""Tables of the retention rules and the disposal log."""

from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet

from vpp_portal.tables import LinkColumn, RegisterTable

from ..models import Disposal, RetentionRule


class RetentionRuleTable(RegisterTable):
    caption = "Retention rules"

    record_class = LinkColumn(verbose_name="Record class")
    period = tables.Column(verbose_name="Kept for")
    trigger = tables.Column(verbose_name="From")
    action = tables.Column(verbose_name="Then")
    authority_kind = tables.Column(verbose_name="Authority")
    authority = tables.Column(verbose_name="Reference", orderable=False)

    class Meta:
        model = RetentionRule
        fields = ("record_class", "period", "trigger", "action", "authority_kind", "authority")
        order_by = ("record_class",)

    def render_period(self, record: RetentionRule) -> str:
        return record.period_in_words

    def value_period(self, record: RetentionRule) -> str:
        return record.period_in_words

    def order_period(
        self, queryset: QuerySet[RetentionRule], is_descending: bool
    ) -> tuple[QuerySet[RetentionRule], bool]:
        # Years after months, then by number: 18 months before 2 years.
        prefix = "-" if is_descending else ""
        fields = ("period_unit", "period")
        return queryset.order_by(*(prefix + f for f in fields), "record_class"), True


def disposed_record(disposal: Disposal) -> str:
    return str(disposal.activity or disposal.data_source)


def evidence_text(disposal: Disposal) -> str:
    parts = [disposal.evidence_reference] if disposal.evidence_reference else []
    if disposal.evidence:
        parts.append("File uploaded")
    return "; ".join(parts)


class DisposalTable(RegisterTable):
    caption = "Disposal log"

    disposed_on = tables.DateColumn(verbose_name="Disposed on", format="j M Y")
    record = LinkColumn(verbose_name="What was disposed of", text=disposed_record, orderable=False)
    kind = tables.Column(verbose_name="Register", empty_values=(), orderable=False)
    method = tables.Column()
    carried_out_by = tables.Column(
        verbose_name="Carried out by", order_by=("carried_out_by__full_name",)
    )
    approved_by = tables.Column(verbose_name="Approved by", order_by=("approved_by__full_name",))
    evidence = tables.Column(verbose_name="Evidence", empty_values=(), orderable=False)

    class Meta:
        model = Disposal
        fields = (
            "disposed_on",
            "record",
            "kind",
            "method",
            "carried_out_by",
            "approved_by",
            "evidence",
        )
        order_by = ("-disposed_on",)

    def order_disposed_on(
        self, queryset: QuerySet[Disposal], is_descending: bool
    ) -> tuple[QuerySet[Disposal], bool]:
        # Several disposals on one day keep the order they were recorded in.
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}disposed_on", f"{prefix}pk"), True

    def render_kind(self, record: Disposal) -> str:
        return "Processing activity" if record.activity_id else "Data source"

    def value_kind(self, record: Disposal) -> str:
        return self.render_kind(record)

    def render_evidence(self, record: Disposal) -> Any:
        return evidence_text(record) or "None"

    def value_evidence(self, record: Disposal) -> str:
        return evidence_text(record)
