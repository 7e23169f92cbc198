"""Turning django-simple-history rows into what a History tab shows.

Each entry says when, who, what kind of change and why, and lists every changed field as
old → new, with choices shown by label and related rows by name. Related names are fetched
in one query per foreign key, so the page's query count does not grow with its length.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone
from simple_history.models import HistoricalRecords

from .display import EMPTY, yes_no

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: Any
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    record: Any = None
    #: Which part of the record the entry is about, when it is a row that belongs to it (one
    #: of an agreement's parties); empty for the record's own changes.
    subject: str = ""

    @property
    def is_creation(self) -> bool:
        """The row's first version: its fields are shown as set, not as old → new."""
        return getattr(self.record, "history_type", None) == "+"


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    hidden = set(getattr(model, "HISTORY_HIDDEN_FIELDS", ()))
    # Fields the history leaves out (a user's password) have no old or new value to show.
    history = getattr(model, "history", None)
    recorded = {f.name for f in history.model.tracked_fields} if history is not None else None
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden and not f.primary_key and (recorded is None or f.name in recorded)
    ]


def _display(field_: models.Field, value: Any, related: dict[str, dict[Any, Any]]) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):  # a list of codes: each by its label where the model names them
        labels = getattr(field_.model, "HISTORY_LIST_LABELS", {}).get(field_.name, {})
        return "; ".join(str(labels.get(item, item)) for item in value)
    if isinstance(field_, models.ForeignKey):
        obj = related.get(field_.name, {}).get(value)
        return str(obj) if obj is not None else f"(removed record #{value})"
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _related_objects(
    fields: Sequence[models.Field], records: Iterable[Any]
) -> dict[str, dict[Any, Any]]:
    records = list(records)
    related: dict[str, dict[Any, Any]] = {}
    for f in fields:
        if not isinstance(f, models.ForeignKey):
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            related[f.name] = f.related_model._base_manager.in_bulk(ids)
    return related


def _links_by_version(
    model: type[models.Model], records: list[Any]
) -> list[tuple[str, dict[Any, list[str]]]]:
    """For each many-to-many field the history tracks: its label and, per historical version,
    the names linked then (one query per field, whatever the number of versions)."""
    if not records:
        return []
    result = []
    for link in getattr(records[0], "_history_m2m_fields", ()):
        history_model = HistoricalRecords.m2m_models[link]
        target = link.m2m_reverse_field_name()
        by_version: dict[Any, list[str]] = {r.history_id: [] for r in records}
        rows = history_model.objects.filter(history__in=records).select_related(target)
        for row in rows:
            by_version[row.history_id].append(str(getattr(row, target)))
        for names in by_version.values():
            names.sort()
        result.append((str(link.verbose_name).capitalize(), by_version))
    return result


def history_entries(instance: models.Model) -> list[HistoryEntry]:
    """Every historical version of ``instance``, newest first, with field-by-field changes."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    )
    return history_entries_by_row(type(instance), records).get(instance.pk, [])


def history_entries_by_row(
    model: type[models.Model], records: list[Any]
) -> dict[Any, list[HistoryEntry]]:
    """Historical ``records`` of any number of rows of ``model`` (newest first, with their
    ``history_user``), as each row's entries by its primary key. Related names are fetched
    once for all the rows, so a page listing many rows' histories (deleted ones too) runs the
    same queries as one row's."""
    fields = _tracked_fields(model)
    related = _related_objects(fields, records)
    links = _links_by_version(model, records)
    by_row: dict[Any, list[Any]] = {}
    for record in records:
        by_row.setdefault(getattr(record, model._meta.pk.attname), []).append(record)
    return {row: _entries(rows, fields, related, links) for row, rows in by_row.items()}


def _entries(
    records: list[Any],
    fields: list[models.Field],
    related: dict[str, dict[Any, Any]],
    links: list[tuple[str, dict[Any, list[str]]]],
) -> list[HistoryEntry]:
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if previous is not None and old == new:
                continue
            if previous is None and new in (None, ""):
                continue
            changes.append(
                FieldChange(
                    label=str(f.verbose_name).capitalize(),
                    old=_display(f, old, related),
                    new=_display(f, new, related),
                )
            )
        for label, by_version in links:
            now = by_version.get(record.history_id, [])
            before = by_version.get(previous.history_id, []) if previous is not None else []
            if now != before:
                changes.append(
                    FieldChange(
                        label=label, old=", ".join(before) or EMPTY, new=", ".join(now) or EMPTY
                    )
                )
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
                record=record,
            )
        )
    return entries


#: How a row that belongs to a record is said to change, among the record's own changes.
PART_VERBS = {"+": "added", "~": "changed", "-": "removed"}


def part_history_entries(
    model: type[models.Model],
    records: list[Any],
    *,
    name: str,
    subject: Callable[[Any], str],
    leave_out: tuple[str, ...] = (),
) -> list[HistoryEntry]:
    """History entries of rows that belong to a record (an agreement's parties), to show in the
    record's own History tab: the action says which part and what happened ("Party added"),
    ``subject`` names the row as it was then, and changes to the fields labelled ``leave_out``
    (the link back to the record, which the page already says) are left out."""
    entries = []
    for row_entries in history_entries_by_row(model, records).values():
        for entry in row_entries:
            kind = entry.record.history_type
            entry.action = f"{name} {PART_VERBS.get(kind, kind)}"
            entry.subject = subject(entry.record)
            entry.changes = [c for c in entry.changes if c.label not in leave_out]
            entries.append(entry)
    return entries


def merged_history(*groups: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """Entries of a record and of its parts as one list, newest first (entries saved at the
    same moment keep the order they were given in)."""
    return sorted((entry for group in groups for entry in group), key=lambda e: e.at, reverse=True)
