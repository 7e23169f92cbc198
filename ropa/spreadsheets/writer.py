"""The export: every activity's row as the text its cells show, under the header block, as
XLSX or CSV (``vpp_portal.exports`` writes and guards the cells)."""

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from django.db.models import Prefetch, QuerySet

from sharing.models import RoleHolder
from sharing.selectors import current_dpo
from vpp_portal.exports import CellStyle, csv_bytes, xlsx_bytes

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

#: Where ``for_export`` puts each relation's prefetched rows on an activity.
EXPORT_PREFIX = "ico_export_"


#: How a cell's text is read: from an activity, given the site's address (for links).
CellGetter = Callable[[ProcessingActivity, str], str]


def _cell_getter(column: SheetColumn) -> CellGetter:
    """How one column's cell text is read from an activity (chosen once, used per row)."""
    name, attr, kind = column.field, column.related_attr, kind_of(column)
    if column.derive is not None:
        return column.derive
    labels = {key: str(label) for key, label in _field(name).flatchoices or ()}

    def many(activity: ProcessingActivity, base_url: str) -> str:
        return "; ".join(str(getattr(row, attr)) for row in _linked(activity, name))

    def one(activity: ProcessingActivity, base_url: str) -> str:
        row = getattr(activity, name)
        return "" if row is None else str(getattr(row, attr))

    def yes_no(activity: ProcessingActivity, base_url: str) -> str:
        return "Yes" if getattr(activity, name) else "No"

    def iso_date(activity: ProcessingActivity, base_url: str) -> str:
        value = getattr(activity, name)
        return "" if value is None else value.isoformat()

    def label(activity: ProcessingActivity, base_url: str) -> str:
        value = getattr(activity, name)
        return labels.get(value, value or "")

    def text(activity: ProcessingActivity, base_url: str) -> str:
        return getattr(activity, name) or ""

    getters: dict[str, CellGetter] = {
        MANY: many,
        ONE: one,
        YESNO: yes_no,
        DATE: iso_date,
        CHOICE: label,
        TEXT: text,
    }
    return getters[kind]


def _linked(activity: ProcessingActivity, name: str) -> Iterable[Any]:
    """An activity's rows of one relation: the plain list ``for_export`` prefetched, else the
    relation (prefetched by ``with_related()`` or not)."""
    rows = activity.__dict__.get(f"{EXPORT_PREFIX}{name}")
    return getattr(activity, name).all() if rows is None else rows


def for_export(activities: QuerySet[ProcessingActivity]) -> QuerySet[ProcessingActivity]:
    """``activities`` with each many-to-many relation prefetched as a plain list of only the
    columns a cell shows.

    Same queries as ``with_related()``'s prefetches, one per relation, but Django then builds
    no manager and queryset per activity and relation, which for a whole register is most
    of the export's time.
    """
    prefetches = []
    for column in COLUMNS:
        if kind_of(column) == MANY:
            model = _field(column.field).related_model
            prefetches.append(
                Prefetch(
                    column.field,
                    queryset=model._default_manager.only("pk", column.related_attr),
                    to_attr=f"{EXPORT_PREFIX}{column.field}",
                )
            )
    if any(kind_of(column) == DERIVED for column in COLUMNS):
        # Columns 22 and 23: the linked DPIAs, with only what their cells show.
        dpia_model = ProcessingActivity._meta.get_field("dpias").related_model
        prefetches.append(
            Prefetch(
                "dpias",
                queryset=dpia_model._default_manager.only(  # type: ignore[union-attr]
                    "pk", "reference", "revision", "title", "status"
                ),
            )
        )
    return activities.prefetch_related(None).prefetch_related(*prefetches)


@cache
def _getters() -> tuple[CellGetter, ...]:
    return tuple(_cell_getter(column) for column in COLUMNS)


def activity_cells(activity: ProcessingActivity, base_url: str = "") -> list[str]:
    """One activity's row, in ``COLUMNS`` order, as the text each cell shows. ``base_url`` (the
    site's address) makes the links to DPIAs absolute; without it they give the DPIA's title."""
    return [getter(activity, base_url) for getter in _getters()]


def header_block(
    controller: ControllerDetails | None, dpo: RoleHolder | None = None
) -> list[list[str]]:
    """The controller, DPO and representative rows: label, name, address, e-mail, phone.
    The DPO's row is ``dpo``'s (the current DPO on the role-holder register)."""
    parts = ("name", "address", "email", "phone")
    rows = []
    for label, prefix in HEADER_BLOCK:
        if prefix == "dpo":
            cells = [str(getattr(dpo, part) or "") if dpo else "" for part in parts]
        else:
            cells = [
                str(getattr(controller, f"{prefix}_{part}") or "") if controller else ""
                for part in parts
            ]
        rows.append([label, *cells])
    return rows


def ico_rows(
    activities: Iterable[ProcessingActivity],
    controller: ControllerDetails | None,
    base_url: str = "",
    dpo: RoleHolder | None = None,
) -> Iterator[list[str]]:
    """Every row of the export as text: header block, blank row, headings, activities."""
    yield from header_block(controller, dpo)
    yield []
    yield [column.heading for column in COLUMNS]
    for activity in activities:
        yield activity_cells(activity, base_url)


def _line_breaks(value: str) -> str:
    # Spreadsheets keep "\n" in a cell; a "\r" would not survive the XML, so none is written.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _xlsx_value(value: str) -> str | None:
    """A cell's text as written to the workbook (the writer then guards it): empty cells
    are left out."""
    return _line_breaks(value) if value else None


def _xlsx_style(row: int, column: int) -> CellStyle | None:
    """Bold labels in the header block; bold, wrapped headings."""
    if row == HEADING_ROW:
        return HEADING
    return LABEL if row < HEADING_ROW and column == 1 else None


LABEL = CellStyle(bold=True)
HEADING = CellStyle(bold=True, wrap=True)


def write_xlsx(rows: Iterable[list[str]]) -> bytes:
    """The rows of ``ico_rows`` as a workbook: bold headings, frozen panes, set widths."""
    return xlsx_bytes(
        ([_xlsx_value(value) for value in row] for row in rows),
        "ROPA",
        widths=[column.width for column in COLUMNS],
        freeze_panes=f"B{HEADING_ROW + 1}",  # headings and names stay in view
        style=_xlsx_style,
    )


def write_csv(rows: Iterable[list[str]]) -> bytes:
    """The same rows as CSV (UTF-8 with a byte-order mark, so Excel reads the accents)."""
    return csv_bytes([_line_breaks(value) for value in row] for row in rows)


def export_ico(activities: QuerySet[ProcessingActivity], fmt: str, base_url: str = "") -> bytes:
    """The ICO-layout export of ``activities`` (filtered, ``with_related()``) as xlsx or csv;
    ``base_url`` is the site's address, for the links to the DPIAs.

    The same queries however many rows: the activities with their foreign keys, one per
    many-to-many relation (the linked DPIAs too), the controller header and the current DPO.
    """
    controller = ControllerDetails.objects.first()
    rows = ico_rows(for_export(activities), controller, base_url, dpo=current_dpo())
    return write_xlsx(rows) if fmt == "xlsx" else write_csv(rows)
