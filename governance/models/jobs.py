"""Report jobs: a document the portal produces for one user, in the request when it is quick
or by a Celery worker when it is not (``governance.reports.jobs``).

The row is the job's whole record: who asked for what (``kind`` and ``params``), how far it
has got, and the file it made, kept in the private storage for a day and then deleted by a
periodic task. Nothing here is specific to the Board report, so exports of big registers can
use the same rows, progress page and download.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sharing.storage import signed_document_storage

from ..choices import REPORT_JOB_STATUS_COLOURS, ReportJobKind, ReportJobStatus

#: How long a produced file stays downloadable.
REPORT_JOB_LIFETIME = timedelta(days=1)


def _expires_at() -> datetime:
    return timezone.now() + REPORT_JOB_LIFETIME


class ReportJobQuerySet(models.QuerySet["ReportJob"]):
    def visible_to(self, user: object) -> "ReportJobQuerySet":
        """A job is its requester's alone: anyone else (whatever their role) gets a 404."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)

    def with_related(self) -> "ReportJobQuerySet":
        return self.select_related("requested_by")

    def expired(self, now: datetime | None = None) -> "ReportJobQuerySet":
        """Jobs past their expiry that still hold a file."""
        return self.filter(expires_at__lte=now or timezone.now()).exclude(file="")


class ReportJob(models.Model):
    """One document produced for one user: what was asked for, its progress, and its file."""

    kind = models.CharField(max_length=30, choices=ReportJobKind.choices)
    params = models.JSONField(
        "parameters", default=dict, blank=True, help_text="What the job was asked to produce."
    )
    title = models.CharField(
        max_length=200,
        help_text="What the document is, e.g. ‘Board report, July to September 2026’.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_jobs"
    )
    status = models.CharField(
        max_length=20, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, 0 to 100.")
    message = models.CharField(
        max_length=200, blank=True, help_text="What the job is doing now, in words."
    )
    file = models.FileField(storage=signed_document_storage, upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField("download name", max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    #: Rows the document covers, counted when it was asked for: what sent it to a worker.
    row_count = models.PositiveIntegerField(null=True, blank=True)
    #: True when it was made in the request (the user had it at once), False by a worker.
    in_request = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expires_at)
    error = models.TextField(blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "report job"
        constraints = (
            models.CheckConstraint(
                name="governance_reportjob_progress_0_to_100",
                condition=Q(progress__lte=100),
                violation_error_message="Progress is a percentage: 0 to 100.",
            ),
            models.CheckConstraint(
                name="governance_reportjob_done_has_finished_at",
                condition=~Q(status__in=("done", "failed")) | Q(finished_at__isnull=False),
                violation_error_message="A finished job records when it finished.",
            ),
        )
        indexes = (
            # "The last Board report" and each user's own jobs.
            models.Index(
                fields=("kind", "status", "-finished_at"), name="governance_rjob_last_idx"
            ),
            models.Index(fields=("expires_at",), name="governance_rjob_expiry_idx"),
        )

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse("governance:reportjob_detail", kwargs={"pk": self.pk})

    @property
    def status_colour(self) -> str:
        return REPORT_JOB_STATUS_COLOURS.get(self.status, "grey")

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportJobStatus.DONE, ReportJobStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.status == ReportJobStatus.DONE and bool(self.file) and not self.is_expired
