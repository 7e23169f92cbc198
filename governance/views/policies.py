"""The policy and procedure register."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views import View

from ropa.selectors import activities_using_policy
from ropa.views.retention import private_file_response
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from ..filters import PolicyFilterSet
from ..forms import PolicyForm
from ..models import Policy
from ..selectors.policy_reading import reading_context
from ..services.policy_reading import policy_save
from ..tables import PolicyTable, review_overdue


class PolicyListView(RegisterListView):
    model = Policy
    table_class = PolicyTable
    filterset_class = PolicyFilterSet


class PolicyExportView(RegisterExportView):
    model = Policy
    table_class = PolicyTable
    filterset_class = PolicyFilterSet


class PolicyDetailView(RegisterDetailView):
    model = Policy

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_review_overdue"] = review_overdue(self.object)
        context["activities"] = activities_using_policy(self.object.pk, self.request.user)
        context.update(reading_context(self.object, self.request))
        return context


class PolicyHistoryView(RegisterHistoryView):
    model = Policy


class PolicyCreateView(RegisterCreateView):
    model = Policy
    form_class = PolicyForm
    save_service = policy_save


class PolicyUpdateView(RegisterUpdateView):
    model = Policy
    form_class = PolicyForm
    save_service = policy_save


class PolicyDocumentView(RegisterAccessMixin, View):
    """Serve a policy's uploaded copy to the core team; it has no public address."""

    model = Policy

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        policy = get_object_or_404(
            Policy.objects.visible_to(request.user).exclude(document=""), pk=pk
        )
        return private_file_response(policy.document)
