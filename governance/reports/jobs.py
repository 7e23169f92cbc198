"""Report jobs: asking for one, running it (in a Celery worker), recording a document made in
the request, and deleting files past their day.

A job runs in three short transactions, so its progress page can follow it: claim (under the
row lock: a done or failed job is left alone, which makes a re-delivered task harmless),
progress updates, and finish (under the lock again: the file is saved and the job marked done
together). The document itself is built outside any transaction: it only reads.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone

from vpp_portal.documents import render_pdf
from vpp_portal.register_export import rerun_export, write_export
from vpp_portal.registers import EXPORT_FORMATS

from ..choices import ReminderKind, ReportJobKind, ReportJobStatus
from ..models import ReportJob
from ..models.jobs import REPORT_JOB_LIFETIME
from ..reminders.events import record_event
from .board import BoardReport, board_report
from .periods import Period

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "governance/board_report_pdf.html"
PDF = "application/pdf"
#: Register exports are written to a temporary file, in memory up to this size, then on disk.
SPOOL_BYTES = 8 * 1024 * 1024
FAILED_MESSAGE = "The report could not be produced. Try again; if it fails again, tell the admin."

Progress = Callable[[int, str], None]


def board_report_title(period: Period) -> str:
    return f"Board report, {period.label}"


def board_report_filename(period: Period) -> str:
    return f"board-report-{period.starts_on.isoformat()}-to-{period.ends_on.isoformat()}.pdf"


def _name(user: Any) -> str:
    return str(getattr(user, "full_name", "") or user)


def board_report_context(
    report: BoardReport, user: Any, at: datetime | None = None
) -> dict[str, Any]:
    """What the printable page and the PDF both show around the report."""
    at = timezone.localtime(at or timezone.now())
    return {
        "report": report,
        "title": board_report_title(report.period),
        "produced_on": formats.date_format(at, "j F Y, H:i"),
        "produced_by": _name(user),
    }


def render_board_report_pdf(report: BoardReport, user: Any) -> bytes:
    return render_pdf(render_to_string(PDF_TEMPLATE, board_report_context(report, user)))


# --- Asking and recording ------------------------------------------------------------------------


@transaction.atomic
def report_job_request(
    *, actor: Any, kind: str, params: dict[str, Any], title: str, row_count: int | None = None
) -> ReportJob:
    """A new job for ``actor``, queued for a worker once this transaction commits."""
    from ..tasks import run_report_job

    job = ReportJob.objects.create(
        kind=kind,
        params=params,
        title=title,
        requested_by=actor,
        row_count=row_count,
        message="Waiting for a worker to start it.",
    )
    run_report_job.delay_on_commit(job.pk)
    return job


def register_export_request(
    *, actor: Any, params: dict[str, Any], title: str, row_count: int
) -> str:
    """A register export too big for the request, as a job; returns its progress page (the
    portal's export views call this through ``vpp_portal.register_export.EXPORT_JOBS``)."""
    job = report_job_request(
        actor=actor,
        kind=ReportJobKind.REGISTER_EXPORT,
        params=params,
        title=title,
        row_count=row_count,
    )
    return job.get_absolute_url()


@transaction.atomic
def report_job_record(
    *,
    actor: Any,
    kind: str,
    params: dict[str, Any],
    title: str,
    content: bytes,
    filename: str,
    content_type: str = PDF,
    row_count: int | None = None,
) -> ReportJob:
    """A document made in the request, recorded as a finished job: so "the last Board report"
    counts it, and its requester can download it again for a day."""
    now = timezone.now()
    job = ReportJob(
        kind=kind,
        params=params,
        title=title,
        requested_by=actor,
        status=ReportJobStatus.DONE,
        progress=100,
        message="Ready.",
        row_count=row_count,
        in_request=True,
        started_at=now,
        finished_at=now,
        expires_at=now + REPORT_JOB_LIFETIME,
        filename=filename,
        content_type=content_type,
        size=len(content),
    )
    job.file.save(filename, ContentFile(content), save=False)
    job.save()
    return job


# --- Running --------------------------------------------------------------------------------------


def _progress(job_id: int, percent: int, message: str) -> None:
    # Committed at once (outside the run's reads), so the progress page sees it.
    ReportJob.objects.filter(pk=job_id, status=ReportJobStatus.RUNNING).update(
        progress=percent, message=message
    )


def _run_board_report(job: ReportJob, progress: Progress) -> tuple[bytes | File[bytes], str]:
    period = Period.from_params(job.params)
    progress(10, "Working out the panels, findings and figures.")
    report = board_report(job.requested_by, period)
    progress(60, "Laying out the PDF.")
    content = render_board_report_pdf(report, job.requested_by)
    progress(90, "Saving the PDF.")
    return content, board_report_filename(period)


def _run_register_export(job: ReportJob, progress: Progress) -> tuple[bytes | File[bytes], str]:
    """The register export the requester asked for, run again as them (the same view, its
    access check, ``visible_to`` and filters), written to a temporary file row by row."""
    export = rerun_export(job.requested_by, job.params)
    total = max(export.count, 1)
    fmt = job.params["format"]

    def rows_done(done: int) -> None:
        progress(5 + 90 * min(done, total) // total, f"{done:,} of {export.count:,} rows written.")

    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  # closed by report_job_run
    written = write_export(export.rows, fmt, spool, rows_done)
    progress(95, f"All {written:,} rows written; saving the file.")
    spool.seek(0)
    return File(spool), job.params["filename"]


#: What each kind of job runs: it returns the file (its bytes, or an open file) and its
#: download name.
RUNNERS: dict[str, Callable[[ReportJob, Progress], tuple[bytes | File[bytes], str]]] = {
    ReportJobKind.BOARD_REPORT: _run_board_report,
    ReportJobKind.REGISTER_EXPORT: _run_register_export,
}


def _content_type(job: ReportJob) -> str:
    if job.kind == ReportJobKind.REGISTER_EXPORT:
        return EXPORT_FORMATS[job.params.get("format", "csv")]
    return PDF


def _claim(job_id: int) -> ReportJob | None:
    """The job, marked running, or ``None`` if it is finished (or gone): a task delivered
    twice, or after its job was done, does nothing."""
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.is_finished:
            return None
        # A job left "running" by a worker that died is started again from the beginning.
        job.status = ReportJobStatus.RUNNING
        job.started_at = timezone.now()
        job.progress = 5
        job.message = "Started."
        job.save(update_fields=("status", "started_at", "progress", "message"))
        return job


def report_job_run(job_id: int) -> str:
    """Run job ``job_id`` to the end; returns its status afterwards."""
    job = _claim(job_id)
    if job is None:
        status = ReportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return str(status or "missing")
    try:
        content, filename = RUNNERS[job.kind](job, lambda p, m: _progress(job_id, p, m))
    except Exception as error:
        # Soft time limits raise here too: the job says it failed instead of running forever.
        logger.exception("Report job %s failed", job_id)
        _fail(job_id, f"{type(error).__name__}: {error}"[:2000])
        return ReportJobStatus.FAILED
    file = content if isinstance(content, File) else ContentFile(content)
    try:
        return _finish(job_id, file, filename)
    finally:
        file.close()


def _fail(job_id: int, error: str) -> None:
    with transaction.atomic():
        job = ReportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if job.is_finished:
            return
        job.status = ReportJobStatus.FAILED
        job.finished_at = timezone.now()
        job.message = FAILED_MESSAGE
        job.error = error
        job.save(update_fields=("status", "finished_at", "message", "error"))


def _finish(job_id: int, file: File[bytes], filename: str) -> str:
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .get(pk=job_id)
        )
        if job.is_finished:  # another delivery of the task got there first
            return job.status
        now = timezone.now()
        job.file.save(filename, file, save=False)
        job.filename = filename
        job.content_type = _content_type(job)
        job.size = job.file.size
        job.status = ReportJobStatus.DONE
        job.progress = 100
        job.message = "Ready."
        job.finished_at = now
        job.expires_at = now + REPORT_JOB_LIFETIME
        job.save()
        # The requester is told once, in the portal and by e-mail (the event ledger).
        record_event(ReminderKind.REPORT_READY, job, at=now)
    return ReportJobStatus.DONE


# --- Expiry --------------------------------------------------------------------------------------


def report_jobs_expire(now: datetime | None = None) -> int:
    """Delete the files of jobs past their expiry; the rows stay (they record that the
    document was produced, by whom and when). Returns how many files went."""
    deleted = 0
    for job_id in ReportJob.objects.expired(now).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            job = ReportJob.objects.select_for_update(of=("self",)).filter(pk=job_id).first()
            if job is None or not job.file:
                continue
            job.file.storage.delete(str(job.file.name))
            job.file = ""
            job.message = "The file was deleted when it expired."
            job.save(update_fields=("file", "message"))
            deleted += 1
    return deleted
