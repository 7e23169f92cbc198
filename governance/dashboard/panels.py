"""The dashboard's panels and their figures.

Every figure is a count (or, for the leadership panel, a name or a date) with the URL of the
register list filtered to exactly its rows: the list filters and these counts share their
definitions (the querysets' ``uncovered``, ``review_overdue``, ``review_due``,
``with_high_residual_risk``, ``incomplete``; the stored retention due dates the due list and the
reminders read). Each register table is read once, by one conditional aggregate, so the
panels cost the same number of queries for ten rows or a hundred thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from ropa.choices import ActivityStatus, DisposalStatus
from ropa.models import Disposal, ProcessingActivity
from sharing.choices import AgreementStatus, DataClassification, HolderRole
from sharing.models import Agreement, DataSource, Organisation, RoleHolder
from sharing.selectors import EXPIRY_WARNING_DAYS

from ..choices import (
    DPIA_IN_FORCE_STATUSES,
    BreachStatus,
    DpiaStatus,
    IcoDecision,
    PolicyKind,
    PolicyStatus,
    ReportJobKind,
    ReportJobStatus,
)
from ..findings import Category, Severity, category_counts, findings_url
from ..models import Breach, Dpia, Policy, ReportJob

#: Retention ending within this many days counts as "due" (sooner is "overdue").
RETENTION_DUE_DAYS = 30

#: Accountability Framework categories the portal keeps no register for yet: named as such,
#: never given figures that would look like evidence.
NOT_RECORDED = {
    Category.TRAINING: (
        "The portal does not hold training records yet: induction, refresher and key-role "
        "training are recorded elsewhere."
    ),
    Category.RIGHTS: (
        "The portal does not hold requests from individuals yet: subject access and the other "
        "rights requests are logged elsewhere."
    ),
    Category.TRANSPARENCY: (
        "The portal does not hold privacy information yet beyond privacy notices on the policy "
        "register."
    ),
}


@dataclass(frozen=True)
class Figure:
    """One figure on a panel, and the list showing the rows behind it."""

    label: str
    value: int | str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Panel:
    """One Accountability Framework category: its figures and its findings' status."""

    category: Category
    heading: str
    status: str
    attention: int
    figures: list[Figure]
    findings_url: str
    recorded: bool = True
    by_severity: dict[str, int] = field(default_factory=dict)
    summary: str = ""

    @property
    def tag_colour(self) -> str:
        """Red with a high finding, orange with others, green with none (the tag's words say
        the same: colour is never the only signal)."""
        if not self.recorded:
            return "grey"
        if self.by_severity.get(Severity.HIGH, 0):
            return "red"
        return "orange" if self.attention else "green"

    @property
    def severity_text(self) -> str:
        """``"2 high, 1 medium"``: the findings by severity, highest first, zeros left out."""
        return ", ".join(
            f"{self.by_severity[severity]} {severity.label.lower()}"
            for severity in Severity
            if self.by_severity.get(severity)
        )


def status_text(attention: int) -> str:
    if attention == 0:
        return "Nothing needs attention"
    if attention == 1:
        return "1 thing needs attention"
    return f"{attention} things need attention"


