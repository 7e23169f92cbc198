"""The ROPA as a spreadsheet in the ICO's controller layout: the export writer, the import reader.

Layout (XLSX and CSV alike)
---------------------------
* Rows 1–3, the header block (UK GDPR Art 30(1)(a)): ``Controller``, ``Data Protection
  Officer`` and ``Representative``, each followed by name, address, e-mail and phone. The
  controller and representative come from ``ControllerDetails``, the DPO from the core-team
  host's current DPO on the role-holder register (``sharing.selectors.current_dpo``); cells
  are empty while they are not recorded.
* Row 4 is blank.
* Row 5, the headings: ``Name`` first (the activity's name, the portal's natural key), then the
  30 columns of ``ropa.ico.ICO_COLUMNS`` — contiguous, in the ICO template's order, with its
  headings — then the partnership's own columns (``PARTNERSHIP_COLUMNS``): status, the three
  personal data flags, covering agreement, processors, retention rule and trigger date,
  safeguards policy, owner e-mail and next review date.
* Row 6 on: one processing activity a row, in name order.

Cells: choices as their labels, relations as names (agreements and policies as titles, the
owner as an e-mail address) joined by ``"; "``, yes/no as ``Yes``/``No``, dates as ISO
``YYYY-MM-DD`` text, line breaks as ``\\n``. Columns 22 and 23 come from the DPIA register
(``ropa.ico``): the progress of the linked DPIAs ("Not started" with none), and each linked
DPIA's reference with the address of its page. No export date is printed, so two exports of the
same register hold the same cells. Against formula injection a cell that starts with
``= + - @``, a tab or a carriage return (after any apostrophes) gets one leading apostrophe;
the reader strips exactly that one apostrophe again (``guard_cell``/``unguard_cell``).

Import (XLSX only)
------------------
* The first sheet with a heading row in its first rows is read; the header block is ignored
  (the DPO keeps the controller on the controller page, and the DPO row comes from the
  role-holder register).
* The heading row holds the 30 ICO headings (matched ignoring case, spacing and line breaks) in
  any order; ``Name``, the partnership columns and the two DPIA columns are optional. Any
  other heading is a problem, so a mistyped heading never drops a column silently.
* Without a ``Name`` column — the ICO template as people fill it in — an activity is named
  after its purpose: the first line of "Purpose of processing", shortened to 200 characters.
* Names are unique: a name used twice in the file or already in the register is a problem.
  The import only adds activities; it never changes one already in the register.
* Organisations, agreements, data sources, policies, retention rules, owners and vocabulary
  terms must already exist (matched by name, ignoring case): the DPO keeps the vocabularies,
  so an unknown term is a problem, never created on the fly.
* Choices are read by their label, ignoring case; legal bases and conditions also by their
  reference or description alone ("Art 6(1)(e)", "public task").
* Every activity is imported as a draft: the ``Status`` column is for reading only. Personal
  data flags the file does not have are "No".
* "DPIA progress" and "Link to DPIA" are read-only: whatever they hold is ignored, never a
  problem. An activity's DPIAs are linked from the DPIA register.
"""

import csv
import io
import re
import textwrap
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Prefetch, QuerySet
from django.template.defaultfilters import filesizeformat
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.choices import Role
from sharing.models import RoleHolder
from sharing.selectors import current_dpo
from vpp_portal.editing import save_links, save_register_row

from .choices import ActivityStatus
from .ico import ICO_COLUMNS
from .models import ControllerDetails, ProcessingActivity, Vocabulary

# --- the columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetColumn:
    """One column of the spreadsheet: its heading and the activity field it holds."""

    heading: str
    field: str
    #: For relations: the attribute of each related row written to the cell.
    related_attr: str = "name"
    width: int = 30
    #: Read on import; ``False`` for columns shown for information only.
    is_imported: bool = True
    #: For a column worked out from other registers (``ropa.ico.IcoColumn.derive``).
    derive: Callable[[Any, str], str] | None = None


