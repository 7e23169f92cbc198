"""Storing the trend figures: one month at a time, worked out from history, upserted.

Nothing here is a source of truth: every row can be worked out again from history, so the
nightly job and ``rebuild_trends`` simply overwrite what is there (idempotent by the table's
unique constraint on series, month and key).
"""

import importlib
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import MonthlyFigure
from .series import LIVE_FINDINGS, all_series, first_of_month, moment


def live_findings_by_severity() -> dict[str, int] | None:
    """Today's full findings check, by severity, or ``None`` while the findings module does
    not offer ``counts`` and ``KINDS`` (it is looked up by name so the trends work without it)."""
    try:
        module = importlib.import_module("governance.findings")
    except ImportError:
        return None
    counts = getattr(module, "counts", None)
    kinds = getattr(module, "KINDS", None)
    severity = getattr(module, "Severity", None)
    if counts is None or kinds is None or severity is None:
        return None
    by_kind: dict[str, int] = counts()
    totals = dict.fromkeys(severity.values, 0)
    for kind in kinds:
        totals[str(kind.severity)] = totals.get(str(kind.severity), 0) + by_kind.get(kind.slug, 0)
    return totals


def figures_for(month: date, today: date | None = None) -> dict[str, dict[str, int]]:
    """Every series' values for ``month``, as at its last day (today, for the month under way)."""
    today = today or timezone.localdate()
    figures = all_series(moment(month, today))
    if first_of_month(month) == first_of_month(today):
        live = live_findings_by_severity()
        if live is not None:
            figures[LIVE_FINDINGS] = live
    return figures


def record_month(month: date, today: date | None = None) -> int:
    """Work out and store ``month``'s figures; returns how many figures were stored. Running
    it again replaces the same rows (and drops keys a series no longer has)."""
    today = today or timezone.localdate()
    month = first_of_month(month)
    if month > first_of_month(today):
        raise ValueError(f"{month:%B %Y} has not started yet.")
    figures = figures_for(month, today)
    now = timezone.now()
    rows = [
        MonthlyFigure(month=month, series=series, key=key, value=value, computed_at=now)
        for series, values in figures.items()
        for key, value in values.items()
    ]
    with transaction.atomic():
        stale = Q()
        for series, values in figures.items():
            stale |= Q(series=series) & ~Q(key__in=list(values))
        MonthlyFigure.objects.filter(stale, month=month).delete()
        MonthlyFigure.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=("series", "month", "key"),
            update_fields=("value", "computed_at"),
        )
    return len(rows)


def months_back(months: int, end: date | None = None) -> list[date]:
    """The first days of the last ``months`` months, oldest first, ending with ``end``'s."""
    month = first_of_month(end or timezone.localdate())
    found = []
    for _ in range(months):
        found.append(month)
        month = first_of_month(month - timedelta(days=1))
    return found[::-1]


def rebuild(months: int = 12, end: date | None = None) -> int:
    """Work out again the last ``months`` months (ending with ``end``'s, today's by default)."""
    if months < 1:
        raise ValueError("Rebuild at least one month.")
    today = timezone.localdate()
    end = min(end or today, today)
    return sum(record_month(month, today) for month in months_back(months, end))
