"""Reads across the ROPA registers: what falls due for disposal, what a rule holds, who may
decide a proposed disposal, and one activity's record as its page and the printed record show
it (``record_rows``).

Retention due dates are worked out in Python (trigger date + the rule's period, as
``RetentionRule.due_on``) because calendar months and years do not add the same way everywhere:
``relativedelta`` takes 29 February 2024 + 1 year to 28 February 2025, PostgreSQL's
``interval '1 year'`` agrees, but SQLite's ``date(…, '+1 year')`` gives 1 March 2025. Each record
stores the result (``retention_due_on``, derived on save, moved by the rule's service when the
rule changes), so the due list selects, counts, sorts and pages on that indexed column in SQL,
and only the page's own rows are ever loaded.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from django.db.models import CharField, Count, Model, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import formats, timezone

from accounts.choices import Role
from accounts.deciders import DPO_DEPUTY_ROLE, Decision, dpo_decision
from sharing.models import DataSource
from vpp_portal.display import yes_no

from .choices import ActivityStatus, DisposalStatus
from .ico import ICO_COLUMNS, counting_dpias, dpia_label, dpia_progress, missing_columns
from .models import Disposal, ProcessingActivity, RetentionRule

#: The DPO's permission to approve or refuse a disposal (the SIRO decides only as deputy).
APPROVE_DISPOSAL = "ropa.approve_disposal"

#: How far ahead the due list looks by default.
DUE_HORIZON_DAYS = 90

#: ``show`` values of the due list: one kind of row only (the dashboard's figures link there).
DueShow = Literal["", "overdue", "due_soon"]


@dataclass(frozen=True)
class DueRecord:
    """A processing activity or data source whose retention period ends by the horizon."""

    record: ProcessingActivity | DataSource
    rule: RetentionRule
    trigger_on: date
    due_on: date
    is_overdue: bool

    @property
    def kind(self) -> str:
        """``"activity"`` or ``"data_source"``: also the disposal form's query parameter."""
        return "activity" if isinstance(self.record, ProcessingActivity) else "data_source"

    @property
    def kind_label(self) -> str:
        return "Processing activity" if self.kind == "activity" else "Data source"

    @property
    def name(self) -> str:
        return str(self.record)


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_soon: int


def _due_records_by_kind(
    user: Any, last_due_on: date
) -> tuple[QuerySet[ProcessingActivity], QuerySet[DataSource]]:
    """The live activities and data sources ``user`` may see that are due by ``last_due_on``
    (a stored due date needs a rule and a trigger date). Each selects on its due-date index."""
    activities = (
        ProcessingActivity.objects.visible_to(user)
        .exclude(status=ActivityStatus.RETIRED)
        .filter(retention_due_on__lte=last_due_on)
    )
    sources = DataSource.objects.visible_to(user).filter(  # type: ignore[attr-defined]
        retired_on__isnull=True, retention_due_on__lte=last_due_on
    )
    return activities, sources


def due_counts(user: Any, today: date, horizon_days: int = DUE_HORIZON_DAYS) -> DueCounts:
    """How many records are overdue (due today or earlier) and due soon (by the horizon): one
    conditional count per register, two queries."""
    overdue = Q(retention_due_on__lte=today)
    totals = [
        records.aggregate(overdue=Count("pk", filter=overdue), soon=Count("pk", filter=~overdue))
        for records in _due_records_by_kind(user, today + timedelta(days=horizon_days))
    ]
    return DueCounts(
        overdue=sum(total["overdue"] for total in totals),
        due_soon=sum(total["soon"] for total in totals),
    )


def due_rows(
    user: Any, today: date, horizon_days: int = DUE_HORIZON_DAYS, show: DueShow = ""
) -> QuerySet[Any]:
    """Both registers' due records as one SQL list (``UNION ALL`` of ``kind``, ``pk``, due date
    and the name it sorts by), sorted by due date, then name, then register, so that a slice of
    it is one query returning only that page's keys; ``due_page`` loads their records."""
    activities, sources = _due_records_by_kind(user, today + timedelta(days=horizon_days))
    if show == "overdue":
        activities = activities.filter(retention_due_on__lte=today)
        sources = sources.filter(retention_due_on__lte=today)
    elif show == "due_soon":
        activities = activities.filter(retention_due_on__gt=today)
        sources = sources.filter(retention_due_on__gt=today)

    def keys(records: QuerySet[Any], kind: str) -> QuerySet[Any]:
        return (
            records.order_by()
            .annotate(kind=Value(kind, output_field=CharField()), sort_name=Lower("name"))
            .values("kind", "pk", "retention_due_on", "sort_name")
        )

    return (
        keys(activities, "activity")
        .union(keys(sources, "data_source"), all=True)
        .order_by("retention_due_on", "sort_name", "kind", "pk")
    )


