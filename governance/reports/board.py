"""The quarterly Board report: what the SIRO takes to the VPP Board.

Built from the same modules as the dashboard (``governance.dashboard`` panels,
``governance.findings``, ``governance.trends``), plus what happened in the period: DPIAs
approved, breaches and their 72-hour record, agreements that came into force, and those
expiring soon. The panels and findings are as they stand on the day the report is produced
(they are live), the rest covers the chosen period.

The cost is fixed whatever the number of rows: the panels' and findings' own fixed queries,
one query for the charts, and one count plus one capped read per section.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from sharing.choices import AgreementStatus
from sharing.models import Agreement

from ..choices import DpiaStatus, IcoDecision
from ..dashboard import Panel, build_panels
from ..findings import Category, Finding, Severity
from ..models import Breach, Dpia
from ..trends import Chart, charts
from . import findings_source
from .periods import Period

#: How far ahead "expiring" looks, as on the dashboard.
EXPIRING_WITHIN = timedelta(days=90)


@dataclass(frozen=True)
class Section:
    """A capped list: the first ``shown`` rows, and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass(frozen=True)
class PanelSection:
    """One accountability panel with its findings, the most serious first."""

    panel: Panel
    findings: list[Finding]
    finding_total: int

    @property
    def more_findings(self) -> int:
        return max(self.finding_total - len(self.findings), 0)


@dataclass(frozen=True)
class BreachLine:
    breach: Breach
    #: Its 72-hour record in words ("Told the ICO in time"), and the key counted below.
    record: str
    record_key: str


@dataclass(frozen=True)
class Action:
    """Something the Board is asked to note or decide, and the list behind it."""

    text: str
    url: str
    severity: str = ""


#: The 72-hour record's keys, in the order the report lists them, and their words.
BREACH_RECORD = {
    "in_time": "Told the ICO in time",
    "late": "Told the ICO late",
    "overdue": "Must be told: past 72 hours and not yet told",
    "due": "Must be told: within 72 hours, not yet told",
    "not_reportable": "Not reportable",
    "undecided": "Not decided yet",
}


@dataclass(frozen=True)
class BoardReport:
    period: Period
    produced_on: date
    panels: list[PanelSection]
    charts: list[Chart]
    dpias_approved: Section
    breaches: Section
    breach_record: list[tuple[str, str, int]]
    agreements_signed: Section
    agreements_expiring: Section
    actions: list[Action]
    expiring_until: date
    finding_counts: dict[str, int] = field(default_factory=dict)

    @property
    def attention(self) -> int:
        return sum(section.panel.attention for section in self.panels)


def _limit() -> int:
    return int(getattr(settings, "BOARD_REPORT_LIST_LIMIT", 50))


def _section(queryset: QuerySet[Any], total: int, limit: int) -> Section:
    return Section(rows=list(queryset[:limit]) if total else [], total=total)


# --- What happened in the period ----------------------------------------------------------------


def dpias_approved(user: Any, period: Period) -> QuerySet[Dpia]:
    start, end = period.bounds()
    return (
        Dpia.objects.visible_to(user)
        .filter(
            status__in=(DpiaStatus.APPROVED, DpiaStatus.SUPERSEDED),
            signed_off_at__gte=start,
            signed_off_at__lt=end,
        )
        .select_related("signed_off_by", "author")
        .order_by("signed_off_at", "pk")
    )


def breaches_in(user: Any, period: Period) -> QuerySet[Breach]:
    start, end = period.bounds()
    return (
        Breach.objects.visible_to(user)
        .filter(became_aware_at__gte=start, became_aware_at__lt=end)
        .select_related("organisation")
        .order_by("became_aware_at", "pk")
    )


def agreements_signed(user: Any, period: Period) -> QuerySet[Agreement]:
    """Agreements that came into force in the period (and have not been abandoned since)."""
    return (
        Agreement.objects.visible_to(user)
        .filter(
            starts_on__gte=period.starts_on,
            starts_on__lte=period.ends_on,
            status__in=(
                AgreementStatus.ACTIVE,
                AgreementStatus.EXPIRED,
                AgreementStatus.TERMINATED,
            ),
        )
        .order_by("starts_on", "pk")
    )


def agreements_expiring(user: Any, today: date) -> QuerySet[Agreement]:
    return (
        Agreement.objects.visible_to(user)
        .filter(
            status=AgreementStatus.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=today + EXPIRING_WITHIN,
        )
        .order_by("expires_on", "pk")
    )


def breach_record_key(breach: Breach, now: Any) -> str:
    """Where ``breach`` stands against UK GDPR Art 33's 72 hours."""
    if breach.ico_decision == IcoDecision.NOT_REQUIRED:
        return "not_reportable"
    if breach.ico_decision == IcoDecision.REPORT:
        if breach.ico_told_at is not None:
            return "in_time" if breach.ico_told_at <= breach.ico_deadline_at else "late"
        return "overdue" if now > breach.ico_deadline_at else "due"
    return "undecided"


