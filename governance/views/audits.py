"""Data-protection audits and their findings: the register, each audit with its findings, each
finding with the records it concerns and the actions it led to.

Every write of a finding goes through ``governance.services.actions``; these views only show
and route. Audits and findings are internal: partners get 403 (no permission) and, through
``visible_to``, nothing."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views import View

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

from ..choices import AUDIT_STATUS_COLOURS, RISK_COLOURS
from ..filters_actions import DataProtectionAuditFilterSet
from ..forms.actions import AuditFindingForm, DataProtectionAuditForm
from ..models import Action, AuditFinding, DataProtectionAudit
from ..services import actions as services
from ..tables_actions import DataProtectionAuditTable


class DataProtectionAuditListView(RegisterListView):
    model = DataProtectionAudit
    table_class = DataProtectionAuditTable
    filterset_class = DataProtectionAuditFilterSet


class DataProtectionAuditExportView(RegisterExportView):
    model = DataProtectionAudit
    table_class = DataProtectionAuditTable
    filterset_class = DataProtectionAuditFilterSet


class DataProtectionAuditDetailView(RegisterDetailView):
    model = DataProtectionAudit

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status_colour"] = AUDIT_STATUS_COLOURS.get(self.object.status, "grey")
        context["findings"] = [
            {"finding": finding, "colour": RISK_COLOURS.get(finding.severity, "grey")}
            for finding in AuditFinding.objects.filter(audit=self.object).order_by("number")
        ]
        return context


class DataProtectionAuditHistoryView(RegisterHistoryView):
    model = DataProtectionAudit


class DataProtectionAuditCreateView(RegisterCreateView):
    model = DataProtectionAudit
    form_class = DataProtectionAuditForm


class DataProtectionAuditUpdateView(RegisterUpdateView):
    model = DataProtectionAudit
    form_class = DataProtectionAuditForm


class DataProtectionAuditDocumentView(RegisterAccessMixin, View):
    """Serve an audit's report to the core team; it has no public address."""

    model = DataProtectionAudit

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        audit = get_object_or_404(
            DataProtectionAudit.objects.visible_to(request.user).exclude(report=""), pk=pk
        )
        return private_file_response(audit.report)


# --- Findings --------------------------------------------------------------------------------


class AuditFindingCreateView(RegisterCreateView):
    model = AuditFinding
    form_class = AuditFindingForm
    save_service = services.finding_save
    success_verb = "recorded"

    def get_audit(self) -> DataProtectionAudit:
        if not hasattr(self, "_audit"):
            self._audit = get_object_or_404(
                DataProtectionAudit.objects.visible_to(self.request.user),
                pk=self.kwargs["dataprotectionaudit_pk"],
            )
        return self._audit

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": AuditFinding(audit=self.get_audit())}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["audit"] = self.get_audit()
        return context


class AuditFindingUpdateView(RegisterUpdateView):
    model = AuditFinding
    form_class = AuditFindingForm
    save_service = services.finding_save


class AuditFindingDetailView(RegisterDetailView):
    model = AuditFinding

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        finding = self.object
        user = self.request.user
        context.update(
            {
                "severity_colour": RISK_COLOURS.get(finding.severity, "grey"),
                "activities": finding.activities.visible_to(user).order_by("name"),
                "data_sources": finding.data_sources.visible_to(user).order_by("name"),
                "agreements": finding.agreements.visible_to(user).order_by("title"),
                "dpias": finding.dpias.visible_to(user).order_by("title"),
                "actions": Action.objects.visible_to(user)
                .filter(audit_finding=finding)
                .select_related("owner")
                .order_by("due_on", "pk"),
            }
        )
        return context


class AuditFindingHistoryView(RegisterHistoryView):
    model = AuditFinding
