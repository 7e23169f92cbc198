"""The ICO controller ROPA template's columns, in its order, mapped onto ``ProcessingActivity``.

One definition serves the completeness indicator, the XLSX/CSV export, the import, the record
page and the printed record: each column names its heading as the ICO template prints it, the
model field it is held in, and whether a complete record needs it (always, or only when
personal data is processed).

Columns 22 (DPIA progress) and 23 (link to DPIA) are not stored on the activity: they are read
from the DPIAs linked to it in the DPIA register (``activity.dpias``, declared on
``governance.Dpia``). Such a *derived* column has a ``derive`` function instead of a field; it
is never edited or imported. ``ropa`` does not import ``governance`` and names none of its
status values: which statuses count comes from ``ropa.dpia_standing``, which governance fills.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Model, Q

from .dpia_standing import standing

# --- The DPIAs linked to an activity -------------------------------------------------------------


def counting(dpias: Iterable[Any]) -> list[Any]:
    """Of an activity's linked DPIAs (newest first), the ones that count: in force (approved,
    or a screening that found none needed) or still open; superseded, withdrawn and rejected
    ones never do."""
    settled = standing().settled
    return [dpia for dpia in dpias if dpia.status not in settled]


def counting_dpias(activity: Any) -> list[Any]:
    """The DPIAs that count for ``activity`` (see ``counting``). Uses the prefetched ``dpias``
    where the queryset loaded them (``with_related()``), so a page runs no query per
    activity."""
    if activity.pk is None:
        return []
    return counting(activity.dpias.all())


@dataclass(frozen=True)
class ActivityDpias:
    """An activity's counting DPIAs by where they stand (each list newest first)."""

    approved: list[Any]
    screened_out: list[Any]
    in_progress: list[Any]

    @property
    def approved_or_under_way(self) -> bool:
        """An approved DPIA or one being written or decided: no new DPIA is needed to start."""
        return bool(self.approved or self.in_progress)


def activity_dpias(activity: Any) -> ActivityDpias:
    return by_standing(counting_dpias(activity))


def by_standing(dpias: list[Any]) -> ActivityDpias:
    """Counting DPIAs (``counting``) sorted by where they stand."""
    known = standing()
    return ActivityDpias(
        approved=[dpia for dpia in dpias if dpia.status == known.approved],
        screened_out=[dpia for dpia in dpias if dpia.status == known.screened_out],
        in_progress=[dpia for dpia in dpias if dpia.status in known.open],
    )


def found_required(dpia: Any) -> bool:
    """Whether the DPIA's screening (step 1) found a DPIA is required."""
    return bool(dpia.screening_outcome == standing().screening_required)


def dpia_label(dpia: Any) -> str:
    """``DPIA-003``, or ``DPIA-003 revision 2`` for a later revision."""
    return f"{dpia.reference} revision {dpia.revision}" if dpia.revision > 1 else dpia.reference


def dpia_progress(activity: Any, base_url: str = "") -> str:
    """Column 22: how far the activity's DPIA has got, from the DPIA register."""
    return progress_of(counting_dpias(activity))


def progress_of(counting_dpias: list[Any]) -> str:
    """Column 22's text for an activity's counting DPIAs (``counting``)."""
    dpias = by_standing(counting_dpias)
    if dpias.approved:
        return "Approved"
    if dpias.screened_out:
        return "Screened out: no DPIA needed"
    if dpias.in_progress:
        return f"In progress ({dpias.in_progress[0].get_status_display()})"
    return "Not started"


def dpia_links(activity: Any, base_url: str = "") -> str:
    """Column 23: each linked DPIA's reference and, given the site's ``base_url``, the absolute
    address of its page (without one, its title), separated by ``"; "``."""
    return "; ".join(
        f"{dpia_label(dpia)} {base_url.rstrip('/')}{dpia.get_absolute_url()}"
        if base_url
        else f"{dpia_label(dpia)} {dpia.title}"
        for dpia in counting_dpias(activity)
    )


# --- The columns ---------------------------------------------------------------------------------

