"""Planning: write a ledger row for every record that has reached a reminder stage.

For each kind and stage, one ``INSERT … SELECT … ON CONFLICT``: the database finds the
records whose due date falls in the stage's window and writes the ledger rows itself, and the
ledger's unique constraints drop any row already there (a second sweep, a retry, another beat)
— except a cancelled one, made pending again (see ``insert_select_sql``).
So planning runs a fixed number of statements — one per kind and stage — however many records
there are, and never reads a record into Python. The windows are the same as
``kinds.stage_for``; a test checks that the two agree.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import TruncDate

from ..choices import ReminderKind, ReminderState
from ..models import Reminder
from .kinds import KINDS, Kind, Stage

#: The ledger columns planning fills, in the order of the SELECT it runs.
COLUMNS = ("kind", "object_id", "due_on", "due_at", "stage", "state", "attempts", "created_at")


@dataclass
class PlanReport:
    #: New ledger rows by kind and stage, and cancelled ones made pending again; rows already
    #: in the ledger otherwise are not counted.
    planned: dict[tuple[str, str], int] = field(default_factory=dict)
    statements: int = 0

    @property
    def total(self) -> int:
        return sum(self.planned.values())


def window(spec: Kind, stage: Stage, today: date, now: datetime) -> Q:
    """The due dates (or deadlines) that put a record in ``stage`` today."""
    due = spec.due_field
    # Hours are added in UTC: added to a London time they would be wall-clock hours.
    now = now.astimezone(UTC)
    if stage.is_overdue:
        return Q(**{f"{due}__lte": now}) if spec.is_deadline else Q(**{f"{due}__lt": today})
    assert stage.before is not None
    later = [s.before for s in spec.stages if s.before is not None and s.before < stage.before]
    next_before = max(later, default=None)
    if spec.is_deadline:
        lower = now + spec.step(next_before) if next_before is not None else now
        return Q(**{f"{due}__gt": lower, f"{due}__lte": now + spec.step(stage.before)})
    first_day = today + timedelta(days=(next_before + 1) if next_before is not None else 0)
    return Q(**{f"{due}__gte": first_day, f"{due}__lte": today + timedelta(days=stage.before)})


def _ledger_rows(
    spec: Kind, stage: Stage, today: date, now: datetime, object_id: int | None = None
) -> Any:
    """A queryset whose SELECT yields ledger rows (in ``COLUMNS`` order) for one stage."""
    london = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    due_on: Any = (
        TruncDate(spec.due_field, tzinfo=london) if spec.is_deadline else F(spec.due_field)
    )
    due_at: Any = (
        F(spec.due_field) if spec.is_deadline else Value(None, output_field=models.DateTimeField())
    )
    names = [f"ledger_{column}" for column in COLUMNS]
    expressions = (
        Value(str(spec.kind), output_field=models.CharField()),
        F("pk"),
        due_on,
        due_at,
        Value(str(stage.stage), output_field=models.CharField()),
        Value(str(ReminderState.PENDING), output_field=models.CharField()),
        Value(0, output_field=models.IntegerField()),
        Value(now, output_field=models.DateTimeField()),
    )
    records = spec.records() if object_id is None else spec.records().filter(pk=object_id)
    return (
        records.filter(window(spec, stage, today, now))
        .annotate(**dict(zip(names, expressions, strict=True)))
        .values_list(*names)
    )


def insert_select_sql(queryset: Any, spec: Kind | None = None) -> tuple[str, tuple[Any, ...]]:
    """``INSERT INTO <ledger> (COLUMNS) <queryset's SELECT> ON CONFLICT …``.

    With ``spec``, a row already in the ledger is left alone unless it was cancelled: then it
    is made pending again. A reminder is cancelled when, at delivery, its record no longer
    counted or its due date had moved; if the record counts again with the same date (a
    withdrawn policy back in force, a date moved back, a breach's ICO decision reversed), the
    stage is due after all and must not be missed. A sent row is never touched. Without
    ``spec``, any conflict is ignored.
    """
    select, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Reminder._meta.db_table)

    def column(name: str) -> str:
        field = Reminder._meta.get_field(name)
        assert isinstance(field, models.Field) and field.column  # a concrete column
        return quote(field.column)

    columns = ", ".join(column(name) for name in COLUMNS)
    insert = f"INSERT INTO {table} ({columns}) {select}"
    if spec is None:
        return f"{insert} ON CONFLICT DO NOTHING", params
    # The target names the ledger's partial unique index for this kind of due date.
    due = "due_at" if spec.is_deadline else "due_on"
    target = ", ".join(column(name) for name in ("kind", "object_id", due, "stage"))
    condition = f"{column('due_at')} IS {'NOT ' if spec.is_deadline else ''}NULL"
    state = column("state")
    return (
        f"{insert} ON CONFLICT ({target}) WHERE {condition} "
        f"DO UPDATE SET {state} = %s, {column('claim_token')} = NULL, "
        f"{column('claimed_at')} = NULL WHERE {table}.{state} = %s",
        (*params, str(ReminderState.PENDING), str(ReminderState.CANCELLED)),
    )


def plan(
    today: date,
    now: datetime,
    kinds: tuple[ReminderKind, ...] | None = None,
    object_id: int | None = None,
) -> PlanReport:
    """Write the ledger rows due ``today`` (a London date) at ``now`` for ``kinds`` (all by
    default), or only for record ``object_id`` of them. Safe to run any number of times, at
    once or one after another."""
    report = PlanReport()
    for kind in kinds or tuple(KINDS):
        spec = KINDS[kind]
        for stage in spec.stages:
            sql, params = insert_select_sql(_ledger_rows(spec, stage, today, now, object_id), spec)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                report.planned[(str(kind), str(stage.stage))] = max(cursor.rowcount, 0)
            report.statements += 1
    return report
