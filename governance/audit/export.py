"""The audit log as CSV: what the page shows for the same filters, every entry, streamed."""

from collections.abc import Iterator
from itertools import chain

from django.utils import timezone

from vpp_portal.exports import csv_chunks

from .query import AuditEntry, AuditQuery, iter_entries

HEADER = ("When", "Who", "Register", "Record ID", "Record", "Action", "What changed", "Reason")


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


def csv_lines(query: AuditQuery) -> Iterator[bytes]:
    """The CSV, in pieces of about 64 KB; cells a spreadsheet would run as formulas are neutralised
    (``vpp_portal.exports``)."""
    yield from csv_chunks(chain([HEADER], map(csv_row, iter_entries(query))))