NAME_COLUMN = SheetColumn("Name", "name", width=40)
ICO_SHEET_COLUMNS = tuple(
    SheetColumn(
        column.heading,
        column.field,
        column.related_attr,
        is_imported=not column.is_derived,
        derive=column.derive,
    )
    for column in ICO_COLUMNS
)
PARTNERSHIP_COLUMNS = (
    SheetColumn("Status", "status", width=14, is_imported=False),
    SheetColumn("Personal data", "has_personal_data", width=14),
    SheetColumn("Special category data", "has_special_category_data", width=14),
    SheetColumn("Criminal offence data", "has_criminal_offence_data", width=14),
    SheetColumn("Covering agreement", "covering_agreement", related_attr="title"),
    SheetColumn("Processors", "processors"),
    SheetColumn("Retention rule", "retention_rule", related_attr="record_class"),
    SheetColumn("Retention trigger date", "retention_trigger_on", width=14),
    SheetColumn("Safeguards policy", "safeguards_policy", related_attr="title"),
    SheetColumn("Owner e-mail", "owner", related_attr="email"),
    SheetColumn("Next review date", "next_review_on", width=14),
)
COLUMNS: tuple[SheetColumn, ...] = (NAME_COLUMN, *ICO_SHEET_COLUMNS, *PARTNERSHIP_COLUMNS)
BUSINESS_FUNCTION_COLUMN, PURPOSE_COLUMN = ICO_SHEET_COLUMNS[:2]

HEADER_BLOCK = (
    ("Controller", "controller"),
    ("Data Protection Officer", "dpo"),
    ("Representative", "representative"),
)
#: The spreadsheet row (1-based) of the headings our export writes.
HEADING_ROW = len(HEADER_BLOCK) + 2

MANY, ONE, YESNO, DATE, CHOICE, TEXT = "many", "one", "yesno", "date", "choice", "text"
DERIVED = "derived"


@cache
def _field(name: str) -> Any:
    return ProcessingActivity._meta.get_field(name)


@cache
def kind_of(column: SheetColumn) -> str:
    """How a column's cells are written and read, from its model field."""
    if column.derive is not None:
        return DERIVED
    model_field = _field(column.field)
    if model_field.many_to_many:
        return MANY
    if model_field.many_to_one:
        return ONE
    if isinstance(model_field, models.BooleanField):
        return YESNO
    if isinstance(model_field, models.DateField):
        return DATE
    if model_field.choices:
        return CHOICE
    return TEXT


def normalise(text: Any) -> str:
    """A heading or name as compared: case, spacing and line breaks ignored."""
    return " ".join(str(text).split()).casefold()


assert len({normalise(c.heading) for c in COLUMNS}) == len(COLUMNS), "headings must be unique"


