"""The Board report and the report jobs that produce documents in the background.

Public API: ``board_report`` (the report's data for a period), ``Period`` and
``last_full_quarter``, ``last_board_report`` (what the dashboard's leadership panel shows),
and in ``.jobs`` the services ``report_job_request``, ``report_job_record``,
``report_job_run`` and ``report_jobs_expire``.
"""

from typing import Any

from ..choices import ReportJobKind, ReportJobStatus
from ..models import ReportJob
from .periods import Period, last_full_quarter


def last_board_report() -> ReportJob | None:
    """The most recently produced Board report (in the request or by a worker), whoever
    produced it: one query."""
    return (
        ReportJob.objects.filter(kind=ReportJobKind.BOARD_REPORT, status=ReportJobStatus.DONE)
        .select_related("requested_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def __getattr__(name: str) -> Any:
    # The report itself imports the dashboard, findings and trends: loaded when first asked
    # for, so that the dashboard can import ``last_board_report`` from here without a cycle.
    if name == "board_report":
        from .board import board_report

        return board_report
    raise AttributeError(name)


__all__ = ["Period", "board_report", "last_board_report", "last_full_quarter"]
