"""The import's last steps: every row checked into an unsaved draft activity (or every problem,
by row and column), then all of them saved in one transaction."""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from openpyxl.utils import get_column_letter

from accounts.choices import Role
from vpp_portal.editing import save_links, save_register_row

from ..choices import ActivityStatus
from ..models import ProcessingActivity, Vocabulary
from .columns import (
    BUSINESS_FUNCTION_COLUMN,
    CHOICE,
    COLUMNS,
    DATE,
    MANY,
    NAME_COLUMN,
    ONE,
    PURPOSE_COLUMN,
    YESNO,
    SheetColumn,
    _field,
    kind_of,
    normalise,
    unguard_cell,
)
from .legal_bases import LegalBasisProblem, is_legal_choice, read_legal_choice
from .reader import ImportProblem, Sheet, _is_filled

# --- validating the rows -----------------------------------------------------------------------


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
    #: Vocabulary terms the file names that the portal does not hold yet: each vocabulary (in
    #: column order) → its new terms, as first spelt. The DPO can add them from the preview.
    unknown_terms: dict[type[Vocabulary], list[str]] = field(default_factory=dict)
    #: Headings of the file's columns the import does not read (their cells are ignored).
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """Every row can be saved as it is."""
        return not self.problems and bool(self.activities) and not self.unknown_terms

    @property
    def needs_terms(self) -> bool:
        """Every row can be saved once the unknown vocabulary terms are added."""
        return not self.problems and bool(self.activities) and bool(self.unknown_terms)


class _CellProblem(Exception):
    pass


class _Lookups:
    """Related rows by name, loaded once per relation, as the importing user may see them."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._tables: dict[tuple[type[models.Model], str], dict[str, list[Any]]] = {}
        #: Vocabulary terms not found: vocabulary → compared name → the name as first spelt.
        self.unknown: dict[type[Vocabulary], dict[str, str]] = {}

    def find(self, model_field: Any, attr: str, text: str) -> Any:
        model = model_field.related_model
        table = self._tables.get((model, attr))
        if table is None:
            table = self._tables[(model, attr)] = self._load(model, attr)
        matches = table.get(normalise(text), [])
        noun = model._meta.verbose_name
        if not matches and issubclass(model, Vocabulary):
            return self._unknown_term(model, text)
        if not matches:
            raise _CellProblem(
                f"There is no {noun} called ‘{text}’. Add the {noun} to the portal first, or "
                "correct the name."
            )
        if len(matches) > 1:
            raise _CellProblem(
                f"More than one {noun} is called ‘{text}’: rename one of them in the portal."
            )
        return matches[0]

    def _unknown_term(self, model: type[Vocabulary], text: str) -> None:
        """Note a term its vocabulary does not hold (``None``: nothing to link yet)."""
        name = " ".join(text.split())
        limit = model._meta.get_field("name").max_length
        if limit is not None and len(name) > limit:
            raise _CellProblem(
                f"‘{name[:60]}…’ is too long to be a "
                f"{model._meta.verbose_name}: a term has at most {limit} characters. "
                "Shorten it in the file."
            )
        self.unknown.setdefault(model, {}).setdefault(normalise(name), name)
        return None

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
        if _is_legal(column.field):
            try:
                return read_legal_choice(text, model_field.flatchoices)
            except LegalBasisProblem as problem:
                raise _CellProblem(str(problem)) from None
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
        return list(dict.fromkeys(row for row in found if row is not None))
    return text


@cache
def _is_legal(field_name: str) -> bool:
    """A lawful basis or condition column: read by its legal reference (``legal_bases``)."""
    return is_legal_choice(_field(field_name).flatchoices)


@cache
def _choice_aliases(field_name: str) -> dict[str, str]:
    """What a cell may say for each choice: its label or its stored value. An alias two
    choices share is dropped."""
    keys_of: dict[str, set[str]] = {}
    for key, label in _field(field_name).flatchoices:
        names = {str(key), str(key).replace("_", " "), str(label)}
        for name in names:
            keys_of.setdefault(normalise(name), set()).add(str(key))
    return {alias: keys.pop() for alias, keys in keys_of.items() if len(keys) == 1}


def _split_names(text: str) -> list[str]:
    parts = (part.strip() for line in text.splitlines() for part in line.split(";"))
    return list(dict.fromkeys(part for part in parts if part))


def _parse_date(text: str) -> date | None:
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):  # noqa: DTZ007 — only the date is kept
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
        ignored_columns=list(sheet.ignored),
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
    vocabularies = [_field(c.field).related_model for c in COLUMNS if kind_of(c) == MANY]
    result.unknown_terms = {
        model: list(lookups.unknown[model].values())
        for model in vocabularies
        if model in lookups.unknown
    }
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


# --- saving ------------------------------------------------------------------------------------


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