# --- formula injection -------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula: one leading apostrophe.

    Values that already start with apostrophes before such a character get one more, so that
    ``unguard_cell(guard_cell(v)) == v`` for every string.
    """
    return "'" + value if value.lstrip("'")[:1] in FORMULA_STARTS else value


def unguard_cell(value: str) -> str:
    """Undo ``guard_cell``: strip exactly one apostrophe it would have added."""
    if value[:1] == "'" and value.lstrip("'")[:1] in FORMULA_STARTS:
        return value[1:]
    return value


# --- export ------------------------------------------------------------------------------------


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
    if not value:
        return None
    value = _line_breaks(value)
    if ILLEGAL_CHARACTERS_RE.search(value):  # control characters XML cannot hold
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return guard_cell(value)


def write_xlsx(rows: Iterable[list[str]]) -> bytes:
    """The rows of ``ico_rows`` as a workbook: bold headings, frozen panes, set widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ROPA")
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"B{HEADING_ROW + 1}"  # headings and names stay in view
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=1):
        if number < HEADING_ROW and row:
            label, *rest = row
            sheet.append([_styled(sheet, label, bold), *map(_xlsx_value, rest)])
        elif number == HEADING_ROW:
            sheet.append([_styled(sheet, heading, bold, wrap) for heading in row])
        else:
            sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet: Any, value: str, font: Font, alignment: Alignment | None = None) -> Any:
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_csv(rows: Iterable[list[str]]) -> bytes:
    """The same rows as CSV (UTF-8 with a byte-order mark, so Excel reads the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([guard_cell(_line_breaks(value)) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_ico(activities: QuerySet[ProcessingActivity], fmt: str, base_url: str = "") -> bytes:
    """The ICO-layout export of ``activities`` (filtered, ``with_related()``) as xlsx or csv;
    ``base_url`` is the site's address, for the links to the DPIAs.

    The same queries however many rows: the activities with their foreign keys, one per
    many-to-many relation (the linked DPIAs too), the controller header and the current DPO.
    """
    controller = ControllerDetails.objects.first()
    rows = ico_rows(for_export(activities), controller, base_url, dpo=current_dpo())
    return write_xlsx(rows) if fmt == "xlsx" else write_csv(rows)


# --- import: reading the workbook --------------------------------------------------------------

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
        elif heading in seen:
            sheet.problems.append(
                ImportProblem(number, str(value).strip(), "This heading is in the row twice.")
            )
        elif column is None:
            sheet.problems.append(
                ImportProblem(
                    number,
                    str(value).strip(),
                    "This is not a column the import reads: rename it to one of the ICO "
                    "template's headings, or delete the column.",
                )
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


# --- import: validating the rows ---------------------------------------------------------------


@dataclass
class ParsedActivity:
    """One valid row: an unsaved activity and the rows it links to."""

    row: int
    activity: ProcessingActivity
    links: dict[str, Iterable[Any]]


@dataclass
class ParseResult:
    """What checking a sheet found: every row as an activity, or every problem (then no
    activities, so nothing half-checked can be saved)."""

    activities: list[ParsedActivity] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    #: The import names activities after their purpose (no ``Name`` column).
    names_from_purpose: bool = False
    #: The worksheet the rows were read from.
    sheet_title: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.activities)


class _CellProblem(Exception):
    pass


class _Lookups:
    """Related rows by name, loaded once per relation, as the importing user may see them."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._tables: dict[tuple[type[models.Model], str], dict[str, list[Any]]] = {}

    def find(self, model_field: Any, attr: str, text: str) -> Any:
        model = model_field.related_model
        table = self._tables.get((model, attr))
        if table is None:
            table = self._tables[(model, attr)] = self._load(model, attr)
        matches = table.get(normalise(text), [])
        noun = model._meta.verbose_name
        if not matches:
            hint = (
                "Vocabulary terms are kept by the DPO: use an existing term, or ask for it "
                "to be added."
                if issubclass(model, Vocabulary)
                else f"Add the {noun} to the portal first, or correct the name."
            )
            raise _CellProblem(f"There is no {noun} called ‘{text}’. {hint}")
        if len(matches) > 1:
            raise _CellProblem(
                f"More than one {noun} is called ‘{text}’: rename one of them in the portal."
            )
        return matches[0]

    def _load(self, model: type[models.Model], attr: str) -> dict[str, list[Any]]:
        manager: Any = model._default_manager
        if model is get_user_model():  # owners: the partnership's own people
            rows = manager.filter(is_active=True).exclude(role=Role.PARTNER)
        else:
            rows = manager.visible_to(self.user)
        table: dict[str, list[Any]] = {}
        for row in rows:
            # By the attribute the export writes, and by what the portal shows (e.g. a policy
            # with its version), so either identifies the row.
            for key in {normalise(getattr(row, attr)), normalise(str(row))}:
                table.setdefault(key, []).append(row)
        return table


