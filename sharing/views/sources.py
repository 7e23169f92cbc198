from typing import Any

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from .. import services
from ..filters.sources import DataSourceFilterSet
from ..forms.sources import DataSourceForm
from ..models import DataSource
from ..tables.sources import DataSourceTable


class DataSourceListView(RegisterListView):
    model = DataSource
    table_class = DataSourceTable
    filterset_class = DataSourceFilterSet


class DataSourceExportView(RegisterExportView):
    model = DataSource
    table_class = DataSourceTable
    filterset_class = DataSourceFilterSet


class DataSourceDetailView(RegisterDetailView):
    model = DataSource

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("products")


class DataSourceHistoryView(RegisterHistoryView):
    model = DataSource


class DataSourceCreateView(RegisterCreateView):
    model = DataSource
    form_class = DataSourceForm
    save_service = services.data_source_save
    service_instance_kwarg = "source"

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class DataSourceUpdateView(RegisterUpdateView):
    model = DataSource
    form_class = DataSourceForm
    save_service = services.data_source_save
    service_instance_kwarg = "source"
