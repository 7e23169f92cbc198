"""The risks and DPIAs, records management and breach panels' figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from ropa.choices import DisposalStatus
from ropa.models import Disposal

from ..choices import (
    DPIA_IN_FORCE_STATUSES,
    BreachStatus,
    DpiaStatus,
    IcoDecision,
)
from ..models import Breach, Dpia
from .figures import RETENTION_DUE_DAYS, Figure, day_text, list_url, plural

# --- Risks and DPIAs ---------------------------------------------------------------------------


def risk_figures(user: Any, today: date) -> list[Figure]:
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
        wait_hint = f"The longest has waited {plural(days, 'day')}, since {day_text(since)}."
    result = [
        Figure(
            "Awaiting the DPO's advice",
            waiting,
            list_url(dpia_list, status=DpiaStatus.SUBMITTED.value),
            wait_hint,
        ),
        Figure(
            "Due for review",
            figures["review_due"],
            list_url(dpia_list, review_due="true"),
            "Approved, or screened out, and the next review date has come.",
        ),
        Figure(
            "High residual risk",
            high,
            list_url(dpia_list, high_residual="true"),
            "Open or in-force DPIAs whose highest risk after its measures is high: the SIRO "
            "accepts it, or the ICO is consulted first.",
        ),
        Figure(
            "ICO prior consultations",
            figures["ico_consulted"],
            list_url(dpia_list, ico_consulted="true"),
            "DPIAs on which the ICO was consulted before the processing (UK GDPR Art 36).",
        ),
    ]
    for status in DpiaStatus:
        result.append(
            Figure(
                str(status.label),
                figures[status.value],
                list_url(dpia_list, status=status.value),
            )
        )
    return result


# --- Records management and security -----------------------------------------------------------


def records_figures(
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
            list_url(due_list, show="overdue"),
            "Processing activities and data sources whose retention period has ended.",
        ),
        Figure(
            f"Retention ends within {RETENTION_DUE_DAYS} days",
            activities["retention_due"] + sources["retention_due"],
            list_url(due_list, show="due_soon", within=RETENTION_DUE_DAYS),
        ),
        Figure(
            f"Disposals since {day_text(year_start)}",
            disposals["this_year"],
            list_url(
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
            list_url(disposal_list, status=DisposalStatus.PROPOSED.value),
        ),
    ]


# --- Breach response and monitoring ------------------------------------------------------------


def breach_figures(user: Any) -> list[Figure]:
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
        Figure("Open", figures["open"], list_url(breach_list, status=BreachStatus.OPEN.value)),
        Figure(
            "Contained, not yet closed",
            figures["contained"],
            list_url(breach_list, status=BreachStatus.CONTAINED.value),
        ),
        Figure(
            "Past 72 hours and the ICO not told",
            figures["passed"],
            list_url(breach_list, deadline="passed"),
            "Reportable or undecided breaches whose ICO deadline has passed.",
        ),
        Figure(
            "Reported to the ICO within 72 hours",
            figures["in_time"],
            list_url(breach_list, ico_told="in_time"),
        ),
        Figure(
            "Reported to the ICO late",
            figures["late"],
            list_url(breach_list, ico_told="late"),
        ),
        Figure(
            "Not reportable",
            figures["not_reportable"],
            list_url(breach_list, ico_decision=IcoDecision.NOT_REQUIRED.value),
            "The DPO decided the ICO need not be told, with reasons.",
        ),
        Figure(
            "ICO decision not taken yet",
            figures["undecided"],
            list_url(breach_list, ico_decision=IcoDecision.UNDECIDED.value),
        ),
    ]
