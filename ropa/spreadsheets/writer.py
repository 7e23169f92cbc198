"""The export: the header block, the headings and one row per activity, as XLSX or CSV
(``vpp_portal.exports`` writes and guards the cells), built in one pass over the activities.

The activities are read as plain values, ``CHUNK_SIZE`` at a time (a server-side cursor on
PostgreSQL); each chunk's many-to-many links and linked DPIAs come in one query per relation
for that chunk's activities only. So the export runs the same queries for 1 or 2,000
activities, builds no model instance per activity, and holds one chunk at a time however long
the register is.

Cells: text as it is (Windows line breaks made the spreadsheet's own), choices as their labels,
yes/no as "Yes"/"No", dates as dates (date cells in XLSX, ISO 8601 in CSV), relations as names
joined by "; ". The "Link to …" columns link to where the record is: in XLSX a clickable
hyperlink showing the cell's text (the linked record's page in the portal, or the activity's
own page when it names several, or the address the cell holds); in CSV each name followed by
the address of its page.
"""

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.db.models import F, Lookup, Model, QuerySet
from django.urls import reverse

from sharing.models import RoleHolder
from sharing.selectors import current_dpo
from vpp_portal.exports import CellStyle, Link, csv_chunks, xlsx_file

from ..ico import counting, dpia_label, progress_of
from ..models import ControllerDetails, ProcessingActivity
from .columns import (
    CHOICE,
    COLUMNS,
    DATE,
    DERIVED,
    HEADER_BLOCK,
    HEADING_ROW,
    MANY,
    ONE,
    TEXT,
    YESNO,
    SheetColumn,
    _field,
    kind_of,
)

#: Activities read per round of queries (one round: the activities' values, then one query
#: per many-to-many relation and one for the linked DPIAs).
CHUNK_SIZE = 2000
#: Excel's limit of hyperlinks in one worksheet: past it, a link cell shows its text only.
#: It also bounds memory, since a workbook's hyperlinks are written after its rows.
MAX_HYPERLINKS = 65_530

#: What one cell holds: text, a date, a hyperlink, or nothing.
Cell = str | date | Link | None
#: The activity's values as fetched (``_fetched_fields`` order) and its chunk's relations.
CellGetter = Callable[[tuple[Any, ...], "_Chunk"], Cell]


@dataclass
class _Chunk:
    """What one chunk of activities links to, by activity pk: each many-to-many relation's
    ``(text, related pk)`` pairs in the related table's order, and the linked DPIAs."""

    links: dict[str, dict[int, list[tuple[str, int]]]]
    dpias: dict[int, list[Any]]


@dataclass
class _Links:
    """How one export writes its link cells: XLSX hyperlinks (at most ``MAX_HYPERLINKS``), or
    CSV text that names each address."""

    hyperlinks: bool
    base_url: str = field(default_factory=lambda: str(settings.PORTAL_BASE_URL).rstrip("/"))
    made: int = 0
    #: Pages of agreements and policies, which many activities share.
    pages: dict[tuple[type[Model], int], str] = field(default_factory=dict)

    def page(self, model: type[Model], pk: int) -> str:
        """The absolute address of a shared record's page (built once per record)."""
        url = self.pages.get((model, pk))
        if url is None:
            url = self.pages[(model, pk)] = self.base_url + model(pk=pk).get_absolute_url()  # type: ignore[attr-defined]
        return url

    def activity_page(self, pk: int) -> str:
        return self.base_url + reverse("ropa:processingactivity_detail", kwargs={"pk": pk})

    def records(self, named: list[tuple[str, str]], activity_pk: int) -> Cell:
        """A cell naming linked records (``(text, page)`` pairs): one hyperlink to the one
        record's page, or to the activity's page, which links each of several."""
        if not named:
            return None
        if not self.hyperlinks:
            return "; ".join(f"{text} {url}" for text, url in named)
        text = "; ".join(text for text, _url in named)
        return self.link(text, named[0][1] if len(named) == 1 else self.activity_page(activity_pk))

    def address(self, text: str | None) -> Cell:
        """A cell whose text may be a web address (``https://…``): a hyperlink to it."""
        if text and self.hyperlinks and text.startswith(("https://", "http://")):
            return self.link(text, text)
        return text

    def link(self, text: str, url: str) -> Cell:
        if self.made >= MAX_HYPERLINKS:
            return text
        self.made += 1
        return Link(text, url)


