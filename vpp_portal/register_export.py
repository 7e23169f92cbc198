"""A register's export: the list's rows, with its filter, its sort and its columns, as typed
cells read straight from a database iterator.

The columns come from the list's django-tables2 table, resolved once per export the way the
table resolves them for ``as_values()`` (a ``value_<column>`` method, else ``render_<column>``,
else the column's own ``value``; a choice reads as its label), so an export says what the list
says. But no table row objects are built: each record is read once from
``QuerySet.iterator(chunk_size=...)`` and turned into a list of cells, so the rate is that of the
database and the CSV writer, and memory stays flat however many rows. Dates stay dates (real date
cells in XLSX, ISO 8601 in CSV), flags read "Yes"/"No", an empty value is an empty cell, and in
XLSX downloaded at once the record's name links to its page (a background job's, past the
threshold, writes names as text: openpyxl holds every hyperlink in memory until the sheet closes).

Past ``EXPORT_JOB_THRESHOLD_ROWS`` rows the view hands the export to a background job; the app
that runs jobs (governance) fills :data:`EXPORT_JOBS` and calls :func:`write_register_export`
in its worker, which runs the same view, as the same user, with the same query string.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from inspect import Parameter, signature
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django_tables2 import Column, DateColumn, DateTimeColumn, Table
from django_tables2.columns.base import BoundColumn
from django_tables2.utils import A

from .exports import Link, csv_chunks, xlsx_file
from .interfaces import Slot
from .tables import LinkColumn

#: Records read from the database in one round trip (Django needs a chunk size for
#: ``prefetch_related`` to work with ``iterator()``).
CHUNK_SIZE = 2000
#: How often a background export reports its progress, in rows.
PROGRESS_EVERY = 1000
FORMATS = ("csv", "xlsx")

#: Values the writers take as they are (a flag is an int); anything else, a related record for
#: one, is written as its text.
PLAIN = (str, int, float, Decimal, date, Link)


class ExportJobStarter(Protocol):
    """Queue an export as a background job for ``actor``; returns its progress page's URL."""

    def __call__(self, *, actor: Any, params: dict[str, Any], title: str, row_count: int) -> str:
        """Queue it."""
        ...


