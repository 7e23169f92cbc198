"""Reading the audit log: history rows of every audited register, newest first.

A page is found in two steps so that its cost does not grow with the history:

1. the *keys* of the page's entries, ``(history_date, register, history_id)``: one query on
   one history table, or a ``UNION ALL`` of one select per table, ordered by the key and
   limited to the page (on PostgreSQL each select is ordered and limited too, so each walks
   its ``history_date`` index only as far as the page needs);
2. for each register present on the page, one query for its rows and the version before each
   (the diff is against it), then the History tab's own diff (``vpp_portal.history``), and
   the current records for their names and links.

Pages are keyset-paginated on the key: "older" and "newer" continue from a cursor, so there is
never an ``OFFSET`` over the history nor a count of a whole history table.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import NoReverseMatch

from accounts.models import User
from vpp_portal.history import HistoryEntry, history_entries_by_row

from .registry import AuditedModel, audited_model, audited_models

#: The action filter's values, as simple-history records them.
ACTION_TYPES = {"created": "+", "changed": "~", "deleted": "-"}

PAGE_SIZE = 50
#: Entries resolved at a time by the CSV export.
EXPORT_BATCH = 500


@dataclass(frozen=True)
class AuditQuery:
    """What the audit log is filtered by; every part is optional."""

    #: Part of the name or e-mail address of who made the change.
    person: str = ""
    #: An audited register's key (``app_label.model_name``).
    register: str = ""
    #: The record's id (with ``register``).
    record_id: int | None = None
    #: Changes at or after ``since`` and before ``until`` (aware datetimes).
    since: datetime | None = None
    until: datetime | None = None
    #: ``+``, ``~`` or ``-``.
    action: str = ""

    def registers(self) -> tuple[AuditedModel, ...]:
        chosen = audited_model(self.register) if self.register else None
        return (chosen,) if chosen is not None else audited_models()


@dataclass(frozen=True, order=True)
class Cursor:
    """An entry's place in the log's order: newest first, then by register and history id."""

    at: datetime
    key: str
    history_id: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}|{self.key}|{self.history_id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor ``text`` names, or ``None`` for anything that is not one (a cursor
        edited by hand, or of a register no longer audited)."""
        parts = (text or "").split("|")
        if len(parts) != 3 or audited_model(parts[1]) is None:
            return None
        try:
            at = datetime.fromisoformat(parts[0])
            history_id = int(parts[2])
        except ValueError:
            return None
        if at.tzinfo is None or not 0 < history_id < 2**63:
            return None
        return cls(at, parts[1], history_id)


@dataclass
class AuditEntry:
    """One change in the log: the History tab's entry, with the register and record it is of."""

    cursor: Cursor
    register: AuditedModel
    record_id: Any
    record_label: str
    #: The record's page; empty when it was deleted or has no page of its own.
    record_url: str
    is_deleted: bool
    change: HistoryEntry = field(repr=False)


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    #: Where the "Newer" and "Older" links continue from (``None``: no such page).
    newer: Cursor | None
    older: Cursor | None