def _text(value: str | None) -> str | None:
    # Spreadsheets keep "\n" in a cell; a "\r" would not survive the XML, so none is written.
    if not value:
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


# --- reading the activities --------------------------------------------------------------------


@cache
def _fetched_fields() -> tuple[str, ...]:
    """The values read for each activity: its pk, each stored cell, and for a foreign key the
    related row's shown attribute and its pk."""
    names = ["pk"]
    for column in COLUMNS:
        kind = kind_of(column)
        if kind == ONE:
            names += [f"{column.field}__{column.related_attr}", f"{column.field}_id"]
        elif kind in (TEXT, CHOICE, YESNO, DATE):
            names.append(column.field)
    return tuple(names)


def _ordering(model: type[Model], prefix: str) -> list[str]:
    """``model``'s default ordering, seen from a table that joins it as ``prefix``."""
    return [
        f"-{prefix}__{name[1:]}" if name.startswith("-") else f"{prefix}__{name}"
        for name in model._meta.ordering or ()
        if isinstance(name, str)
    ] + [f"{prefix}_id"]


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """``column IN (the chunk's pks)``, sent to PostgreSQL as one array parameter
    (``= ANY(%s)``). Django's ``__in`` prepares and quotes each of 2,000 values apart, for each
    of eight queries a chunk: about half the CSV export's time, measured."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, [int(value) for value in self.rhs])


def _chunk(ids: list[int]) -> _Chunk:
    """The relations of the activities ``ids``: one query per relation."""
    links: dict[str, dict[int, list[tuple[str, int]]]] = {}
    for column in COLUMNS:
        if kind_of(column) != MANY:
            continue
        relation = _field(column.field)
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = (
            relation.remote_field.through._default_manager.filter(_AnyOf(F(f"{source}_id"), ids))
            .order_by(*_ordering(relation.related_model, target))
            .values_list(f"{source}_id", f"{target}__{column.related_attr}", f"{target}_id")
        )
        by_activity: dict[int, list[tuple[str, int]]] = {}
        for activity_pk, text, pk in rows:
            by_activity.setdefault(activity_pk, []).append((str(text), pk))
        links[column.field] = by_activity
    # Columns 22 and 23: the linked DPIAs, newest first, with only what their cells show.
    dpia_field: Any = ProcessingActivity._meta.get_field("dpias").remote_field  # Dpia.activities
    source, target = dpia_field.m2m_reverse_field_name(), dpia_field.m2m_field_name()
    dpias: dict[int, list[Any]] = {}
    for row in (
        dpia_field.remote_field.through._default_manager.filter(_AnyOf(F(f"{source}_id"), ids))
        .select_related(target)
        .only(
            source, *(f"{target}__{name}" for name in ("reference", "revision", "title", "status"))
        )
        .order_by(*_ordering(dpia_field.model, target))
    ):
        dpias.setdefault(getattr(row, f"{source}_id"), []).append(getattr(row, target))
    return _Chunk(links, dpias)


# --- the cells -----------------------------------------------------------------------------------


def _getter(column: SheetColumn, at: dict[str, int], links: _Links) -> CellGetter:
    """How one column's cell is made from an activity's values (chosen once per export)."""
    name, kind = column.field, kind_of(column)
    if kind == DERIVED:
        return _derived_getter(column, links)
    if kind == MANY:
        model = _field(name).related_model

        def many(values: tuple[Any, ...], chunk: _Chunk) -> Cell:
            rows = chunk.links[name].get(values[0])
            if not rows:
                return None
            if column.is_link:
                return links.records([(t, links.page(model, pk)) for t, pk in rows], values[0])
            return "; ".join(text for text, _pk in rows)

        return many
    if kind == ONE:
        text_at, pk_at, model = (
            at[f"{name}__{column.related_attr}"],
            at[f"{name}_id"],
            _field(name).related_model,
        )

        def one(values: tuple[Any, ...], chunk: _Chunk) -> Cell:
            text = values[text_at]
            if text is None:
                return None
            if column.is_link:
                return links.records([(str(text), links.page(model, values[pk_at]))], values[0])
            return str(text)

        return one
    index = at[name]
    if kind == YESNO:
        return lambda values, chunk: "Yes" if values[index] else "No"
    if kind == DATE:
        return lambda values, chunk: values[index]
    if kind == CHOICE:
        labels = {key: str(label) for key, label in _field(name).flatchoices}
        return lambda values, chunk: labels.get(values[index]) or values[index] or None
    if column.is_link:
        return lambda values, chunk: links.address(_text(values[index]))
    return lambda values, chunk: _text(values[index])


def _derived_getter(column: SheetColumn, links: _Links) -> CellGetter:
    """Columns 22 and 23, from the activity's linked DPIAs (``ropa.ico``)."""

    def progress(values: tuple[Any, ...], chunk: _Chunk) -> Cell:
        return progress_of(counting(chunk.dpias.get(values[0], ())))

    def dpia_pages(values: tuple[Any, ...], chunk: _Chunk) -> Cell:
        named = [
            (dpia_label(dpia), links.base_url + dpia.get_absolute_url())
            for dpia in counting(chunk.dpias.get(values[0], ()))
        ]
        return links.records(named, values[0])

    getters = {"dpia_progress": progress, "dpia_link": dpia_pages}
    if column.field not in getters:
        raise ValueError(f"The export does not know how to derive {column.field!r}")
    return getters[column.field]