def _list_url(name: str, **params: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _day(value: date | datetime) -> str:
    return format_date(value, "j F Y")


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


# --- Leadership and oversight ------------------------------------------------------------------


def _leadership(today: date) -> list[Figure]:
    host_pk = (
        Organisation.objects.filter(is_core_team_host=True).values_list("pk", flat=True).first()
    )
    holders: dict[str, list[tuple[str, date]]] = defaultdict(list)
    rows = (
        RoleHolder.objects.current(today)
        .filter(organisation__is_core_team_host=True)
        .order_by("starts_on", "pk")
        .values_list("role", "name", "starts_on")
    )
    for role, name, starts_on in rows:
        holders[role].append((name, starts_on))
    figures = []
    for role in HolderRole:
        held = holders.get(role.value, [])
        if not held:
            value, hint = "Nobody in post", "Nobody holds this role at the host organisation."
        else:
            value = ", ".join(name for name, _ in held)
            hint = f"In post since {_day(held[0][1])}." if len(held) == 1 else "A handover."
        label = "DPO in post" if role == HolderRole.DPO else str(role.label)
        url = _list_url(
            "sharing:roleholder_list", role=role.value, current="true", organisation=host_pk
        )
        figures.append(Figure(label, value, url, hint))
    figures.append(_last_board_report())
    return figures


def _last_board_report() -> Figure:
    job = (
        ReportJob.objects.filter(kind=ReportJobKind.BOARD_REPORT, status=ReportJobStatus.DONE)
        .select_related("requested_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    try:
        url = reverse("governance:board_report")
    except NoReverseMatch:  # the Board report page is not installed yet
        url = ""
    if job is None or job.finished_at is None:
        return Figure("Last Board report", "No Board report produced in the portal yet", url)
    hint = f"{job.title}, produced by {job.requested_by}." if job.title else ""
    return Figure("Last Board report", _day(timezone.localtime(job.finished_at)), url, hint)


# --- Policies and procedures -------------------------------------------------------------------


def _policies(user: Any, today: date) -> list[Figure]:
    figures = Policy.objects.visible_to(user).aggregate(
        in_force=Count("pk", filter=Q(status=PolicyStatus.IN_FORCE)),
        overdue=Count("pk", filter=Q(next_review_on__lt=today) & ~Q(status=PolicyStatus.WITHDRAWN)),
        safeguards=Count("pk", filter=Q(kind=PolicyKind.SAFEGUARDS, status=PolicyStatus.IN_FORCE)),
    )
    policy_list = "governance:policy_list"
    return [
        Figure("In force", figures["in_force"], _list_url(policy_list, status="in_force")),
        Figure(
            "Overdue for review",
            figures["overdue"],
            _list_url(policy_list, review_overdue="true"),
            "Past their next review date (withdrawn policies are not reviewed).",
        ),
        Figure(
            "Safeguards policies in force",
            figures["safeguards"],
            _list_url(policy_list, kind=PolicyKind.SAFEGUARDS.value, status="in_force"),
            "Appropriate policy documents: special category and criminal offence data need one.",
        ),
    ]


# --- Contracts and data sharing ----------------------------------------------------------------


def _source_figures(user: Any, today: date) -> dict[str, Any]:
    """The one read of the data source table: by classification, the uncovered ones and their
    retention (for the records-management panel)."""
    partner_shared = Q(classification=DataClassification.PARTNER_SHARED)
    live = Q(retired_on__isnull=True)
    due_by = today + timedelta(days=RETENTION_DUE_DAYS)
    return DataSource.objects.visible_to(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(classification=DataClassification.OPEN)),
        one_off=Count("pk", filter=Q(classification=DataClassification.ONE_OFF_PUBLIC)),
        partner=Count("pk", filter=partner_shared),
        uncovered=Count(
            "pk", filter=partner_shared & ~Q(covering_agreement__status=AgreementStatus.ACTIVE)
        ),
        retention_overdue=Count("pk", filter=live & Q(retention_due_on__lte=today)),
        retention_due=Count(
            "pk", filter=live & Q(retention_due_on__gt=today, retention_due_on__lte=due_by)
        ),
    )


def _contracts(user: Any, today: date, sources: dict[str, Any]) -> list[Figure]:
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    active = Q(status=AgreementStatus.ACTIVE)
    agreements = Agreement.objects.visible_to(user).aggregate(
        active=Count("pk", filter=active),
        expiring=Count("pk", filter=active & Q(expires_on__lt=horizon)),
    )
    public = sources["open"] + sources["one_off"]
    share = round(100 * public / sources["total"]) if sources["total"] else 0
    agreement_list, source_list = "sharing:agreement_list", "sharing:datasource_list"
    return [
        Figure(
            "Active agreements", agreements["active"], _list_url(agreement_list, status="active")
        ),
        Figure(
            f"Expiring within {EXPIRY_WARNING_DAYS} days",
            agreements["expiring"],
            _list_url(agreement_list, status="active", expires_before=horizon.isoformat()),
            f"Active agreements whose expiry date is before {_day(horizon)}.",
        ),
        Figure(
            "Partner-shared data without an active agreement",
            sources["uncovered"],
            _list_url(source_list, uncovered="true"),
        ),
        Figure(
            "Open data (class 1)",
            sources["open"],
            _list_url(source_list, classification=DataClassification.OPEN.value),
        ),
        Figure(
            "One-off public data (class 2)",
            sources["one_off"],
            _list_url(source_list, classification=DataClassification.ONE_OFF_PUBLIC.value),
        ),
        Figure(
            "Partner-shared data (class 3)",
            sources["partner"],
            _list_url(source_list, classification=DataClassification.PARTNER_SHARED.value),
        ),
        Figure(
            "Open or one-off public",
            public,
            _list_url(source_list, open_or_public="true"),
            f"{share}% of {_plural(sources['total'], 'data source')}: the strategy prefers "
            "classes 1 and 2 to partner-shared data.",
        ),
    ]


# --- Records of processing and lawful basis ----------------------------------------------------


def _activity_figures(user: Any, today: date) -> dict[str, Any]:
    """The one read of the ROPA table: activities by status, the active ones with personal
    data and how many of those leave an ICO column empty, and their retention (for the
    records-management panel)."""
    live = ~Q(status=ActivityStatus.RETIRED)
    due_by = today + timedelta(days=RETENTION_DUE_DAYS)
    rows = ProcessingActivity.objects.visible_to(user)
    active_personal = Q(status=ActivityStatus.ACTIVE, has_personal_data=True)
    return rows.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in ActivityStatus},
        active_personal=Count("pk", filter=active_personal),
        # Completeness has one definition (``ropa.ico``), here in its SQL form.
        incomplete=Count("pk", filter=active_personal & rows.incomplete_condition()),
        retention_overdue=Count("pk", filter=live & Q(retention_due_on__lte=today)),
        retention_due=Count(
            "pk", filter=live & Q(retention_due_on__gt=today, retention_due_on__lte=due_by)
        ),
    )


