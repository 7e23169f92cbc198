"""The trend series: what each one counts, worked out from history as at a month's end.

Each series is a function of one ``Moment`` returning a value for every one of its keys (zeros
included, so a month's row set is always whole). Each runs a fixed number of queries — one or
two — whatever the number of records or history rows: counts are grouped or conditional
aggregates over ``history.as_at``, never a loop over records.

"Overdue" follows the reminders' own rules (``governance.reminders.kinds``): a date is overdue
the day after it falls, and only while the record still counts (an approved DPIA, an active
agreement, a policy not withdrawn, an activity not retired, a data source not disposed of).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from ropa.choices import ActivityStatus
from ropa.models import ProcessingActivity
from sharing.choices import AgreementStatus
from sharing.models import Agreement, DataSource

from ..choices import BreachStatus, DpiaStatus, IcoDecision, PolicyStatus
from ..models import Breach, Dpia, Policy
from .history import as_at


@dataclass(frozen=True)
class Moment:
    """The end of one month as the trends see it: ``day`` is the month's last day (today, for
    the month under way) and ``cutoff`` the first instant after it, in London time."""

    month: date
    day: date
    cutoff: datetime


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def moment(month: date, today: date | None = None) -> Moment:
    today = today or timezone.localdate()
    month = first_of_month(month)
    day = min(next_month(month) - timedelta(days=1), today)
    cutoff = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Moment(month=month, day=day, cutoff=cutoff)


def _by_state(rows_counted: dict[str, int], keys: list[str]) -> dict[str, int]:
    return {key: rows_counted.get(key, 0) for key in keys}


def agreements_by_state(at: Moment) -> dict[str, int]:
    grouped = as_at(Agreement, at.cutoff).values("status").annotate(n=Count("history_id"))
    return _by_state({row["status"]: row["n"] for row in grouped}, AgreementStatus.values)


def dpias_by_state(at: Moment) -> dict[str, int]:
    grouped = as_at(Dpia, at.cutoff).values("status").annotate(n=Count("history_id"))
    return _by_state({row["status"]: row["n"] for row in grouped}, DpiaStatus.values)


def _count(**conditions: Q) -> dict[str, Count]:
    return {key: Count("history_id", filter=condition) for key, condition in conditions.items()}


def overdue(at: Moment) -> dict[str, int]:
    """Records whose review (or retention) date had passed by the month's end while they
    still counted. Retention joins activities and data sources: one figure, two registers."""
    day = at.day
    dpias = as_at(Dpia, at.cutoff).aggregate(
        **_count(dpia_review=Q(status=DpiaStatus.APPROVED, next_review_on__lt=day))
    )
    agreements = as_at(Agreement, at.cutoff).aggregate(
        **_count(agreement_review=Q(status=AgreementStatus.ACTIVE, review_on__lt=day))
    )
    policies = as_at(Policy, at.cutoff).aggregate(
        **_count(policy_review=~Q(status=PolicyStatus.WITHDRAWN) & Q(next_review_on__lt=day))
    )
    live_activity = ~Q(status=ActivityStatus.RETIRED)
    activities = as_at(ProcessingActivity, at.cutoff).aggregate(
        **_count(
            activity_review=live_activity & Q(next_review_on__lt=day),
            retention=live_activity & Q(retention_due_on__lt=day),
        )
    )
    sources = as_at(DataSource, at.cutoff).aggregate(
        **_count(retention=Q(retired_on__isnull=True, retention_due_on__lt=day))
    )
    return {
        "dpia_review": dpias["dpia_review"],
        "agreement_review": agreements["agreement_review"],
        "policy_review": policies["policy_review"],
        "activity_review": activities["activity_review"],
        "retention": activities["retention"] + sources["retention"],
    }


#: The overdue keys that are reviews (the rest is retention).
REVIEW_KEYS = ("dpia_review", "agreement_review", "policy_review", "activity_review")


def findings(at: Moment, late: dict[str, int] | None = None) -> dict[str, int]:
    """The findings that history can tell again month by month: overdue reviews and retention
    (as in ``overdue``), expired agreements still covering a source or activity in use, and
    breaches past their 72 hours with no decision about telling the ICO. (Findings about how
    records relate — a missing DPIA, an uncovered source — need every link as it was, which
    history keeps only in part: the live check counts those, for the month under way.)"""
    late = late if late is not None else overdue(at)
    in_use_by_sources = (
        as_at(DataSource, at.cutoff)
        .filter(retired_on__isnull=True, covering_agreement_id__isnull=False)
        .values("covering_agreement_id")
    )
    in_use_by_activities = (
        as_at(ProcessingActivity, at.cutoff)
        .exclude(status=ActivityStatus.RETIRED)
        .filter(covering_agreement_id__isnull=False)
        .values("covering_agreement_id")
    )
    expired_in_use = (
        as_at(Agreement, at.cutoff)
        .filter(status=AgreementStatus.EXPIRED)
        .filter(Q(id__in=in_use_by_sources) | Q(id__in=in_use_by_activities))
        .count()
    )
    breaches = (
        as_at(Breach, at.cutoff)
        .filter(
            ico_decision=IcoDecision.UNDECIDED,
            ico_deadline_at__lt=min(at.cutoff, timezone.now()),
        )
        .exclude(status=BreachStatus.CLOSED)
        .count()
    )
    return {
        "reviews_overdue": sum(
            late[key]
            for key in ("dpia_review", "agreement_review", "policy_review", "activity_review")
        ),
        "retention_overdue": late["retention"],
        "expired_agreement_in_use": expired_in_use,
        "breach_72_hours": breaches,
    }


def all_series(at: Moment) -> dict[str, dict[str, int]]:
    """Every series recorded for every month, by the name stored in ``MonthlyFigure.series``
    (the overdue counts feed the findings too, so they are worked out once)."""
    late = overdue(at)
    return {
        FINDINGS: findings(at, late),
        OVERDUE: late,
        AGREEMENTS: agreements_by_state(at),
        DPIAS: dpias_by_state(at),
    }


FINDINGS = "findings"
OVERDUE = "overdue"
AGREEMENTS = "agreements_by_state"
DPIAS = "dpias_by_state"

#: Recorded only for the month under way: today's full findings check, by severity.
LIVE_FINDINGS = "findings_live"
