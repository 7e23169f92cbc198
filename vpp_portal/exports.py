"""Every CSV and XLSX the portal writes: one formula guard, one CSV writer, one XLSX writer.

Cells a spreadsheet would run as a formula are neutralised (CSV injection) by
:func:`safe_cell`, which every writer here applies to every string cell. CSV is UTF-8 with a
byte-order mark, so Excel reads the accents; XLSX is written with openpyxl's write-only
workbook, so memory stays flat however many rows.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The CSV of ``rows``, one encoded line at a time (for a streaming response), the first
    one starting with the byte-order mark; every cell through :func:`safe_cell`."""
    writer = csv.writer(_Line())
    prefix = BOM
    for row in rows:
        line = writer.writerow([safe_cell(value) for value in row])
        yield (prefix + line).encode("utf-8")
        prefix = ""


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


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    return safe_cell(value)


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    sheet: str = "Export",
    *,
    widths: Sequence[float] = (),
    freeze_panes: str | None = None,
    style: StyleOf | None = None,
) -> bytes:
    """``rows`` as a one-sheet workbook (write-only openpyxl), every cell through
    :func:`safe_cell`; optionally with column ``widths``, frozen panes (e.g. ``"B6"``) and
    styled cells."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    if freeze_panes:
        worksheet.freeze_panes = freeze_panes
    fonts: dict[CellStyle, tuple[Font, Alignment | None]] = {}
    for number, row in enumerate(rows, start=1):
        cells: list[object] = []
        for column, value in enumerate(row, start=1):
            look = style(number, column) if style else None
            if look is None:
                cells.append(_xlsx_cell(value))
                continue
            if look not in fonts:
                wrap = Alignment(wrap_text=True, vertical="top") if look.wrap else None
                fonts[look] = (Font(bold=look.bold), wrap)
            cell = WriteOnlyCell(worksheet, value=_xlsx_cell(value))
            cell.font, alignment = fonts[look]
            if alignment is not None:
                cell.alignment = alignment
            cells.append(cell)
        worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