def audit_page(
    query: AuditQuery,
    *,
    older_than: Cursor | None = None,
    newer_than: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """One page of the log: the newest entries, or those just older or newer than a cursor."""
    if newer_than is not None:
        keys = _keys(query, newer_than=newer_than, limit=limit + 1)
        if len(keys) <= limit:  # back at the newest entries: show the first page whole
            return audit_page(query, limit=limit)
        keys = list(reversed(keys[:limit]))
        entries = resolve(keys)
        return AuditPage(entries, newer=keys[0], older=keys[-1])
    keys = _keys(query, older_than=older_than, limit=limit + 1)
    has_older = len(keys) > limit
    keys = keys[:limit]
    entries = resolve(keys)
    return AuditPage(
        entries,
        newer=keys[0] if older_than is not None and keys else None,
        older=keys[-1] if has_older else None,
    )


def iter_entries(query: AuditQuery, batch: int | None = None) -> Iterator[AuditEntry]:
    """Every entry the query selects, newest first, read in batches: the keys stream from
    the database (``.iterator()``) and each batch is resolved with a fixed number of queries,
    so an export of any size holds one batch in memory."""
    batch = batch or EXPORT_BATCH
    rows = _keys_queryset(query, older_than=None, newer_than=None, descending=True)
    keys = (Cursor(*row) for row in rows.iterator(chunk_size=batch))
    while chunk := list(islice(keys, batch)):
        yield from resolve(chunk)


# Step 1: the page's keys.


def _keys(
    query: AuditQuery,
    *,
    older_than: Cursor | None = None,
    newer_than: Cursor | None = None,
    limit: int,
) -> list[Cursor]:
    descending = newer_than is None
    rows = _keys_queryset(
        query, older_than=older_than, newer_than=newer_than, descending=descending, limit=limit
    )
    return [Cursor(*row) for row in rows[:limit]]


def _keys_queryset(
    query: AuditQuery,
    *,
    older_than: Cursor | None,
    newer_than: Cursor | None,
    descending: bool,
    limit: int | None = None,
) -> QuerySet[Any]:
    sign = "-" if descending else ""
    order = (f"{sign}history_date", f"{sign}audit_key", f"{sign}history_id")
    branches = [
        _branch(audited, query, older_than=older_than, newer_than=newer_than)
        for audited in query.registers()
    ]
    if len(branches) == 1:
        return branches[0].order_by(*order)
    if limit is not None and connection.features.supports_slicing_ordering_in_compound:
        branches = [
            branch.order_by(f"{sign}history_date", f"{sign}history_id")[:limit]
            for branch in branches
        ]
    else:  # SQLite allows no ORDER BY inside a compound select
        branches = [branch.order_by() for branch in branches]
    return branches[0].union(*branches[1:], all=True).order_by(*order)


def _branch(
    audited: AuditedModel,
    query: AuditQuery,
    *,
    older_than: Cursor | None,
    newer_than: Cursor | None,
) -> QuerySet[Any]:
    """One history table's select of the keys: the same three columns for every table."""
    rows: QuerySet[Any] = audited.history_model._default_manager.all()
    if query.person:
        term = query.person.strip()
        people = User.objects.filter(Q(full_name__icontains=term) | Q(email__icontains=term))
        rows = rows.filter(history_user_id__in=people.values("pk"))
    if query.record_id is not None:
        rows = rows.filter(**{audited.model._meta.pk.attname: query.record_id})
    if query.since is not None:
        rows = rows.filter(history_date__gte=query.since)
    if query.until is not None:
        rows = rows.filter(history_date__lt=query.until)
    if query.action:
        rows = rows.filter(history_type=query.action)
    if older_than is not None:
        rows = rows.filter(_beyond(older_than, audited.key, older=True))
    if newer_than is not None:
        rows = rows.filter(_beyond(newer_than, audited.key, older=False))
    return rows.annotate(audit_key=Value(audited.key, output_field=CharField())).values_list(
        "history_date", "audit_key", "history_id"
    )


def _beyond(cursor: Cursor, key: str, *, older: bool) -> Q:
    """The rows of register ``key`` after ``cursor`` in the log's order (``older``) or
    before it. The register is the same for a whole table, so the three-part comparison
    becomes a bound on ``history_date`` that its index serves."""
    before = "lt" if older else "gt"
    if key == cursor.key:
        return Q(**{f"history_date__{before}": cursor.at}) | Q(
            history_date=cursor.at, **{f"history_id__{before}": cursor.history_id}
        )
    # Among entries at the same moment, registers follow in descending key order.
    takes_ties = key < cursor.key if older else key > cursor.key
    return Q(**{f"history_date__{before}{'e' if takes_ties else ''}": cursor.at})


# Step 2: the entries behind the keys.


def resolve(keys: Sequence[Cursor]) -> list[AuditEntry]:
    """The entries for ``keys``, in their order: a fixed number of queries per register."""
    by_register: dict[str, list[int]] = {}
    for key in keys:
        by_register.setdefault(key.key, []).append(key.history_id)
    found: dict[tuple[str, int], AuditEntry] = {}
    for register_key, history_ids in by_register.items():
        audited = audited_model(register_key)
        if audited is not None:
            for entry in _register_entries(audited, history_ids):
                found[(register_key, entry.cursor.history_id)] = entry
    return [found[(k.key, k.history_id)] for k in keys if (k.key, k.history_id) in found]


def _register_entries(audited: AuditedModel, history_ids: list[int]) -> list[AuditEntry]:
    history = audited.history_model._default_manager
    pk_name = audited.model._meta.pk.attname
    # The version before each of the page's rows, for its diff.
    earlier = (
        history.filter(**{pk_name: OuterRef(pk_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    previous_ids = history.filter(history_id__in=history_ids).annotate(
        previous_id=Subquery(earlier)
    )
    records = list(
        history.filter(
            Q(history_id__in=history_ids) | Q(history_id__in=previous_ids.values("previous_id"))
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    wanted = set(history_ids)
    changes = {
        change.record.history_id: change
        for row_changes in history_entries_by_row(audited.model, records).values()
        for change in row_changes
        if change.record.history_id in wanted
    }
    row_ids = {getattr(change.record, pk_name) for change in changes.values()}
    labels = _record_labels(audited, row_ids)
    entries = []
    for history_id, change in changes.items():
        row_id = getattr(change.record, pk_name)
        label, url, is_deleted = labels.get(row_id, (f"#{row_id}", "", True))
        entries.append(
            AuditEntry(
                cursor=Cursor(change.at, audited.key, history_id),
                register=audited,
                record_id=row_id,
                record_label=label,
                record_url=url,
                is_deleted=is_deleted,
                change=change,
            )
        )
    return entries


def _label_relations(model: type[models.Model]) -> list[str]:
    """The foreign keys a record's name or address may read (its organisation, its
    agreement), fetched with the record instead of one query each."""
    hidden = set(getattr(model, "HISTORY_HIDDEN_FIELDS", ()))
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.name not in hidden
    ]


def _record_labels(
    audited: AuditedModel, row_ids: Iterable[Any]
) -> dict[Any, tuple[str, str, bool]]:
    """Each record's name, page and whether it was deleted: the current records in one query;
    for deleted ones, the name they had when deleted (their deletion row, one query)."""
    row_ids = set(row_ids)
    if not row_ids:
        return {}
    model = audited.model
    relations = _label_relations(model)
    labels: dict[Any, tuple[str, str, bool]] = {}
    for record in model._base_manager.filter(pk__in=row_ids).select_related(*relations):
        labels[record.pk] = (str(record), _url_of(record), False)
    missing = row_ids - labels.keys()
    if missing:
        pk_name = model._meta.pk.attname
        deletions = (
            audited.history_model._default_manager.filter(
                **{f"{pk_name}__in": missing}, history_type="-"
            )
            .select_related(*relations)
            .order_by("history_date", "history_id")
        )
        for row in deletions:  # the latest deletion of each row wins
            labels[getattr(row, pk_name)] = (str(_as_record(model, row, relations)), "", True)
    return labels


def _as_record(model: type[models.Model], row: Any, relations: list[str]) -> models.Model:
    """The record as its historical ``row`` had it, with the related rows fetched with it
    (simple-history's own ``instance`` would query excluded fields row by row)."""
    record = model(
        **{
            f.attname: getattr(row, f.attname)
            for f in model._meta.concrete_fields
            if hasattr(row, f.attname)
        }
    )
    for name in relations:
        if name in row._state.fields_cache:
            record._state.fields_cache[name] = row._state.fields_cache[name]
    return record


def _url_of(record: models.Model) -> str:
    get_url = getattr(record, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return str(get_url())
    except NoReverseMatch:  # a register without a page of its own
        return ""
