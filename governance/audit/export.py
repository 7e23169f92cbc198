"""The audit log as CSV: what the page shows for the same filters, every entry, streamed."""

import csv
from collections.abc import Iterator

from django.utils import timezone

from vpp_portal.registers import _safe_cell

from .query import AuditEntry, AuditQuery, iter_entries

HEADER = ("When", "Who", "Register", "Record ID", "Record", "Action", "What changed", "Reason")


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def changes_text(entry: AuditEntry) -> str:
    """The entry's field differences as the History tab words them, on one line."""
    change = entry.change
    if change.is_creation:
        return "; ".join(f"{c.label}: {c.new}" for c in change.changes)
    return "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)


def csv_row(entry: AuditEntry) -> list[str]:
    change = entry.change
    record = f"{entry.record_label} (deleted)" if entry.is_deleted else entry.record_label
    return [
        timezone.localtime(change.at).isoformat(timespec="seconds"),
        str(change.user) if change.user is not None else "System",
        entry.register.label,
        str(entry.record_id),
        record,
        change.action,
        changes_text(entry),
        change.reason,
    ]


def csv_lines(query: AuditQuery) -> Iterator[str]:
    """The CSV, line by line; cells a spreadsheet would run as formulas are neutralised by
    the registers' own export guard."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(HEADER)
    for entry in iter_entries(query):
        yield writer.writerow([_safe_cell(value) for value in csv_row(entry)])
