from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from .filters import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation
from .tables import OrganisationTable


class OrganisationListView(RegisterListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet


class OrganisationExportView(RegisterExportView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet


class OrganisationDetailView(RegisterDetailView):
    model = Organisation


class OrganisationHistoryView(RegisterHistoryView):
    model = Organisation


class OrganisationCreateView(RegisterCreateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationUpdateView(RegisterUpdateView):
    model = Organisation
    form_class = OrganisationForm