def due_page(rows: Sequence[dict[str, Any]], user: Any, today: date) -> list[DueRecord]:
    """The records of a page of ``due_rows``, in its order, each with its rule and owner: one
    query per register on the page, whatever the page size."""
    wanted: dict[str, list[int]] = {"activity": [], "data_source": []}
    for row in rows:
        wanted[row["kind"]].append(row["pk"])
    loaded: dict[tuple[str, int], Any] = {}
    for kind, model in (("activity", ProcessingActivity), ("data_source", DataSource)):
        if wanted[kind]:
            records = (
                model.objects.visible_to(user)  # type: ignore[attr-defined]
                .filter(pk__in=wanted[kind])
                .select_related("owner", "retention_rule")
                .order_by()  # put in the keys' order below
            )
            loaded.update(((kind, record.pk), record) for record in records)
    due = []
    for row in rows:
        record = loaded.get((row["kind"], row["pk"]))
        if record is None or record.retention_rule is None or record.retention_due_on is None:
            continue  # changed since the keys were read: left off this page
        due.append(
            DueRecord(
                record=record,
                rule=record.retention_rule,
                trigger_on=record.retention_trigger_on,
                due_on=record.retention_due_on,
                is_overdue=record.retention_due_on <= today,
            )
        )
    return due


class DueList:
    """The due list as a sequence ``Paginator`` can count and slice: the count is the one the
    summary already read, a slice is one ``due_rows`` query plus ``due_page``."""

    def __init__(self, user: Any, today: date, horizon_days: int, show: DueShow, count: int):
        self.rows = due_rows(user, today, horizon_days, show)
        self.user, self.today, self.total = user, today, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[DueRecord]:
        return due_page(list(self.rows[window]), self.user, self.today)


def records_due_for_disposal(
    user: Any, today: date, horizon_days: int = DUE_HORIZON_DAYS
) -> list[DueRecord]:
    """Every activity and data source ``user`` may see that has a retention rule and a trigger
    date, is not retired, and is due on or before ``today + horizon_days``: overdue when due
    today or earlier. Sorted by due date, then name. Three queries, however many records (the
    page reads the same list a page at a time, through ``DueList``)."""
    return due_page(list(due_rows(user, today, horizon_days)), user, today)


@dataclass(frozen=True)
class HeldRecord:
    """A record held under a retention rule, with its derived due date."""

    record: ProcessingActivity | DataSource
    due_on: date | None
    is_retired: bool
    is_overdue: bool
    is_due_soon: bool


def records_held_under(
    rule: RetentionRule, user: Any, today: date, horizon_days: int = DUE_HORIZON_DAYS
) -> dict[str, list[HeldRecord]]:
    """The activities and data sources held under ``rule``, each with its due date, soonest
    first (records without a trigger date last). Two queries."""
    last_due_on = today + timedelta(days=horizon_days)

    def held(record: Any, is_retired: bool) -> HeldRecord:
        record.retention_rule = rule
        due_on = rule.due_on(record.retention_trigger_on)
        return HeldRecord(
            record=record,
            due_on=due_on,
            is_retired=is_retired,
            is_overdue=not is_retired and due_on is not None and due_on <= today,
            is_due_soon=not is_retired and due_on is not None and today < due_on <= last_due_on,
        )

    def order(item: HeldRecord) -> tuple[bool, date, str]:
        return (item.due_on is None, item.due_on or date.max, str(item.record).casefold())

    activities = [
        held(activity, activity.status == ActivityStatus.RETIRED)
        for activity in ProcessingActivity.objects.visible_to(user).filter(retention_rule=rule)
    ]
    sources = [
        held(source, source.retired_on is not None)
        for source in DataSource.objects.visible_to(user).filter(retention_rule=rule)  # type: ignore[attr-defined]
    ]
    return {"activities": sorted(activities, key=order), "data_sources": sorted(sources, key=order)}


