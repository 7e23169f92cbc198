"""The ICO controller ROPA template's columns, in its order, mapped onto ``ProcessingActivity``.

One definition serves the completeness indicator, the XLSX/CSV export and the import: each
column names its heading as the ICO template prints it, the model field it is held in, and
whether a complete record needs it (always, or only when personal data is processed).
"""

from dataclasses import dataclass
from typing import Any

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
    IcoColumn("Data Protection Impact Assessment progress", "dpia_progress"),
    IcoColumn("Link to Data Protection Impact Assessment", "dpia_reference"),
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
    value = getattr(activity, column.field)
    if hasattr(value, "all"):
        return bool(list(value.all()))
    if isinstance(value, bool):
        return True  # a yes/no column always has an answer
    return value not in (None, "")


def missing_columns(activity: Any) -> list[IcoColumn]:
    """The required ICO columns ``activity`` leaves empty; empty means the record is complete."""
    missing = [c for c in ICO_COLUMNS if c.applies_to(activity) and not is_filled(activity, c)]
    if column_for("retention_schedule") in missing and activity.retention_rule_id:
        missing.remove(column_for("retention_schedule"))  # a retention rule is a schedule
    return missing


def column_for(field: str) -> IcoColumn:
    return next(c for c in ICO_COLUMNS if c.field == field)