ALWAYS = "always"
PERSONAL = "personal"  # required when the activity processes personal data
SPECIAL = "special"  # required when it processes special category data
CRIMINAL = "criminal"  # required when it processes criminal offence data
OPTIONAL = "optional"


@dataclass(frozen=True)
class IcoColumn:
    heading: str
    field: str
    required: str = OPTIONAL
    #: For relations: the attribute of each related row written to the cell.
    related_attr: str = "name"
    #: For a derived column: its text for an activity (and the site's address, for links).
    #: ``field`` is then only the column's name in the portal, not a model field.
    derive: Callable[[Any, str], str] | None = None

    @property
    def is_derived(self) -> bool:
        """Worked out from other registers: shown and exported, never edited or imported."""
        return self.derive is not None

    @property
    def is_link(self) -> bool:
        """A "Link to …" column of the template: where the record it names is kept. The export
        makes it a clickable hyperlink (a linked record's page in the portal, or the address
        the cell holds)."""
        return self.heading.startswith("Link to ")

    def applies_to(self, activity: Any) -> bool:
        """Whether a complete record of ``activity`` must fill this column."""
        return (
            self.required == ALWAYS
            or (self.required == PERSONAL and activity.has_personal_data)
            or (self.required == SPECIAL and activity.has_special_category_data)
            or (self.required == CRIMINAL and activity.has_criminal_offence_data)
        )


ICO_COLUMNS: tuple[IcoColumn, ...] = (
    IcoColumn("Business function", "business_function", ALWAYS),
    IcoColumn("Purpose of processing", "purpose", ALWAYS),
    IcoColumn("Name and contact details of joint controller (if applicable)", "joint_controllers"),
    IcoColumn("Categories of individuals", "individual_categories", PERSONAL),
    IcoColumn("Categories of personal data", "data_categories", PERSONAL),
    IcoColumn("Categories of recipients", "recipient_categories", PERSONAL),
    IcoColumn("Link to contract with processor", "processor_contracts", related_attr="title"),
    IcoColumn(
        "Names of third countries or international organisations that personal data are transferred to (if applicable)",
        "third_countries",
    ),
    IcoColumn(
        "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
        "transfer_safeguards",
    ),
    IcoColumn("Retention schedule (if possible)", "retention_schedule", ALWAYS),
    IcoColumn(
        "General description of technical and organisational security measures (if possible)",
        "security_measures",
        PERSONAL,
    ),
    IcoColumn("Article 6 lawful basis for processing personal data", "art6_basis", PERSONAL),
    IcoColumn("Article 9 basis for processing special category data", "art9_condition", SPECIAL),
    IcoColumn("Legitimate interests for the processing (if applicable)", "legitimate_interests"),
    IcoColumn("Link to record of legitimate interests assessment (if applicable)", "lia_link"),
    IcoColumn("Rights available to individuals", "rights_available", PERSONAL),
    IcoColumn(
        "Existence of automated decision-making, including profiling (if applicable)",
        "automated_decision_making",
    ),
    IcoColumn("The source of the personal data (if applicable)", "sources"),
    IcoColumn("Link to record of consent", "consent_record_link"),
    IcoColumn("Location of personal data", "location", ALWAYS),
    IcoColumn("Data Protection Impact Assessment required?", "dpia_required", PERSONAL),
    IcoColumn("Data Protection Impact Assessment progress", "dpia_progress", derive=dpia_progress),
    IcoColumn("Link to Data Protection Impact Assessment", "dpia_link", derive=dpia_links),
    IcoColumn("Personal data breach?", "has_breach"),
    IcoColumn("Link to record of personal data breach", "breach_reference"),
    IcoColumn(
        "Data Protection Act 2018 Schedule 1 condition for processing",
        "schedule1_condition",
        CRIMINAL,
    ),
    IcoColumn(
        "Article 6 lawful basis for processing personal data (Schedule 1)",
        "schedule1_art6_basis",
        CRIMINAL,
    ),
    IcoColumn(
        "Link to retention and erasure policy document",
        "retention_policy",
        PERSONAL,
        related_attr="title",
    ),
    IcoColumn(
        "Is personal data retained and erased in accordance with the policy document?",
        "retained_in_line",
        PERSONAL,
    ),
    IcoColumn(
        "Reasons for not adhering to policy document (if applicable)", "retention_reasons_if_not"
    ),
)

