"""The audit log across every register: which history tables it reads (``registry``), one
keyset-paginated page of it or every entry for an export (``query``), and the CSV
(``export``). Read-only: nothing here writes history."""

from .query import (
    ACTION_TYPES,
    PAGE_SIZE,
    AuditEntry,
    AuditPage,
    AuditQuery,
    Cursor,
    audit_page,
    iter_entries,
)
from .registry import AuditedModel, audited_model, audited_models

__all__ = [
    "ACTION_TYPES",
    "PAGE_SIZE",
    "AuditEntry",
    "AuditPage",
    "AuditQuery",
    "AuditedModel",
    "Cursor",
    "audit_page",
    "audited_model",
    "audited_models",
    "iter_entries",
]