def _ropa(activities: dict[str, Any]) -> list[Figure]:
    incomplete = activities["incomplete"]
    total = activities["active_personal"]
    complete = total - incomplete
    share = round(100 * complete / total) if total else 100
    activity_list = "ropa:processingactivity_list"
    personal = {"status": "active", "has_personal_data": "true"}
    figures = [
        Figure(
            "Active with personal data",
            total,
            _list_url(activity_list, **personal),
        ),
        Figure(
            "Complete ICO record",
            complete,
            _list_url(activity_list, **personal, completeness="complete"),
            f"{share}% of active activities with personal data have every required ICO column.",
        ),
        Figure(
            "Required ICO columns missing",
            incomplete,
            _list_url(activity_list, **personal, completeness="incomplete"),
        ),
    ]
    for status in ActivityStatus:
        figures.append(
            Figure(
                f"{status.label} activities",
                activities[status.value],
                _list_url(activity_list, status=status.value),
            )
        )
    return figures


# --- Risks and DPIAs ---------------------------------------------------------------------------


def _risks(user: Any, today: date) -> list[Figure]:
    dpias = Dpia.objects.visible_to(user)
    figures = dpias.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in DpiaStatus},
        oldest_submission=Min("submitted_at", filter=Q(status=DpiaStatus.SUBMITTED)),
        review_due=Count(
            "pk", filter=Q(status__in=DPIA_IN_FORCE_STATUSES, next_review_on__lte=today)
        ),
        ico_consulted=Count("pk", filter=Q(ico_consulted_on__isnull=False)),
    )
    high = dpias.with_high_residual_risk().count()
    dpia_list = "governance:dpia_list"
    waiting = figures[DpiaStatus.SUBMITTED.value]
    oldest = figures["oldest_submission"]
    wait_hint = ""
    if waiting and oldest is not None:
        since = timezone.localtime(oldest)
        days = (today - since.date()).days
        wait_hint = f"The longest has waited {_plural(days, 'day')}, since {_day(since)}."
    result = [
        Figure(
            "Awaiting the DPO's advice",
            waiting,
            _list_url(dpia_list, status=DpiaStatus.SUBMITTED.value),
            wait_hint,
        ),
        Figure(
            "Due for review",
            figures["review_due"],
            _list_url(dpia_list, review_due="true"),
            "Approved, or screened out, and the next review date has come.",
        ),
        Figure(
            "High residual risk",
            high,
            _list_url(dpia_list, high_residual="true"),
            "Open or in-force DPIAs whose highest risk after its measures is high: the SIRO "
            "accepts it, or the ICO is consulted first.",
        ),
        Figure(
            "ICO prior consultations",
            figures["ico_consulted"],
            _list_url(dpia_list, ico_consulted="true"),
            "DPIAs on which the ICO was consulted before the processing (UK GDPR Art 36).",
        ),
    ]
    for status in DpiaStatus:
        result.append(
            Figure(
                str(status.label),
                figures[status.value],
                _list_url(dpia_list, status=status.value),
            )
        )
    return result


# --- Records management and security -----------------------------------------------------------