def _text(value: Any) -> str:
    """A cell's value as the text it shows, with the export's formula guard taken off."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):  # a datetime with a time of day, too
        return value.isoformat()
    return unguard_cell(str(value).strip()).strip()


YES = {"yes", "y", "true"}
NO = {"no", "n", "false", ""}


def _read_cell(column: SheetColumn, value: Any, lookups: _Lookups) -> Any:
    """The field value (or linked rows) a cell holds; ``_CellProblem`` says what is wrong."""
    kind = kind_of(column)
    text = _text(value)
    model_field = _field(column.field)
    if kind == YESNO:
        if normalise(text) in YES:
            return True
        if normalise(text) in NO:
            return False
        raise _CellProblem(f"Enter Yes or No, not ‘{text}’.")
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return _parse_date(text)
    if kind == CHOICE:
        if not text:
            return ""
        if (key := _choice_aliases(column.field).get(normalise(text))) is not None:
            return key
        labels = "; ".join(f"‘{label}’" for _key, label in model_field.flatchoices)
        raise _CellProblem(
            f"‘{text}’ is not a choice here. Use one of: {labels}, or leave it empty."
        )
    if kind == ONE:
        return lookups.find(model_field, column.related_attr, text) if text else None
    if kind == MANY:
        names = _split_names(text)
        found, problems = [], []
        for name in names:
            try:
                found.append(lookups.find(model_field, column.related_attr, name))
            except _CellProblem as problem:
                problems.append(str(problem))
        if problems:
            raise _CellProblem(" ".join(problems))
        return list(dict.fromkeys(found))
    return text


#: A label's legal reference and its description: "Art 6(1)(e)" and "public task".
_REFERENCE = re.compile(r"^((?:Art|Article) \d+\(\d\)\([a-z]\)|Sch 1 para \d+) (.+)$")


@cache
def _choice_aliases(field_name: str) -> dict[str, str]:
    """What a cell may say for each choice: its label, its stored value, or — for legal
    bases and conditions — the reference or the description alone, as people write them in
    the ICO template ("Art 6(1)(e)", "public task"). An alias two choices share is dropped."""
    keys_of: dict[str, set[str]] = {}
    for key, label in _field(field_name).flatchoices:
        names = {str(key), str(key).replace("_", " "), str(label)}
        if match := _REFERENCE.match(str(label)):
            names.update(match.groups())
        for name in names:
            keys_of.setdefault(normalise(name), set()).add(str(key))
    return {alias: keys.pop() for alias, keys in keys_of.items() if len(keys) == 1}


def _split_names(text: str) -> list[str]:
    parts = (part.strip() for line in text.splitlines() for part in line.split(";"))
    return list(dict.fromkeys(part for part in parts if part))


def _parse_date(text: str) -> date | None:
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise _CellProblem(f"Enter a date like 2026-03-31 (year-month-day), not ‘{text}’.")


def _name_from_purpose(purpose: str) -> str:
    first_line = next((line for line in purpose.splitlines() if line.strip()), "")
    limit = _field("name").max_length
    return textwrap.shorten(" ".join(first_line.split()), width=limit, placeholder="…")


def existing_names() -> set[str]:
    """The names already in the register, as compared (case ignored)."""
    return {normalise(name) for name in ProcessingActivity.objects.values_list("name", flat=True)}


def parse_sheet(sheet: Sheet, *, user: Any) -> ParseResult:
    """Every row of ``sheet`` as an unsaved activity, or every problem, by row and column.

    A fixed number of queries, whatever the row count: the register's names, and each
    referenced table once.
    """
    result = ParseResult(
        problems=list(sheet.problems),
        names_from_purpose=not sheet.has_name_column,
        sheet_title=sheet.title,
    )
    name_heading = (NAME_COLUMN if sheet.has_name_column else PURPOSE_COLUMN).heading
    lookups = _Lookups(user)
    taken = existing_names()
    first_row_of: dict[str, int] = {}
    for number, values in sheet.rows:
        parsed, problems = _parse_row(sheet, number, values, lookups)
        name = parsed.activity.name
        key = normalise(name)
        if key and key in first_row_of:
            problems.append(
                ImportProblem(
                    number,
                    name_heading,
                    f"‘{name}’ is also the name in row {first_row_of[key]}: each activity "
                    "needs a name of its own.",
                )
            )
        elif key in taken:
            problems.append(
                ImportProblem(
                    number,
                    name_heading,
                    f"An activity called ‘{name}’ is already in the register. The import only "
                    "adds activities: rename this one, or change the existing one in the portal.",
                )
            )
        if key:
            first_row_of.setdefault(key, number)
        result.problems.extend(problems)
        result.activities.append(parsed)
    if result.problems:
        result.activities = []
    return result


def _parse_row(
    sheet: Sheet, number: int, values: tuple[Any, ...], lookups: _Lookups
) -> tuple[ParsedActivity, list[ImportProblem]]:
    """One row as an unsaved draft activity with its links, and the row's problems."""
    activity = ProcessingActivity(status=ActivityStatus.DRAFT)
    links: dict[str, Iterable[Any]] = {}
    problems: list[ImportProblem] = []
    failed: set[str] = set()
    for position, value in enumerate(values):
        column = sheet.columns.get(position)
        if column is None:
            if position in sheet.unnamed and _is_filled(value):
                problems.append(
                    ImportProblem(
                        number,
                        f"Column {get_column_letter(position + 1)}",
                        "This cell is in a column without a heading: move it to the right "
                        "column, or delete it.",
                    )
                )
            continue
        if not column.is_imported:
            continue
        try:
            cleaned = _read_cell(column, value, lookups)
        except _CellProblem as problem:
            problems.append(ImportProblem(number, column.heading, str(problem)))
            failed.add(column.field)
            continue
        if kind_of(column) == MANY:
            links[column.field] = cleaned
        else:
            setattr(activity, column.field, cleaned)
    if not sheet.has_name_column:
        activity.name = _name_from_purpose(activity.purpose)
    for column, message in (
        (NAME_COLUMN, "Enter the activity’s name: it must be unique in the register."),
        (BUSINESS_FUNCTION_COLUMN, "Enter the business function, for example ‘Analysis’."),
        (PURPOSE_COLUMN, "Enter the purpose of the processing."),
    ):
        if column.field in failed or getattr(activity, column.field).strip():
            continue
        failed.add(column.field)
        if column is NAME_COLUMN and not sheet.has_name_column:
            continue  # named after the purpose: the purpose's own problem says it
        problems.append(ImportProblem(number, column.heading, message))
    if not activity.has_personal_data:
        for flag in ("has_special_category_data", "has_criminal_offence_data"):
            if getattr(activity, flag):
                label = str(_field(flag).verbose_name).capitalize()
                problems.append(
                    ImportProblem(
                        number, label, f"{label} is personal data: put Yes in ‘Personal data’ too."
                    )
                )
                failed.add(flag)
    foreign_keys = {f.name for f in ProcessingActivity._meta.concrete_fields if f.many_to_one}
    try:
        # Relations were found above; the rest (lengths, choices) is the model's own check.
        activity.clean_fields(exclude={*failed, *foreign_keys})
    except ValidationError as error:
        problems.extend(_problems_from(error, number))
    return ParsedActivity(number, activity, links), problems


