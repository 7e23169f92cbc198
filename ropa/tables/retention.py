"""Tables of the retention rules and the disposal log."""

from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import Disposal, RetentionRule
from ..selectors import disposal_decision


class RetentionRuleTable(RegisterTable):
    caption = "Retention rules"
    page_by_keys = True

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


def decided_by_text(disposal: Disposal) -> str:
    if disposal.decided_by is None:
        return ""
    return (
        f"{disposal.decided_by} (as deputy DPO)"
        if disposal.is_deputy_decision
        else str(disposal.decided_by)
    )


class DisposalTable(RegisterTable):
    caption = "Disposal log"
    page_by_keys = True

    disposed_on = tables.DateColumn(verbose_name="Disposed on", format="j M Y")
    record = LinkColumn(verbose_name="What is disposed of", text=disposed_record, orderable=False)
    kind = tables.Column(verbose_name="Register", empty_values=(), orderable=False)
    method = tables.Column()
    status = StatusColumn(verbose_name="Status")
    proposed_by = tables.Column(verbose_name="Proposed by", order_by=("proposed_by__full_name",))
    decided_by = tables.Column(
        verbose_name="Decided by", order_by=("decided_by__full_name",), empty_values=()
    )
    evidence = tables.Column(verbose_name="Evidence", empty_values=(), orderable=False)

    class Meta:
        model = Disposal
        fields = (
            "disposed_on",
            "record",
            "kind",
            "method",
            "status",
            "proposed_by",
            "decided_by",
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

    def render_decided_by(self, record: Disposal) -> str:
        return decided_by_text(record) or "Not yet decided"

    def value_decided_by(self, record: Disposal) -> str:
        return decided_by_text(record)

    def render_evidence(self, record: Disposal) -> Any:
        return evidence_text(record) or "None"

    def value_evidence(self, record: Disposal) -> str:
        return evidence_text(record)


class DisposalQueueTable(RegisterTable):
    """Proposals awaiting the DPO, oldest first; the last column is the viewer's action, or
    who can take it (from the rows' ``with_authorship`` annotations: no query per row)."""

    caption = "Disposals awaiting approval"
    page_by_keys = True

    proposed_at = tables.DateTimeColumn(verbose_name="Proposed", format="j M Y")
    record = LinkColumn(verbose_name="What is disposed of", text=disposed_record, orderable=False)
    kind = tables.Column(verbose_name="Register", empty_values=(), orderable=False)
    method = tables.Column()
    disposed_on = tables.DateColumn(verbose_name="Date of disposal", format="j M Y")
    proposed_by = tables.Column(verbose_name="Proposed by", order_by=("proposed_by__full_name",))
    decision = tables.Column(verbose_name="Your decision", empty_values=(), orderable=False)

    class Meta:
        model = Disposal
        fields = (
            "proposed_at",
            "record",
            "kind",
            "method",
            "disposed_on",
            "proposed_by",
            "decision",
        )
        order_by = ("proposed_at",)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def order_proposed_at(
        self, queryset: QuerySet[Disposal], is_descending: bool
    ) -> tuple[QuerySet[Disposal], bool]:
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}proposed_at", f"{prefix}pk"), True

    def render_kind(self, record: Disposal) -> str:
        return "Processing activity" if record.activity_id else "Data source"

    def render_decision(self, record: Disposal) -> Any:
        decision = disposal_decision(self.user, record)
        if decision:
            return format_html(
                '<a class="govuk-link" href="{}#decision">{}<span class="govuk-visually-hidden">'
                " {}</span></a>{}",
                record.get_absolute_url(),
                "Approve or refuse",
                record,
                " (as deputy DPO)" if decision.as_deputy else "",
            )
        return decision.refusal

    def value_decision(self, record: Disposal) -> str:
        return ""