def activities_using_policy(policy_id: int, user: Any) -> dict[str, list[ProcessingActivity]]:
    """The activities ``user`` may see that rely on a policy, as their safeguards policy
    (appropriate policy document) or their retention and erasure policy. One query."""
    activities = list(
        ProcessingActivity.objects.visible_to(user)
        .filter(Q(safeguards_policy=policy_id) | Q(retention_policy=policy_id))
        .order_by("name")
    )
    return {
        "safeguards": [a for a in activities if a.safeguards_policy_id == policy_id],
        "retention": [a for a in activities if a.retention_policy_id == policy_id],
    }


# --- Deciding disposals ------------------------------------------------------------------------


def may_open_disposal_queue(user: Any) -> bool:
    """The DPO's queue of proposals is open to whoever may decide some of them: the DPO, and
    the SIRO as deputy for the ones a DPO proposed."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm(APPROVE_DISPOSAL) and user.role == Role.DPO:
        return True
    return bool(user.role == DPO_DEPUTY_ROLE and user.has_perm("ropa.view_disposal"))


def disposal_decision(user: Any, disposal: Disposal) -> Decision:
    """May ``user`` approve or refuse ``disposal`` now, and as whom? Reads the authorship
    ``DisposalQuerySet.with_authorship(user)`` annotated, or asks for it (one query)."""
    if disposal.status != DisposalStatus.PROPOSED:
        status = disposal.get_status_display().lower()
        return Decision(False, refusal=f"This disposal has been {status}.")
    if not hasattr(disposal, "viewer_wrote_it"):
        disposal = Disposal.objects.with_authorship(user).get(pk=disposal.pk)
    wrote_it, written_by_dpo = disposal.viewer_wrote_it, disposal.written_by_dpo  # type: ignore[attr-defined]
    return dpo_decision(
        user,
        permission=APPROVE_DISPOSAL,
        wrote_it=bool(wrote_it),
        written_by_dpo=bool(written_by_dpo),
        what="approve or refuse this disposal",
    )


def disposal_waiting_text(user: Any, disposal: Disposal, decision: Decision) -> str:
    """What the page says instead of the decision buttons: who can decide. The DPO and the
    SIRO are told why not them; everyone else that the DPO has it."""
    if user.role in (Role.DPO, DPO_DEPUTY_ROLE):
        return decision.refusal
    return "Awaiting the DPO's approval."


def disposals_awaiting_count(user: Any) -> int:
    """How many proposals ``user`` may decide now: for the DPO those they did not write, for
    the SIRO those a DPO wrote (one COUNT query; none asked for anyone else)."""
    if not may_open_disposal_queue(user):
        return 0
    waiting = (
        Disposal.objects.visible_to(user)
        .awaiting_decision()
        .with_authorship(user)
        # Annotations, which django-stubs cannot see: hence the keyword dictionaries.
        .filter(**{"viewer_wrote_it": False})
    )
    if user.role != Role.DPO:
        waiting = waiting.filter(**{"written_by_dpo": True})
    return waiting.count()


# --- One activity's record, as its page and the printed record show it ------------------------


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    #: For a linked record with a status (a DPIA): its status value and label, shown as a tag.
    status: str = ""
    status_label: str = ""
    #: Something the reader must notice about it, e.g. "Review overdue" (a red tag).
    warning: str = ""

    @property
    def is_external(self) -> bool:
        return self.url.startswith(("https://", "http://"))


@dataclass
class RecordRow:
    """One row of a record's summary list: an ICO column (with its number) or one of ours."""

    label: str
    field: str
    number: int | None = None
    text: str = ""
    links: list[Link] = dataclasses.field(default_factory=list)
    is_list: bool = False
    is_missing: bool = False  # a required ICO column left empty
    is_overdue: bool = False
    #: The id of the form field it is changed in ("" when it is derived, not edited).
    anchor: str = ""
    #: Another action than "Change" for the row, e.g. starting a DPIA for a derived column.
    action: Link | None = None
    #: Where a derived column's entry comes from.
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.links


ICO_NUMBERS = {column.field: number for number, column in enumerate(ICO_COLUMNS, start=1)}
#: The ICO columns read from other registers rather than the activity's own fields.
DERIVED_ROWS = {column.field for column in ICO_COLUMNS if column.is_derived}
#: Rows of our own shown beside the ICO columns: the processors behind column 7, and the
#: retention rule behind column 10 with the due date it gives.
OWN_ROWS = {
    "processors": "Processors",
    "retention_rule": "Retention rule",
    "retention_trigger_on": "Retention period runs from",
    "retention_due_on": "Retention due date",
}

