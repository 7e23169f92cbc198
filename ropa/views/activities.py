"""Processing activities, the ROPA's controller header and its reference vocabularies."""

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from .. import services
from ..filters.activities import ProcessingActivityFilterSet
from ..forms.activities import ProcessingActivityForm
from ..models import ProcessingActivity
from ..tables.activities import ProcessingActivityTable


class ProcessingActivityListView(RegisterListView):
    model = ProcessingActivity
    table_class = ProcessingActivityTable
    filterset_class = ProcessingActivityFilterSet


class ProcessingActivityExportView(RegisterExportView):
    model = ProcessingActivity
    table_class = ProcessingActivityTable
    filterset_class = ProcessingActivityFilterSet


class ProcessingActivityDetailView(RegisterDetailView):
    model = ProcessingActivity


class ProcessingActivityHistoryView(RegisterHistoryView):
    model = ProcessingActivity


class ProcessingActivityCreateView(RegisterCreateView):
    model = ProcessingActivity
    form_class = ProcessingActivityForm
    save_service = services.activity_save


class ProcessingActivityUpdateView(RegisterUpdateView):
    model = ProcessingActivity
    form_class = ProcessingActivityForm
    save_service = services.activity_save


# Routes beyond the standard register ones (workflow steps, print and PDF) go here.
urlpatterns: list = []
