"""Writing history rows fast: buffered tuples, ``COPY`` on PostgreSQL, ``executemany`` elsewhere,
and the report of what was written."""

import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models

from .constants import (
    BATCH,
    CHANGES,
    HISTORY_DAYS,
    IMPORTED,
    REASONS,
)


@dataclass
class Report:
    """What was written: rows per register and history rows per table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)
    history: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_history(self) -> int:
        return sum(self.history.values())


@contextmanager
def _keeping_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` store the ``created_at``/``updated_at`` the seeder chose (spread over
    18 months) instead of now: ``auto_now``/``auto_now_add`` would overwrite them."""
    from django.apps import apps

    saved = []

    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                saved.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


class History:
    """Buffers history rows per historical table and writes them in batches.

    The rows are plain tuples written with ``COPY`` on PostgreSQL and ``executemany`` elsewhere:
    building and compiling a model instance per row is what made a million rows take many
    minutes (Django's insert compiler prepares every value of every row)."""

    def __init__(self, rng: random.Random, users: list[int], now: datetime, report: Report):
        self.rng, self.users, self.now, self.report = rng, users, now, report
        self.buffers: dict[type[models.Model], list[tuple[Any, ...]]] = {}
        self.layouts: dict[type[models.Model], tuple[type[models.Model], list[Any]]] = {}

    def timeline(self, versions: int | None = None) -> list[datetime]:
        """When a record was created and each time it changed, oldest first."""
        count = versions or self.rng.randint(*CHANGES) + 1
        start = self.now - timedelta(
            days=self.rng.uniform(20, HISTORY_DAYS), seconds=self.rng.uniform(0, 86_400)
        )
        span = (self.now - timedelta(hours=1) - start).total_seconds()
        return [
            start,
            *sorted(
                start + timedelta(seconds=self.rng.uniform(60, span)) for _ in range(count - 1)
            ),
        ]

    def layout(self, model: type[models.Model]) -> tuple[type[models.Model], list[Any]]:
        """The historical model of ``model`` and its columns (all but its own id), cached."""
        if model not in self.layouts:
            history_model = model.history.model  # type: ignore[attr-defined]
            columns = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
            self.layouts[model] = (history_model, columns)
        return self.layouts[model]

    def record(
        self,
        instance: models.Model,
        times: list[datetime],
        *,
        statuses: list[str] | None = None,
        churn: str | None = None,
        imported: bool = False,
    ) -> None:
        """History rows for ``instance`` at ``times``: the last is the row as stored; earlier
        ones carry the status the path had then, and ``churn`` (a text field) as it was before
        each edit, so each change shows a difference. An ``imported`` row (old data, which need
        not meet today's rules) says so in its first reason."""
        history_model, columns = self.layout(type(instance))
        names = [f.attname for f in columns]
        final: dict[str, Any] = {name: getattr(instance, name, None) for name in names}
        for name in names:  # files are stored by their name
            value = final[name]
            if hasattr(value, "name") and not isinstance(value, str | int):
                final[name] = value.name or ""
        count = len(times)
        buffer = self.buffers.setdefault(history_model, [])
        for index, at in enumerate(times):
            values = dict(final)
            user = self.rng.choice(self.users)
            values["row_version"] = index + 1
            values["updated_at"] = at
            values["updated_by_id"] = user
            if statuses:
                values["status"] = statuses[min(len(statuses) - 1, index * len(statuses) // count)]
            if churn and index < count - 1:
                values[churn] = f"{final[churn]} (draft {index + 1})".strip()
            values["history_date"] = at
            values["history_type"] = "+" if index == 0 else "~"
            values["history_user_id"] = user
            first = IMPORTED if imported else "Created"
            values["history_change_reason"] = first if index == 0 else self.rng.choice(REASONS)
            buffer.append(tuple(values[name] for name in names))
        if len(buffer) >= BATCH * 10:
            self.flush(history_model)

    def flush(self, history_model: type[models.Model] | None = None) -> None:
        for model in [history_model] if history_model else list(self.buffers):
            rows = self.buffers.get(model, [])
            if rows:
                columns = next(c for m, c in self.layouts.values() if m is model)
                write_rows(model, columns, rows)
                key = model._meta.model_name or ""
                self.report.history[key] = self.report.history.get(key, 0) + len(rows)
                self.buffers[model] = []


def write_rows(model: type[models.Model], columns: list[Any], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``model``'s table."""
    ops = connection.ops
    adapters: list[Callable[[Any], Any] | None] = []
    for column in columns:
        if isinstance(column, models.JSONField):
            adapters.append(json.dumps)
        elif isinstance(column, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(column, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    if any(adapters):
        rows = [
            tuple(
                adapt(value) if adapt is not None and value is not None else value
                for adapt, value in zip(adapters, row, strict=True)
            )
            for row in rows
        ]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
                )
