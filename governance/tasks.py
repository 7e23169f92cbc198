"""Celery tasks of the governance app. Each takes ids or names, calls a service and is safe to
run twice: the reminder ledger makes every reminder exactly-once (``governance.reminders``).

The project's Celery settings make every task acknowledge late, re-queue when its worker is
lost, and stop at ``CELERY_TASK_TIME_LIMIT``; callers queue them with ``delay_on_commit``.
"""

import logging

from celery import shared_task
from django.utils import timezone

from .choices import ReminderKind
from .reminders import deliver, plan, sweep
from .trends import rebuild

logger = logging.getLogger(__name__)


@shared_task(name="governance.sweep_reminders")
def sweep_reminders(period: str = "daily") -> dict[str, int]:
    """The daily sweep (every date kind) or the hourly one (breach deadlines), then sending."""
    report = sweep(period)
    logger.info(
        "Reminder sweep (%s): %s planned, %s sent, %s cancelled, %s e-mails",
        period,
        report.plan.total,
        report.delivery.sent,
        report.delivery.cancelled,
        report.delivery.emails,
    )
    return {
        "planned": report.plan.total,
        "sent": report.delivery.sent,
        "cancelled": report.delivery.cancelled,
        "emails": report.delivery.emails,
    }


@shared_task(name="governance.breach_recorded")
def breach_recorded(breach_id: int) -> dict[str, int]:
    """A breach was recorded or its awareness time changed: start its 72-hour reminders now
    rather than at the next hourly check (the ledger keeps them exactly-once either way)."""
    now = timezone.now()
    planned = plan(
        timezone.localdate(now), now, (ReminderKind.BREACH_ICO_DEADLINE,), object_id=breach_id
    )
    delivered = deliver(now=now)
    return {"planned": planned.total, "sent": delivered.sent, "emails": delivered.emails}


@shared_task(name="governance.deliver_reminders")
def deliver_reminders() -> dict[str, int]:
    """Send what is pending in the ledger now: queued when a workflow event is recorded, so it
    goes out at once rather than at the next hourly sweep (which would send it otherwise)."""
    report = deliver()
    return {"sent": report.sent, "emails": report.emails, "notifications": report.notifications}


@shared_task(name="governance.record_monthly_figures")
def record_monthly_figures() -> int:
    """The nightly trend figures: this month so far and last month again, so the night after a
    month ends still records its last day. Overwrites the same rows, so a second run is harmless."""
    stored = rebuild(months=2)
    logger.info("Trend figures: %s stored", stored)
    return stored


@shared_task(name="governance.run_report_job")
def run_report_job(job_id: int) -> str:
    """Produce one report job's document. A job already done (or failed) is left alone, so a
    re-delivered task does nothing."""
    from .reports.jobs import report_job_run

    return report_job_run(job_id)


@shared_task(name="governance.expire_report_jobs")
def expire_report_jobs() -> int:
    """Delete the files of report jobs past their day; the jobs' records stay."""
    from .reports.jobs import report_jobs_expire

    deleted = report_jobs_expire()
    logger.info("Report jobs: %s expired files deleted", deleted)
    return deleted