#: The record page's headings and the rows under each: every ICO column exactly once, in the
#: template's order within a heading.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The purpose", ("business_function", "purpose")),
    (
        "Individuals, data and recipients",
        ("individual_categories", "data_categories", "recipient_categories"),
    ),
    (
        "Sharing and transfers",
        (
            "joint_controllers",
            "processors",
            "processor_contracts",
            "third_countries",
            "transfer_safeguards",
        ),
    ),
    (
        "Lawful basis",
        (
            "art6_basis",
            "art9_condition",
            "legitimate_interests",
            "lia_link",
            "schedule1_condition",
            "schedule1_art6_basis",
        ),
    ),
    ("Rights", ("rights_available", "automated_decision_making")),
    (
        "Sources, location and security",
        ("security_measures", "sources", "consent_record_link", "location"),
    ),
    ("Data protection impact assessment", ("dpia_required", "dpia_progress", "dpia_link")),
    ("Breaches", ("has_breach", "breach_reference")),
    (
        "Retention",
        (
            "retention_schedule",
            "retention_rule",
            "retention_trigger_on",
            "retention_due_on",
            "retention_policy",
            "retained_in_line",
            "retention_reasons_if_not",
        ),
    ),
)


def _display(activity: ProcessingActivity, name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    display = getattr(activity, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def dpia_record_links(activity: ProcessingActivity, today: date | None = None) -> list[Link]:
    """Column 23 on the record: each DPIA that counts for the activity (``ropa.ico``), with its
    status and whether its review is due."""
    today = today or timezone.localdate()
    links = []
    for dpia in counting_dpias(activity):
        warning = (
            "Review overdue"
            if dpia.is_review_overdue(today)
            else "Review due"
            if dpia.is_review_due(today)
            else ""
        )
        links.append(
            Link(
                f"{dpia_label(dpia)}: {dpia.title}",
                dpia.get_absolute_url(),
                status=dpia.status,
                status_label=dpia.get_status_display(),
                warning=warning,
            )
        )
    return links


def record_rows(activity: ProcessingActivity, today: date | None = None) -> dict[str, RecordRow]:
    """Every ICO column of ``activity`` and our own rows, by field name, ready to show.

    Reads only what ``with_related()`` loaded, so it costs no queries.
    """
    # The form knows how each field is reached (radios and checkboxes by their first option).
    from .forms.activities import field_anchor

    today = today or timezone.localdate()
    missing = {column.field for column in missing_columns(activity)}
    rows: dict[str, RecordRow] = {}
    for name in (*ICO_NUMBERS, *OWN_ROWS):
        number = ICO_NUMBERS.get(name)
        label = ICO_COLUMNS[number - 1].heading if number else OWN_ROWS[name]
        row = RecordRow(
            label=label,
            field=name,
            number=number,
            is_missing=name in missing,
            anchor=field_anchor(name),
        )
        rows[name] = row
        if name in DERIVED_ROWS:
            row.source = "from the DPIA register"
            continue
        value = getattr(activity, name)
        if hasattr(value, "all"):  # many-to-many: each linked record by name
            row.is_list = True
            row.links = [Link(str(obj), obj.get_absolute_url()) for obj in value.all()]
        elif isinstance(value, Model):
            row.links = [Link(str(value), value.get_absolute_url())]  # type: ignore[attr-defined]
        else:
            row.text = _display(activity, name, value)
            if row.text.startswith(("https://", "http://")):
                row.links, row.text = [Link(row.text, row.text)], ""
    # Columns 22 and 23, from the DPIA register.
    rows["dpia_progress"].text = dpia_progress(activity)
    rows["dpia_link"].is_list = True
    rows["dpia_link"].links = dpia_record_links(activity, today)
    due = activity.retention_due_on
    rows["retention_due_on"].is_overdue = (
        due is not None and due < today and activity.status != ActivityStatus.RETIRED
    )
    return rows


def record_sections(rows: dict[str, RecordRow]) -> list[tuple[str, list[RecordRow]]]:
    return [(heading, [rows[name] for name in names]) for heading, names in SECTIONS]


def ico_order(rows: dict[str, RecordRow]) -> list[RecordRow]:
    """The 30 columns in the ICO template's order, as the printed record lists them."""
    return [rows[column.field] for column in ICO_COLUMNS]


def is_review_overdue(activity: ProcessingActivity, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        activity.next_review_on is not None
        and activity.next_review_on < today
        and activity.status != ActivityStatus.RETIRED
    )
