"""The audit log across every register (``accounts.view_audit_log``: DPO, SIRO, Admin).

Both views only read: a GET page of the log and its CSV. Filters come from the query string;
with a filter that does not make sense the page says why and lists nothing.
"""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from ..audit import PAGE_SIZE, Cursor, audit_page
from ..audit.export import csv_lines
from ..audit.forms import AuditLogFilterForm


class _AuditLogAccess(PermissionRequiredMixin):
    permission_required = "accounts.view_audit_log"
    raise_exception = True


class AuditLogView(_AuditLogAccess, TemplateView):
    template_name = "governance/audit_log.html"
    http_method_names = ["get", "head", "options"]
    page_size = PAGE_SIZE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AuditLogFilterForm(self.request.GET)
        context["form"] = form
        if not form.is_valid():
            context["page"] = None
            return context
        query = form.audit_query()
        page = audit_page(
            query,
            older_than=Cursor.parse(self.request.GET.get("older")),
            newer_than=Cursor.parse(self.request.GET.get("newer")),
            limit=self.page_size,
        )
        filters = self.request.GET.copy()
        for name in ("older", "newer"):
            filters.pop(name, None)
        context["page"] = page
        context["filters_query"] = filters.urlencode()
        context["newer_query"] = _with(filters, "newer", page.newer)
        context["older_query"] = _with(filters, "older", page.older)
        context["export_url"] = reverse("governance:audit_log_export") + (
            f"?{filters.urlencode()}" if filters else ""
        )
        return context


def _with(filters: Any, name: str, cursor: Cursor | None) -> str:
    if cursor is None:
        return ""
    params = filters.copy()
    params[name] = str(cursor)
    return str(params.urlencode())


class AuditLogExportView(_AuditLogAccess, View):
    """The filtered log as CSV, streamed: every entry the filters select, newest first."""

    http_method_names = ["get", "head", "options"]

    def get(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        form = AuditLogFilterForm(request.GET)
        if not form.is_valid():  # the page, with what is wrong with the filters
            return render(request, AuditLogView.template_name, {"form": form, "page": None})
        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(
            csv_lines(form.audit_query()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response
