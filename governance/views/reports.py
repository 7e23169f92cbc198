"""The Board report (choose the period, read or print the page, download the PDF) and the
report jobs' progress and download pages.

The PDF is a POST: producing it is recorded (the dashboard's "last Board report"), and when
the period holds more rows than ``BOARD_REPORT_SYNC_LIMIT`` it starts a job instead, whose
progress page the user is sent to. Register exports past ``EXPORT_JOB_THRESHOLD_ROWS`` rows
are jobs too, on the same pages. A job is its requester's alone: anyone else, whatever their
role, gets a 404; its requester still needs the permission its document needs (403 without).
"""

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views import View
from django.views.generic import DetailView

from accounts.models import User
from vpp_portal.documents import pdf_response, private_file_response

from ..choices import ReportJobKind
from ..models import ReportJob
from ..reports.board import BoardReport, board_report, period_row_count
from ..reports.forms import DATES, QUARTER, BoardReportPeriodForm
from ..reports.jobs import (
    board_report_context,
    board_report_filename,
    board_report_title,
    render_board_report_pdf,
    report_job_record,
    report_job_request,
)
from ..reports.periods import Period, last_full_quarter

PAGE_TEMPLATE = "governance/board_report.html"
OVERSIGHT_PERMISSION = "governance.view_dashboard"
EXPIRED = "This file has expired: produce the report again."


def _pdf_fields(period: Period) -> list[tuple[str, str]]:
    """The period as the hidden fields of the PDF button's form."""
    if period.quarter:
        return [("period", QUARTER), ("quarter", period.quarter)]
    fields = [("period", DATES)]
    for name, day in (("starts_on", period.starts_on), ("ends_on", period.ends_on)):
        fields += [(f"{name}_0", str(day.day)), (f"{name}_1", str(day.month))]
        fields += [(f"{name}_2", str(day.year))]
    return fields


class _OversightMixin(PermissionRequiredMixin):
    permission_required = OVERSIGHT_PERMISSION
    raise_exception = True
    request: HttpRequest


class BoardReportView(_OversightMixin, View):
    """The period form and, for a valid period (the last full quarter by default), the report
    as a page to read or print."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        asked = any(
            name.split("_")[0] in ("period", "quarter", "starts", "ends") for name in request.GET
        )
        if asked:
            form = BoardReportPeriodForm(request.GET)
            period = form.report_period
        else:
            form = BoardReportPeriodForm()
            period = last_full_quarter()
        return self.page(request, form, period, user)

    def page(
        self, request: HttpRequest, form: BoardReportPeriodForm, period: Period | None, user: User
    ) -> HttpResponse:
        context: dict[str, Any] = {"form": form, "report": None}
        if period is not None:
            report: BoardReport = board_report(user, period)
            context.update(board_report_context(report, user))
            context["pdf_fields"] = _pdf_fields(period)
        return TemplateResponse(request, PAGE_TEMPLATE, context)


class BoardReportPdfView(_OversightMixin, View):
    """The report for the posted period as a PDF: made now and downloaded, or, past
    ``BOARD_REPORT_SYNC_LIMIT`` rows, made by a worker while the user watches its progress."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        form = BoardReportPeriodForm(request.POST)
        period = form.report_period
        if period is None:
            # The page again, with what is wrong next to the field: nothing is produced.
            return BoardReportView().page(request, form, None, user)
        rows = period_row_count(user, period)
        params = period.as_params()
        title = board_report_title(period)
        if rows > settings.BOARD_REPORT_SYNC_LIMIT:
            job = report_job_request(
                actor=user,
                kind=ReportJobKind.BOARD_REPORT,
                params=params,
                title=title,
                row_count=rows,
            )
            return HttpResponseRedirect(job.get_absolute_url())
        content = render_board_report_pdf(board_report(user, period), user)
        filename = board_report_filename(period)
        report_job_record(
            actor=user,
            kind=ReportJobKind.BOARD_REPORT,
            params=params,
            title=title,
            content=content,
            filename=filename,
            row_count=rows,
        )
        return pdf_response(content, filename)


def job_permissions(job: ReportJob) -> tuple[str, ...]:
    """What the job's document needs: the oversight permission for a Board report, the
    register's view permission for an export."""
    if job.kind == ReportJobKind.REGISTER_EXPORT:
        return tuple(job.params.get("permission", ()))
    return (OVERSIGHT_PERMISSION,)


class _OwnJobMixin:
    model = ReportJob
    request: HttpRequest

    def get_queryset(self) -> QuerySet[ReportJob]:
        return ReportJob.objects.visible_to(self.request.user).with_related()

    def get_object(self, queryset: QuerySet[ReportJob] | None = None) -> ReportJob:
        job: ReportJob = super().get_object(queryset)  # type: ignore[misc]  # DetailView's
        if not self.request.user.has_perms(job_permissions(job)):
            raise PermissionDenied
        return job


class ReportJobDetailView(_OwnJobMixin, DetailView):  # type: ignore[misc]  # mixin's request
    """A job's progress in words and as a bar. While it runs, htmx asks for the progress
    panel again every two seconds; without JavaScript the page has a link to reload it."""

    template_name = "governance/reportjob_detail.html"
    context_object_name = "job"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["governance/reportjob_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job: ReportJob = self.object
        if job.kind == ReportJobKind.REGISTER_EXPORT:
            context["report_url"] = job.params.get("list_url", "")
            context["back_text"] = "Back to the list"
            context["again_text"] = "Export the list again"
            context["file_kind"] = str(job.params.get("format", "")).upper()
        else:
            context["report_url"] = reverse("governance:board_report")
            context["back_text"] = "Back to the Board report"
            context["again_text"] = "Produce the report again"
            context["file_kind"] = "PDF"
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        # The same address answers with the page or the panel alone: caches keep them apart.
        patch_vary_headers(response, ("HX-Request",))
        response["Cache-Control"] = "private, no-store"
        return response


class ReportJobDownloadView(_OwnJobMixin, DetailView):  # type: ignore[misc]  # mixin's request
    """The job's file, from the private storage, while it has not expired."""

    def render_to_response(  # type: ignore[override]  # a file, not a template
        self, context: dict[str, Any], **kwargs: Any
    ) -> FileResponse:
        job: ReportJob = self.object
        if not job.is_downloadable:
            raise Http404(EXPIRED if job.is_expired else "This file is not ready.")
        return private_file_response(
            job.file, filename=job.filename or None, content_type=job.content_type or None
        )