def _problems_from(error: ValidationError, number: int) -> list[ImportProblem]:
    headings = {column.field: column.heading for column in COLUMNS}
    if not hasattr(error, "error_dict"):
        return [ImportProblem(number, "", message) for message in error.messages]
    return [
        ImportProblem(number, headings.get(name, "" if name == "__all__" else name), message)
        for name, errors in error.message_dict.items()
        for message in errors
    ]


# --- import: saving ----------------------------------------------------------------------------


class ImportFailed(Exception):
    """The database refused a row; nothing of the import was saved."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def import_activities(
    *, actor: Any, parsed: list[ParsedActivity], file_name: str
) -> list[ProcessingActivity]:
    """Save every parsed activity as a draft, all or nothing, each with one history row whose
    reason names the file."""
    reason = f"imported from {file_name}"
    saved: list[ProcessingActivity] = []
    with transaction.atomic():
        for item in parsed:
            try:
                activity = save_register_row(item.activity, actor=actor, reason=reason)
                save_links(activity, item.links)
            except ValidationError as error:
                raise ImportFailed(_problems_from(error, item.row)) from error
            except DatabaseError as error:
                raise ImportFailed(
                    [
                        ImportProblem(
                            item.row,
                            "",
                            "The register refused this row (it may have changed since the "
                            "preview): check it and upload the file again.",
                        )
                    ]
                ) from error
            saved.append(activity)
    return saved
