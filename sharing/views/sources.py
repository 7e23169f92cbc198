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
from ..models import Agreement, DataSource
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.object.covering_agreement
        # A partner follows the link only to an agreement their organisation is party to.
        context["can_open_agreement"] = agreement is not None and (
            not self.request.user.is_partner  # type: ignore[union-attr]
            or Agreement.objects.visible_to(self.request.user).filter(pk=agreement.pk).exists()  # type: ignore[attr-defined]
        )
        return context


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
