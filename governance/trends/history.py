"""Reading a register as it stood at a moment, from its simple-history table.

A record's state at a moment is its latest history row written before that moment; a record
whose latest row is a deletion was no longer there. One query per call whatever the row
count: ``DISTINCT ON`` on PostgreSQL (one sort of the history table), and on SQLite, which has
no ``DISTINCT ON``, a correlated subquery on the history table's ``(id, history_date)`` order.
"""

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model, OuterRef, QuerySet, Subquery


def history_model(model: type[Model]) -> type[Model]:
    """The simple-history model of a register model (``Agreement.history.model``)."""
    manager: Any = model.history  # type: ignore[attr-defined]  # added by HistoricalRecords
    historical: type[Model] = manager.model
    return historical


def as_at(model: type[Model], cutoff: datetime) -> QuerySet[Any]:
    """History rows of ``model``, one per record that existed just before ``cutoff``: its
    latest row then. Filter and aggregate it like the register itself (its columns are the
    register's, as they were)."""
    historical = history_model(model)
    before = historical._default_manager.filter(history_date__lt=cutoff)
    if connection.features.can_distinct_on_fields:
        latest = (
            before.order_by("id", "-history_date", "-history_id")
            .distinct("id")
            .values("history_id")
        )
        rows = historical._default_manager.filter(history_id__in=latest)
    else:
        newest = (
            before.filter(id=OuterRef("id"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        rows = before.filter(history_id=Subquery(newest))
    return rows.exclude(history_type="-").order_by()