def _records(
    user: Any, today: date, activities: dict[str, Any], sources: dict[str, Any]
) -> list[Figure]:
    year_start = date(today.year, 1, 1)
    disposals = Disposal.objects.visible_to(user).aggregate(
        this_year=Count(
            "pk",
            filter=Q(
                status=DisposalStatus.APPROVED,
                disposed_on__gte=year_start,
                disposed_on__lte=today,
            ),
        ),
        proposed=Count("pk", filter=Q(status=DisposalStatus.PROPOSED)),
    )
    due_list, disposal_list = "ropa:retention_due", "ropa:disposal_list"
    return [
        Figure(
            "Retention overdue",
            activities["retention_overdue"] + sources["retention_overdue"],
            _list_url(due_list, show="overdue"),
            "Processing activities and data sources whose retention period has ended.",
        ),
        Figure(
            f"Retention ends within {RETENTION_DUE_DAYS} days",
            activities["retention_due"] + sources["retention_due"],
            _list_url(due_list, show="due_soon", within=RETENTION_DUE_DAYS),
        ),
        Figure(
            f"Disposals since {_day(year_start)}",
            disposals["this_year"],
            _list_url(
                disposal_list,
                status=DisposalStatus.APPROVED.value,
                disposed_from=year_start.isoformat(),
                disposed_to=today.isoformat(),
            ),
            "Approved by the DPO.",
        ),
        Figure(
            "Disposals awaiting the DPO's approval",
            disposals["proposed"],
            _list_url(disposal_list, status=DisposalStatus.PROPOSED.value),
        ),
    ]


# --- Breach response and monitoring ------------------------------------------------------------


def _breaches(user: Any) -> list[Figure]:
    now = timezone.now()
    clock_running = (
        Q(ico_told_at__isnull=True)
        & ~Q(ico_decision=IcoDecision.NOT_REQUIRED)
        & ~Q(status=BreachStatus.CLOSED)
    )
    figures = Breach.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=BreachStatus.OPEN)),
        contained=Count("pk", filter=Q(status=BreachStatus.CONTAINED)),
        passed=Count("pk", filter=clock_running & Q(ico_deadline_at__lte=now)),
        in_time=Count(
            "pk", filter=Q(ico_told_at__isnull=False, ico_told_at__lte=F("ico_deadline_at"))
        ),
        late=Count("pk", filter=Q(ico_told_at__gt=F("ico_deadline_at"))),
        not_reportable=Count("pk", filter=Q(ico_decision=IcoDecision.NOT_REQUIRED)),
        undecided=Count("pk", filter=Q(ico_decision=IcoDecision.UNDECIDED)),
    )
    breach_list = "governance:breach_list"
    return [
        Figure("Open", figures["open"], _list_url(breach_list, status=BreachStatus.OPEN.value)),
        Figure(
            "Contained, not yet closed",
            figures["contained"],
            _list_url(breach_list, status=BreachStatus.CONTAINED.value),
        ),
        Figure(
            "Past 72 hours and the ICO not told",
            figures["passed"],
            _list_url(breach_list, deadline="passed"),
            "Reportable or undecided breaches whose ICO deadline has passed.",
        ),
        Figure(
            "Reported to the ICO within 72 hours",
            figures["in_time"],
            _list_url(breach_list, ico_told="in_time"),
        ),
        Figure(
            "Reported to the ICO late",
            figures["late"],
            _list_url(breach_list, ico_told="late"),
        ),
        Figure(
            "Not reportable",
            figures["not_reportable"],
            _list_url(breach_list, ico_decision=IcoDecision.NOT_REQUIRED.value),
            "The DPO decided the ICO need not be told, with reasons.",
        ),
        Figure(
            "ICO decision not taken yet",
            figures["undecided"],
            _list_url(breach_list, ico_decision=IcoDecision.UNDECIDED.value),
        ),
    ]


# --- The panels --------------------------------------------------------------------------------


def build_panels(user: Any, today: date | None = None) -> list[Panel]:
    """One panel per Accountability Framework category, in the Framework's order: figures
    from the registers ``user`` may see, status from the category's findings."""
    today = today or timezone.localdate()
    activities = _activity_figures(user, today)
    sources = _source_figures(user, today)
    figures = {
        Category.LEADERSHIP: _leadership(today),
        Category.POLICIES: _policies(user, today),
        Category.ROPA: _ropa(activities),
        Category.CONTRACTS: _contracts(user, today, sources),
        Category.RISKS: _risks(user, today),
        Category.RECORDS: _records(user, today, activities, sources),
        Category.BREACHES: _breaches(user),
    }
    findings = category_counts(today)
    panels = []
    for category in Category:
        by_severity = {
            str(severity): count for severity, count in findings.get(category, {}).items() if count
        }
        attention = sum(by_severity.values())
        if category in NOT_RECORDED:
            panels.append(
                Panel(
                    category=category,
                    heading=str(category.label),
                    status="Not yet recorded in the portal",
                    attention=0,
                    figures=[],
                    findings_url=findings_url(category=category.value),
                    recorded=False,
                    summary=NOT_RECORDED[category],
                )
            )
            continue
        panels.append(
            Panel(
                category=category,
                heading=str(category.label),
                status=status_text(attention),
                attention=attention,
                figures=figures[category],
                findings_url=findings_url(category=category.value),
                by_severity=by_severity,
            )
        )
    return panels
