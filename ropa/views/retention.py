"""Retention rules, the records due for disposal, and the disposal log."""

import sys
from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from vpp_portal.documents import private_file_response
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from vpp_portal.routes import register_routes, views_of

from .. import services
from ..filters.retention import DisposalFilterSet, RetentionRuleFilterSet
from ..forms.retention import DisposalForm, DisposalUpdateForm, RetentionRuleForm
from ..models import Disposal, RetentionRule
from ..selectors import DUE_HORIZON_DAYS, records_due_for_disposal, records_held_under
from ..tables.retention import DisposalTable, RetentionRuleTable

# --- Retention rules ---------------------------------------------------------------------------


class RetentionRuleListView(RegisterListView):
    model = RetentionRule
    table_class = RetentionRuleTable
    filterset_class = RetentionRuleFilterSet


class RetentionRuleExportView(RegisterExportView):
    model = RetentionRule
    table_class = RetentionRuleTable
    filterset_class = RetentionRuleFilterSet


class RetentionRuleDetailView(RegisterDetailView):
    model = RetentionRule

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["held"] = records_held_under(self.object, self.request.user, today)
        context["horizon_days"] = DUE_HORIZON_DAYS
        return context


class RetentionRuleHistoryView(RegisterHistoryView):
    model = RetentionRule


class RetentionRuleCreateView(RegisterCreateView):
    model = RetentionRule
    form_class = RetentionRuleForm


class RetentionRuleUpdateView(RegisterUpdateView):
    model = RetentionRule
    form_class = RetentionRuleForm


# --- Due for disposal --------------------------------------------------------------------------


class RetentionDueView(RegisterAccessMixin, TemplateView):
    """Activities and data sources whose retention ends within the horizon, or has ended."""

    model = RetentionRule
    template_name = "ropa/retention_due.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        due = records_due_for_disposal(self.request.user, timezone.localdate())
        context["due"] = due
        context["overdue_count"] = sum(1 for item in due if item.is_overdue)
        context["due_soon_count"] = len(due) - context["overdue_count"]
        context["horizon_days"] = DUE_HORIZON_DAYS
        return context


# --- Disposals ---------------------------------------------------------------------------------


class DisposalListView(RegisterListView):
    model = Disposal
    table_class = DisposalTable
    filterset_class = DisposalFilterSet


class DisposalExportView(RegisterExportView):
    model = Disposal
    table_class = DisposalTable
    filterset_class = DisposalFilterSet


class DisposalDetailView(RegisterDetailView):
    model = Disposal


class DisposalHistoryView(RegisterHistoryView):
    model = Disposal


class DisposalCreateView(RegisterCreateView):
    """Record a disposal; ``?activity=<pk>`` or ``?data_source=<pk>`` names the record."""

    model = Disposal
    form_class = DisposalForm
    save_service = services.disposal_record
    service_instance_kwarg = "disposal"
    success_verb = "recorded"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "disposed_on": timezone.localdate(),
            "carried_out_by": self.request.user.pk,
        }
        for name in ("activity", "data_source"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial


class DisposalUpdateView(RegisterUpdateView):
    model = Disposal
    form_class = DisposalUpdateForm
    save_service = services.disposal_save
    service_instance_kwarg = "disposal"


class DisposalEvidenceView(RegisterAccessMixin, View):
    """Serve a disposal's uploaded evidence to the core team; it has no public address."""

    model = Disposal

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        disposal = get_object_or_404(
            Disposal.objects.visible_to(request.user).exclude(evidence=""), pk=pk
        )
        return private_file_response(disposal.evidence)


_views = sys.modules[__name__]

urlpatterns: list[URLPattern] = [
    *register_routes("retention-rules", "retentionrule", views_of(_views, "RetentionRule")),
    path("retention/due/", RetentionDueView.as_view(), name="retention_due"),
    *register_routes("disposals", "disposal", views_of(_views, "Disposal")),
    path("disposals/<int:pk>/evidence/", DisposalEvidenceView.as_view(), name="disposal_evidence"),
]
