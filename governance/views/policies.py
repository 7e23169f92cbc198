"""The policy and procedure register."""

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
from ..tables import PolicyTable


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


class PolicyHistoryView(RegisterHistoryView):
    model = Policy


class PolicyCreateView(RegisterCreateView):
    model = Policy
    form_class = PolicyForm


class PolicyUpdateView(RegisterUpdateView):
    model = Policy
    form_class = PolicyForm