EXPORT_JOBS: Slot[ExportJobStarter] = Slot(
    "vpp_portal.register_export.EXPORT_JOBS", filled_by="governance"
)


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its heading and how to read its cell from a record."""

    header: str
    cell: Callable[[Any], object]


#: The arguments django-tables2 may pass a ``render``/``value`` function.
_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


def _caller(function: Callable[..., Any]) -> Callable[[dict[str, Any]], Any] | None:
    """``function`` called with the arguments it names (worked out once, not per cell as
    django-tables2 does); ``None`` when it asks for one that is not on offer."""
    parameters = signature(function).parameters.values()
    if any(p.kind is Parameter.VAR_KEYWORD for p in parameters):
        return lambda arguments: function(**arguments)
    names = [p.name for p in parameters if p.kind is not Parameter.VAR_POSITIONAL]
    if any(name not in _ARGUMENTS for name in names):
        return None
    return lambda arguments: function(**{name: arguments[name] for name in names})


def _resolver(table: Table, bound: BoundColumn) -> Callable[[Any], Any]:
    """How the column's value is read from a record: the choice's label for a field with
    choices (as django-tables2 does), else the accessor; ``None`` when it cannot be read."""
    accessor = A(bound.accessor)
    bits = accessor.bits
    model = table._meta.model
    with_display = False
    if model is not None:
        try:
            field = accessor.get_field(model)
        except FieldDoesNotExist:
            field = None
        with_display = bool(getattr(field, "choices", None))
    *path, last = bits

    def resolve_value(record: Any) -> Any:
        current = record
        for bit in path:
            current = getattr(current, bit, None)
            if current is None:
                return None
        if with_display and isinstance(current, Model):
            return getattr(current, f"get_{last}_display")()
        if len(bits) > 1 or not isinstance(current, Model):
            return accessor.resolve(record, quiet=True)
        try:
            value = getattr(current, last)
        except (AttributeError, TypeError, ValueError):
            return None
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            value = None if getattr(value, "alters_data", False) else value()
        return value

    return resolve_value


def _value_function(table: Table, bound: BoundColumn) -> Callable[..., Any] | None:
    """The function django-tables2 would call for the export value, or ``None`` where the
    raw value is the cell: a plain column, or a date column (whose text the export replaces
    with a real date)."""
    name = bound.name
    for attribute in (f"value_{name}", f"render_{name}"):
        function = getattr(table, attribute, None)
        if function is not None:
            return function
    column = bound.column
    if isinstance(column, DateColumn | DateTimeColumn):
        return None
    kind = type(column)
    if kind.value is Column.value and kind.render is Column.render:
        return None
    return column.value


def _text(value: Any) -> object:
    if value is None or isinstance(value, PLAIN):
        return value
    return str(value)


def _column(table: Table, bound: BoundColumn, *, links: bool) -> ExportColumn:
    resolve_value = _resolver(table, bound)
    function = _value_function(table, bound)
    call = _caller(function) if function is not None else None
    empty_values = bound.column.empty_values
    fixed = {"column": bound.column, "bound_column": bound, "bound_row": None, "table": table}
    base_url = settings.PORTAL_BASE_URL.rstrip("/")
    link = links and isinstance(bound.column, LinkColumn)

    def cell(record: Any) -> object:
        value = resolve_value(record)
        if value in empty_values:
            return None
        if function is not None:
            value = call({"value": value, "record": record, **fixed}) if call else None
        value = _text(value)
        if link and value not in (None, ""):
            return Link(str(value), base_url + record.get_absolute_url())
        return value

    return ExportColumn(str(bound.header), cell)


def export_columns(table: Table, *, links: bool = False) -> list[ExportColumn]:
    """The table's columns as an export shows them: every column (hidden ones too) not
    excluded from exports, in the table's order; ``links``: the record's name column as a
    link to its page (XLSX)."""
    return [
        _column(table, bound, links=links)
        for bound in table.columns.iterall()
        if not bound.column.exclude_from_export
    ]


def export_rows(
    table: Table, *, links: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[object]]:
    """The heading row, then one row of typed cells per record of the table's (filtered,
    sorted) queryset, read ``chunk_size`` records at a time."""
    columns = export_columns(table, links=links)
    yield [column.header for column in columns]
    cells = [column.cell for column in columns]
    queryset: QuerySet[Any] = table.data.data
    for record in queryset.iterator(chunk_size=chunk_size):
        yield [cell(record) for cell in cells]


def write_export(
    rows: Iterator[list[object]],
    fmt: str,
    target: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` (a heading row first) to ``target`` as CSV or XLSX; returns the number
    of records written. ``progress(records so far)`` is called every ``PROGRESS_EVERY``."""
    count = 0

    def counted() -> Iterator[list[object]]:
        nonlocal count
        yield next(rows)
        for count, row in enumerate(rows, start=1):  # read after the loop
            yield row
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)

    if fmt == "xlsx":
        xlsx_file(counted(), target)
    else:
        for chunk in csv_chunks(counted()):
            target.write(chunk)
    return count


def export_job_params(
    request: HttpRequest, fmt: str, *, filename: str, permission: Sequence[str], list_url: str
) -> dict[str, Any]:
    """What a background export needs to run the same export again: the view (by URL name
    and arguments), the query string (filters and sort), the format and the file's name; and
    for its pages, the permission its download needs and the list it came from."""
    match = request.resolver_match
    assert match is not None  # a view's request has been resolved
    return {
        "view": match.view_name,
        "kwargs": dict(match.kwargs),
        "query": request.GET.urlencode(),
        "format": fmt,
        "filename": filename,
        "permission": list(permission),
        "list_url": list_url,
    }


@dataclass(frozen=True)
class Export:
    """A register export about to be written: its rows (a heading row first) and how many."""

    rows: Iterator[list[object]]
    count: int


def rerun_export(user: Any, params: Mapping[str, Any]) -> Export:
    """The export ``params`` describes (see :func:`export_job_params`), run again as ``user``:
    the same view, its access check, its ``visible_to(user)`` and its filters and sort.

    Raises ``PermissionDenied`` when the user may no longer see the register.
    """
    path = reverse(params["view"], kwargs=params["kwargs"])
    match = resolve(path)
    view_class: Any = match.func.view_class  # type: ignore[attr-defined]
    view = view_class(**match.func.view_initkwargs)  # type: ignore[attr-defined]
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(params["query"])
    request.user = user
    request.resolver_match = match
    view.setup(request, *match.args, **match.kwargs)
    if not view.has_permission():
        raise PermissionDenied("The requester may no longer see this register.")
    table = view.export_table()
    # A background job's workbook has more rows than EXPORT_JOB_THRESHOLD_ROWS: its names are
    # plain text, since openpyxl keeps every hyperlink in memory until the sheet is closed
    # (measured: 100,000 rows peaked at 233 MB with links, 131 MB without).
    return Export(
        rows=export_rows(table, links=False),
        count=view.object_list.count(),
    )
