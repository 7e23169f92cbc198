"""The import's first step: the sheet of an uploaded workbook that holds the ROPA, its heading
row read against the columns, and its rows, within the size limits."""

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook

from ..ico import ICO_COLUMNS
from .columns import COLUMNS, ICO_SHEET_COLUMNS, NAME_COLUMN, SheetColumn, normalise

NOT_A_WORKBOOK = "The selected file must be an Excel workbook (.xlsx)"
#: Largest upload read, in bytes (``ROPA_IMPORT_MAX_BYTES`` overrides it).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Most activities one file may add: all are saved in one transaction, within one request.
MAX_ROWS = 1000
#: Cells beyond this column are not read (a sheet can claim 16,384 columns).
MAX_COLUMNS = 100
#: How far down each sheet the heading row is looked for.
HEADING_SEARCH_ROWS = 50
#: A workbook that unpacks to more than this is refused before it is parsed (zip bombs). A
#: full 1,000-row ROPA unpacks to about 2 MB; reading 25 MB of sheet XML takes about 2 s.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "ROPA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class SpreadsheetError(Exception):
    """The file cannot be read as an ICO ROPA at all; the message is for the upload field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: the spreadsheet row (``None``: the whole file) and the
    column heading it is in, and what to do about it."""

    row: int | None
    column: str
    message: str


@dataclass
class Sheet:
    """The cells of the sheet that holds the ROPA, from the heading row down."""

    title: str
    heading_row: int
    #: Position (0-based) → the column its heading names.
    columns: dict[int, SheetColumn]
    #: Positions with no heading; a value there is a problem.
    unnamed: set[int]
    #: Problems with the heading row itself (unknown, repeated or missing headings).
    problems: list[ImportProblem]
    #: ``(row number, cell values)`` of every non-empty row below the headings.
    rows: list[tuple[int, tuple[Any, ...]]]
    #: Headings the import does not read (e.g. "Notes"), each once: their cells are ignored
    #: and the preview lists them.
    ignored: list[str] = field(default_factory=list)

    @property
    def has_name_column(self) -> bool:
        return NAME_COLUMN in self.columns.values()


_KNOWN_HEADINGS = {normalise(column.heading): column for column in COLUMNS}
_FIRST_HEADINGS = {normalise(ICO_COLUMNS[0].heading), normalise(ICO_COLUMNS[1].heading)}


def read_workbook(data: bytes) -> Sheet:
    """The ROPA sheet of an uploaded workbook; ``SpreadsheetError`` if there is none.

    Anything openpyxl cannot parse — a text file, a PDF, a corrupt or non-Excel zip — is
    refused with one message; the cells are validated later, by row and column.
    """
    if len(data) > max_upload_bytes():
        raise SpreadsheetError(
            f"The selected file must be smaller than {filesizeformat(max_upload_bytes())}"
        )
    buffer = io.BytesIO(data)
    if not data or not zipfile.is_zipfile(buffer):
        raise SpreadsheetError(NOT_A_WORKBOOK)
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(NOT_A_WORKBOOK) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            "The selected file is too large once unpacked: delete empty rows and columns that "
            "have formatting, or split it into smaller files"
        )
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception as error:  # untrusted input: any parser failure means "not a workbook"
        raise SpreadsheetError(NOT_A_WORKBOOK) from error
    try:
        for worksheet in workbook.worksheets:
            sheet = _read_worksheet(worksheet)
            if sheet is not None:
                break
        else:
            raise SpreadsheetError(
                "The selected file has no heading row: put the ICO ROPA headings, from "
                "‘Business function’ and ‘Purpose of processing’ on, in one row"
            )
    except SpreadsheetError:
        raise
    except Exception as error:  # a sheet whose XML breaks while streaming it
        raise SpreadsheetError(NOT_A_WORKBOOK) from error
    finally:
        workbook.close()
    if not sheet.rows:
        raise SpreadsheetError(
            "The selected file has no processing activities below its heading row"
        )
    return sheet


def _read_worksheet(worksheet: Any) -> Sheet | None:
    """The worksheet's heading row and the rows below it, or ``None`` without headings."""
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > HEADING_SEARCH_ROWS:
            return None
        if {normalise(v) for v in values if v is not None} >= _FIRST_HEADINGS:
            sheet = _sheet_from_headings(worksheet.title, number, values)
            break
    else:
        return None
    for number, values in enumerate(rows, start=sheet.heading_row + 1):
        if any(_is_filled(value) for value in values):
            if len(sheet.rows) == MAX_ROWS:
                raise SpreadsheetError(
                    f"The selected file has more than {MAX_ROWS} processing activities: "
                    f"split it into files of {MAX_ROWS} or fewer"
                )
            sheet.rows.append((number, tuple(values)))
    return sheet


def _sheet_from_headings(title: str, number: int, values: tuple[Any, ...]) -> Sheet:
    sheet = Sheet(title, number, columns={}, unnamed=set(), problems=[], rows=[])
    seen: set[str] = set()
    for position, value in enumerate(values):
        heading = normalise(value) if _is_filled(value) else ""
        column = _KNOWN_HEADINGS.get(heading)
        if not heading:
            sheet.unnamed.add(position)
        elif column is None:
            if heading not in seen:
                sheet.ignored.append(" ".join(str(value).split()))
        elif heading in seen:
            sheet.problems.append(
                ImportProblem(number, str(value).strip(), "This heading is in the row twice.")
            )
        else:
            sheet.columns[position] = column
        seen.add(heading)
    for column in ICO_SHEET_COLUMNS:
        if column.is_imported and normalise(column.heading) not in seen:
            sheet.problems.append(
                ImportProblem(
                    number, column.heading, "This ICO column is missing from the heading row."
                )
            )
    return sheet


def _is_filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))