def activity_rows(
    activities: QuerySet[ProcessingActivity], *, hyperlinks: bool
) -> Iterator[list[Cell]]:
    """One row per activity, in ``COLUMNS`` order and the queryset's order; ``hyperlinks``
    for XLSX (link cells as hyperlinks), else CSV text."""
    at = {name: index for index, name in enumerate(_fetched_fields())}
    links = _Links(hyperlinks)
    getters = [_getter(column, at, links) for column in COLUMNS]
    values = (
        activities.prefetch_related(None)
        .values_list(*_fetched_fields())
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while rows := list(islice(values, CHUNK_SIZE)):
        chunk = _chunk([row[0] for row in rows])
        for row in rows:
            yield [getter(row, chunk) for getter in getters]


def header_block(
    controller: ControllerDetails | None, dpo: RoleHolder | None = None
) -> list[list[Cell]]:
    """The controller, DPO and representative rows: label, name, address, e-mail, phone.
    The DPO's row is ``dpo``'s (the current DPO on the role-holder register)."""
    parts = ("name", "address", "email", "phone")
    rows: list[list[Cell]] = []
    for label, prefix in HEADER_BLOCK:
        if prefix == "dpo":
            cells = [str(getattr(dpo, part) or "") if dpo else "" for part in parts]
        else:
            cells = [
                str(getattr(controller, f"{prefix}_{part}") or "") if controller else ""
                for part in parts
            ]
        rows.append([label, *(_text(cell) for cell in cells)])
    return rows


def ico_rows(activities: QuerySet[ProcessingActivity], *, hyperlinks: bool) -> Iterator[list[Cell]]:
    """Every row of the export: header block, blank row, headings, activities."""
    yield from header_block(ControllerDetails.objects.first(), current_dpo())
    yield []
    yield [column.heading for column in COLUMNS]
    yield from activity_rows(activities, hyperlinks=hyperlinks)


# --- the files -----------------------------------------------------------------------------------


def _xlsx_style(row: int, column: int) -> CellStyle | None:
    """Bold labels in the header block; bold, wrapped headings."""
    if row == HEADING_ROW:
        return HEADING
    return LABEL if row < HEADING_ROW and column == 1 else None


LABEL = CellStyle(bold=True)
HEADING = CellStyle(bold=True, wrap=True)


def write_xlsx(rows: Iterable[Sequence[Cell]], target: IO[bytes]) -> int:
    """The rows of ``ico_rows`` as a workbook written to ``target``: bold headings, frozen
    panes, set widths. Returns the number of rows written."""
    return xlsx_file(
        rows,
        target,
        "ROPA",
        widths=[column.width for column in COLUMNS],
        freeze_panes=f"B{HEADING_ROW + 1}",  # headings and names stay in view
        style=_xlsx_style,
    )


def write_csv(rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """The same rows as CSV, in pieces for a streaming response (UTF-8 with a byte-order
    mark, so Excel reads the accents)."""
    return csv_chunks(rows)


def export_ico(activities: QuerySet[ProcessingActivity], fmt: str) -> bytes:
    """The ICO-layout export of ``activities`` (filtered) as xlsx or csv, in memory: for
    tests and the benchmark; the export view streams it instead.

    The same queries for up to ``CHUNK_SIZE`` rows: the controller header, the current DPO,
    the activities with their foreign keys, one per many-to-many relation and the linked DPIAs.
    """
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(ico_rows(activities, hyperlinks=True), buffer)
        return buffer.getvalue()
    return b"".join(write_csv(ico_rows(activities, hyperlinks=False)))