assert len(ICO_COLUMNS) == 30, "the ICO template has 30 columns"


def is_filled(activity: Any, column: IcoColumn) -> bool:
    """Whether ``activity`` has a value in ``column`` (relations: at least one linked row).

    Uses prefetched relations where the queryset loaded them, so a list runs no extra query.
    """
    if column.derive is not None:
        return bool(column.derive(activity, ""))
    value = getattr(activity, column.field)
    if hasattr(value, "all"):
        return bool(list(value.all()))
    if isinstance(value, bool):
        return True  # a yes/no column always has an answer
    return value not in (None, "")


#: A column another field fills in its stead: a retention rule is a retention schedule.
STANDS_IN_FOR = {"retention_schedule": "retention_rule"}

#: Which activity flag makes a column of each requirement required (``ALWAYS``: none).
_REQUIRED_WHEN = {
    PERSONAL: "has_personal_data",
    SPECIAL: "has_special_category_data",
    CRIMINAL: "has_criminal_offence_data",
}


def missing_columns(activity: Any) -> list[IcoColumn]:
    """The required ICO columns ``activity`` leaves empty; empty means the record is complete."""
    return [
        column
        for column in ICO_COLUMNS
        if column.applies_to(activity)
        and not is_filled(activity, column)
        and not (
            column.field in STANDS_IN_FOR
            and getattr(activity, f"{STANDS_IN_FOR[column.field]}_id") is not None
        )
    ]


def _empty(model: type[Model], name: str) -> Q | None:
    """SQL for ``not is_filled`` of the stored column ``name`` (``None``: never empty)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        # ``pk NOT IN`` the link table's own column: hashed once (a correlated ``NOT EXISTS``
        # per row is costed so high that PostgreSQL compiles it, JIT, for longer than it runs).
        through = field.remote_field.through
        assert through is not None, "a many-to-many field has its link table"
        return ~Q(pk__in=through._default_manager.values(field.m2m_column_name()))
    if isinstance(field, models.BooleanField):
        return None  # a yes/no column always has an answer
    empty = Q(**{f"{name}__isnull": True})
    if isinstance(field, (models.CharField, models.TextField)):
        empty |= Q(**{name: ""})
    return empty


def missing_condition(model: type[Model], column: IcoColumn) -> Q | None:
    """SQL form of "``column`` is required and empty" for the rows of ``model`` (``None``:
    it never is): the same table and the same ``STANDS_IN_FOR`` as ``missing_columns``, so
    one rule gives both."""
    if column.required == OPTIONAL:
        return None
    if column.is_derived:
        # Nothing required is derived today; a derived column has no column to test in SQL.
        raise ValueError(f"A derived ICO column cannot be required in SQL: {column.field}")
    condition = _empty(model, column.field)
    if condition is None:
        return None
    if column.required in _REQUIRED_WHEN:
        condition &= Q(**{_REQUIRED_WHEN[column.required]: True})
    if column.field in STANDS_IN_FOR:
        condition &= Q(**{f"{STANDS_IN_FOR[column.field]}__isnull": True})
    return condition


def incomplete_condition(model: type[Model]) -> Q:
    """True for an activity ``missing_columns`` finds something missing in, as one SQL
    condition (a test holds the two to the same answer on every combination of columns)."""
    condition = Q()
    for column in ICO_COLUMNS:
        missing = missing_condition(model, column)
        if missing is not None:
            condition |= missing
    return condition


def column_for(field: str) -> IcoColumn:
    return next(c for c in ICO_COLUMNS if c.field == field)


def column_number(column: IcoColumn) -> int:
    """The column's number in the ICO template (1 to 30)."""
    return ICO_COLUMNS.index(column) + 1