def _breach_record_counts(queryset: QuerySet[Breach], now: Any) -> Counter[str]:
    """The 72-hour record of every breach in the period, in one aggregate query."""
    told = Q(ico_decision=IcoDecision.REPORT, ico_told_at__isnull=False)
    untold = Q(ico_decision=IcoDecision.REPORT, ico_told_at__isnull=True)
    figures = queryset.order_by().aggregate(
        in_time=Count("pk", filter=told & Q(ico_told_at__lte=F("ico_deadline_at"))),
        late=Count("pk", filter=told & Q(ico_told_at__gt=F("ico_deadline_at"))),
        overdue=Count("pk", filter=untold & Q(ico_deadline_at__lt=now)),
        due=Count("pk", filter=untold & Q(ico_deadline_at__gte=now)),
        not_reportable=Count("pk", filter=Q(ico_decision=IcoDecision.NOT_REQUIRED)),
        undecided=Count("pk", filter=Q(ico_decision=IcoDecision.UNDECIDED)),
    )
    return Counter({key: value or 0 for key, value in figures.items()})


def period_row_count(user: Any, period: Period, today: date | None = None) -> int:
    """How many rows the report lists for ``period``: what decides whether its PDF is made in
    the request or by a worker (``BOARD_REPORT_SYNC_LIMIT``)."""
    today = today or timezone.localdate()
    return (
        dpias_approved(user, period).count()
        + breaches_in(user, period).count()
        + agreements_signed(user, period).count()
        + agreements_expiring(user, today).count()
        + sum(findings_source.counts(today, user).values())
    )


# --- Actions for the Board ----------------------------------------------------------------------


def board_actions(
    panels: list[PanelSection], counts: dict[str, int], breach_record: Counter[str]
) -> list[Action]:
    """What only the Board can decide or must note: every kind of high finding (with how many),
    every leadership finding (role vacancies: the Board appoints), and late breach reports."""
    actions: list[Action] = []
    for kind in findings_source.kinds():
        count = counts.get(kind.slug, 0)
        if not count:
            continue
        if kind.category == Category.LEADERSHIP:
            actions.append(
                Action(
                    f"Decide how to fill the gap: {count} × {kind.title}.",
                    findings_source.findings_url(kind=kind.slug),
                    str(kind.severity),
                )
            )
        elif kind.severity == Severity.HIGH:
            actions.append(
                Action(
                    f"Note and direct action on {count} high finding{'s' if count != 1 else ''}: "
                    f"{kind.title}.",
                    findings_source.findings_url(kind=kind.slug),
                    str(kind.severity),
                )
            )
    late = breach_record["late"] + breach_record["overdue"]
    if late:
        actions.append(
            Action(
                f"Note {late} breach{'es' if late != 1 else ''} not reported to the ICO within "
                "72 hours, and the lessons learnt.",
                "",
                str(Severity.HIGH),
            )
        )
    return actions


# --- The report ---------------------------------------------------------------------------------


def panel_sections(
    panels: list[Panel], today: date, limit: int, counts: dict[str, int], user: Any
) -> list[PanelSection]:
    """Each panel with its findings: high first, then medium, then low, capped at
    ``limit`` per panel (with the count of the rest)."""
    sections = []
    for panel in panels:
        kinds = findings_source.kinds_of(panel.category)
        total = sum(counts.get(kind.slug, 0) for kind in kinds)
        listed = findings_source.page(kinds, limit, today, counts, user) if total else []
        sections.append(PanelSection(panel=panel, findings=listed, finding_total=total))
    return sections


def board_report(user: Any, period: Period, today: date | None = None) -> BoardReport:
    """The Board report for ``period`` as ``user`` may see it, produced on ``today``."""
    today = today or timezone.localdate()
    limit = _limit()
    panels = build_panels(user, today)
    counts = findings_source.counts(today, user)
    sections = panel_sections(panels, today, limit, counts, user)

    breaches = breaches_in(user, period)
    breach_total = breaches.count()
    now = timezone.now()
    record = _breach_record_counts(breaches, now) if breach_total else Counter()
    breach_rows = [
        BreachLine(b, BREACH_RECORD[key], key)
        for b in (breaches[:limit] if breach_total else [])
        for key in [breach_record_key(b, now)]
    ]
    approved = dpias_approved(user, period)
    signed = agreements_signed(user, period)
    expiring = agreements_expiring(user, today)
    return BoardReport(
        period=period,
        produced_on=today,
        panels=sections,
        charts=charts(12, period.ends_on),
        dpias_approved=_section(approved, approved.count(), limit),
        breaches=Section(rows=breach_rows, total=breach_total),
        breach_record=[(key, words, record[key]) for key, words in BREACH_RECORD.items()],
        agreements_signed=_section(signed, signed.count(), limit),
        agreements_expiring=_section(expiring, expiring.count(), limit),
        actions=board_actions(sections, counts, record),
        expiring_until=today + EXPIRING_WITHIN,
        finding_counts=counts,
    )
