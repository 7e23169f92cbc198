"""Every CSV and XLSX the portal writes: one formula guard, one CSV writer, one XLSX writer.

Cells a spreadsheet would run as a formula are neutralised (CSV injection) by
:func:`safe_cell`, which every writer here applies to every string cell. CSV is UTF-8 with a
byte-order mark, so Excel reads the accents; XLSX is written with openpyxl's write-only
workbook, straight from the rows' iterator, so memory stays flat however many rows.

A cell value reads the same in both formats: ``None`` is an empty cell, a flag is "Yes" or
"No", a date is a date (a real date cell in XLSX, ISO 8601 in CSV) and a :class:`Link` is a
clickable hyperlink in XLSX and its address in CSV. Aware datetimes are written in the
portal's time zone, since a spreadsheet cell has none of its own.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from os import PathLike
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .display import yes_no

#: What a cell may start with for a spreadsheet to run it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object) -> object:
    """``value`` as a cell no spreadsheet runs as a formula: a string that starts with
    ``= + - @``, a tab or a carriage return gets one leading apostrophe; anything else is
    returned as it is.

    The stricter of the portal's two former rules: apostrophes already in front are looked
    past (``"'=1+1"`` is guarded too, becoming ``"''=1+1"``), so a reader that strips exactly
    one apostrophe again (``ropa.spreadsheets.unguard_cell``) gets every string back as it was.
    """
    if isinstance(value, str) and value.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere: XLSX shows ``text`` as a clickable hyperlink, CSV (which
    cannot link) writes the absolute ``url``."""

    text: str
    url: str


#: How date and date-time cells are shown in XLSX.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _local(value: datetime) -> datetime:
    """``value`` as a wall-clock time in the portal's time zone, without a zone (XLSX has
    none; CSV readers expect the time people saw on the page)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def csv_value(value: object) -> object:
    """One cell as CSV writes it: "Yes"/"No" for a flag, ISO 8601 for a date or date-time,
    the address of a :class:`Link`, empty for ``None``; through :func:`safe_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Link):
        return safe_cell(value.url)
    return safe_cell(value)


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The CSV of ``rows``, one encoded line at a time, the first one starting with the
    byte-order mark; every cell through :func:`csv_value`."""
    writer = csv.writer(_Line())
    prefix = BOM
    for row in rows:
        line = writer.writerow([csv_value(value) for value in row])
        yield (prefix + line).encode("utf-8")
        prefix = ""


def csv_chunks(rows: Iterable[Sequence[object]], size: int = 64 * 1024) -> Iterator[bytes]:
    """:func:`csv_rows` gathered into pieces of about ``size`` bytes: what a streaming
    response sends, so the server writes a few large blocks rather than one per row."""
    pending: list[bytes] = []
    length = 0
    for line in csv_rows(rows):
        pending.append(line)
        length += len(line)
        if length >= size:
            yield b"".join(pending)
            pending, length = [], 0
    if pending or length == 0:
        yield b"".join(pending) or BOM.encode("utf-8")


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """The whole CSV of ``rows`` (see :func:`csv_rows`)."""
    body = b"".join(csv_rows(rows))
    return body or BOM.encode("utf-8")


@dataclass(frozen=True)
class CellStyle:
    """How one XLSX cell is set off: bold, wrapped and aligned to the top."""

    bold: bool = False
    wrap: bool = False


#: Which cells are styled: ``style(row number, column number)``, both from 1.
StyleOf = Callable[[int, int], CellStyle | None]


def _clean(value: object) -> object:
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    return safe_cell(value)


class _XlsxCells:
    """Turns row values into what a write-only worksheet appends: plain values where they
    can be, a styled :class:`WriteOnlyCell` for dates, links and styled positions."""

    def __init__(self, worksheet: WriteOnlyWorksheet, style: "StyleOf | None") -> None:
        self.worksheet = worksheet
        self.style = style
        self.fonts: dict[CellStyle, tuple[Font, Alignment | None]] = {}

    def row(self, number: int, row: Sequence[object]) -> list[object]:
        return [self.cell(number, column, value) for column, value in enumerate(row, start=1)]

    def cell(self, number: int, column: int, value: object) -> object:
        look = self.style(number, column) if self.style else None
        if isinstance(value, bool):
            value = yes_no(value)
        if look is None and not isinstance(value, date | Link):
            return _clean(value)
        if isinstance(value, Link):
            cell = WriteOnlyCell(self.worksheet, value=_clean(value.text))
            cell.hyperlink = value.url
            cell.style = "Hyperlink"
        elif isinstance(value, datetime):
            cell = WriteOnlyCell(self.worksheet, value=_local(value))
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell = WriteOnlyCell(self.worksheet, value=value)
            cell.number_format = DATE_FORMAT
        else:
            cell = WriteOnlyCell(self.worksheet, value=_clean(value))
        if look is not None:
            if look not in self.fonts:
                wrap = Alignment(wrap_text=True, vertical="top") if look.wrap else None
                self.fonts[look] = (Font(bold=look.bold), wrap)
            font, alignment = self.fonts[look]
            cell.font = font
            if alignment is not None:
                cell.alignment = alignment
        return cell


def xlsx_file(
    rows: Iterable[Sequence[object]],
    target: "str | PathLike[str] | IO[bytes]",
    sheet: str = "Export",
    *,
    widths: Sequence[float] = (),
    freeze_panes: str | None = None,
    style: "StyleOf | None" = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` as a one-sheet workbook to ``target`` (a path or a binary file) and
    return how many rows were written.

    Write-only openpyxl, fed one row at a time from the iterator, so no row is held after it
    is written. Every string through :func:`safe_cell`; optionally column ``widths``, frozen
    panes (e.g. ``"B6"``) and styled cells; ``progress(rows so far)`` is called every 1,000
    rows, for a background job's progress bar.
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    if freeze_panes:
        worksheet.freeze_panes = freeze_panes
    cells = _XlsxCells(worksheet, style)
    number = 0
    for number, row in enumerate(rows, start=1):
        worksheet.append(cells.row(number, row))
        if progress is not None and number % 1000 == 0:
            progress(number)
    workbook.save(target)
    return number


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    sheet: str = "Export",
    *,
    widths: Sequence[float] = (),
    freeze_panes: str | None = None,
    style: "StyleOf | None" = None,
) -> bytes:
    """``rows`` as a one-sheet workbook in memory (see :func:`xlsx_file`): for files small
    enough to answer a request with."""
    buffer = io.BytesIO()
    xlsx_file(rows, buffer, sheet, widths=widths, freeze_panes=freeze_panes, style=style)
    return buffer.getvalue()
