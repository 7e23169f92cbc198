"""Findings about retention: records past their retention due date with no disposal.

The due dates are the ones stored on each record (``retention_due_on``, derived on save from its
rule and trigger date); "overdue" is as the retention page says it, due today or earlier
(``ropa.selectors.records_due_for_disposal``). A record with a disposal awaiting the DPO is in
the DPO's queue instead; an approved disposal retires the record.
"""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from ropa.choices import ActivityStatus, DisposalStatus
from ropa.models import Disposal

from .base import Category, QueryKind, Severity
from .wording import overdue_since


def _proposed(field: str) -> Q:
    """The record has a disposal awaiting the DPO. ``pk IN (…)`` rather than a correlated
    ``EXISTS``: PostgreSQL hashes the few hundred proposals once, where an anti-join planned
    on stale statistics (a database just loaded) compared every record with every proposal."""
    proposed = Disposal.objects.filter(
        status=DisposalStatus.PROPOSED, **{f"{field}__isnull": False}
    )
    return Q(pk__in=proposed.values(field))


def _describe(record: Any, today: date) -> str:
    rule = f" under ‘{record.retention_rule.record_class}’" if record.retention_rule else ""
    return (
        f"The end of its retention period{rule} {overdue_since(record.retention_due_on, today)}, "
        "and no disposal has been recorded."
    )


def _fix(parameter: str) -> Any:
    def fix(record: Any) -> tuple[str, str]:
        url = reverse("ropa:disposal_create") + f"?{parameter}={record.pk}"
        return url, "Record its disposal"

    return fix


ACTIVITY_RETENTION_OVERDUE = QueryKind(
    slug="activity-retention-overdue",
    title="Processing activities past their retention date with no disposal",
    severity=Severity.MEDIUM,
    category=Category.RECORDS,
    register="Processing activities",
    register_key="ropa.processingactivity",
    model_label="ropa.ProcessingActivity",
    offending=lambda rows, today: (
        rows.exclude(status=ActivityStatus.RETIRED)
        .filter(retention_due_on__lte=today)
        .exclude(_proposed("activity"))
        .order_by("retention_due_on", "pk")
    ),
    describe=_describe,
    fix=_fix("activity"),
    related=lambda rows: rows.select_related("retention_rule"),
)


def _sources_overdue(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
    return (
        rows.filter(retired_on__isnull=True, retention_due_on__lte=today)
        .exclude(_proposed("data_source"))
        .order_by("retention_due_on", "pk")
    )


SOURCE_RETENTION_OVERDUE = QueryKind(
    slug="source-retention-overdue",
    title="Data sources past their retention date with no disposal",
    severity=Severity.MEDIUM,
    category=Category.RECORDS,
    register="Data sources",
    register_key="sharing.datasource",
    model_label="sharing.DataSource",
    offending=_sources_overdue,
    describe=_describe,
    fix=_fix("data_source"),
    related=lambda rows: rows.select_related("retention_rule"),
)

KINDS = (ACTIVITY_RETENTION_OVERDUE, SOURCE_RETENTION_OVERDUE)
