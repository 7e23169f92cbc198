"""Reminders: the sweep that plans ledger rows and sends them (see ``planning`` and
``delivery``), and the one table of kinds and stages (``kinds``)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from ..choices import ReminderKind
from .delivery import DeliveryReport, deliver
from .kinds import DAILY_KINDS, HOURLY_KINDS, KINDS
from .planning import PlanReport, plan

PERIODS: dict[str, tuple[ReminderKind, ...]] = {
    "daily": DAILY_KINDS,
    "hourly": HOURLY_KINDS,
    "all": tuple(KINDS),
}


@dataclass
class SweepReport:
    plan: PlanReport
    delivery: DeliveryReport


def sweep(
    period: str = "all",
    now: datetime | None = None,
    max_batches: int | None = None,
) -> SweepReport:
    """Plan the reminders due now for ``period``'s kinds, then send everything pending (any
    kind: an hourly run also finishes what a failed daily run left)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if ReminderKind.POLICY_READING in PERIODS[period]:
        # Ask anyone new to a required policy (a new starter, a new role) before planning.
        from ..services.policy_reading import reading_tasks_sync

        reading_tasks_sync(today=today)
    planned = plan(today, now, PERIODS[period])
    return SweepReport(planned, deliver(today, now, max_batches=max_batches))


__all__ = ["KINDS", "PERIODS", "SweepReport", "deliver", "plan", "sweep"]
