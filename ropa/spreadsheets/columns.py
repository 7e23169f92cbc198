"""The spreadsheet's columns, in order, and how each column's cells are written and read;
the formula guard the writer puts on a cell and the reader takes off."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.db import models

from vpp_portal.exports import FORMULA_STARTS, safe_cell

from ..ico import ICO_COLUMNS
from ..models import ProcessingActivity


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
    #: A "Link to …" column: exported as a hyperlink (``ropa.ico.IcoColumn.is_link``).
    is_link: bool = False


NAME_COLUMN = SheetColumn("Name", "name", width=40)
ICO_SHEET_COLUMNS = tuple(
    SheetColumn(
        column.heading,
        column.field,
        column.related_attr,
        is_imported=not column.is_derived,
        derive=column.derive,
        is_link=column.is_link,
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


def guard_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula: one leading apostrophe
    (``vpp_portal.exports.safe_cell``).

    Values that already start with apostrophes before such a character get one more, so that
    ``unguard_cell(guard_cell(v)) == v`` for every string.
    """
    return cast(str, safe_cell(value))


def unguard_cell(value: str) -> str:
    """Undo ``guard_cell``: strip exactly one apostrophe it would have added."""
    if value[:1] == "'" and value.lstrip("'")[:1] in FORMULA_STARTS:
        return value[1:]
    return value
