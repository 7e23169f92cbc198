from typing import Any

from django.db.models import Model, Prefetch

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


def linked_dpias(model: type[Model], user: Any) -> list[Prefetch]:
    """The prefetch of the DPIAs linked to ``model``'s rows (``dpias``, declared on
    ``governance.Dpia``: sharing does not import governance), for users who may read DPIAs; none
    for anyone else, so a partner's page never loads even a DPIA's reference. A superseded
    revision is left out: the revision that replaced it is linked too."""
    if not user.has_perm("governance.view_dpia"):
        return []
    dpia_model: Any = model._meta.get_field("dpias").related_model
    dpias = dpia_model.objects.visible_to(user).exclude(status="superseded")
    return [Prefetch("dpias", dpias.order_by("reference", "revision"))]


class DataSourceDetailView(RegisterDetailView):
    model = DataSource

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .prefetch_related("products", *linked_dpias(DataSource, self.request.user))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # ``None``: the user may not read DPIAs, so the page has no DPIA row at all.
        context["linked_dpias"] = (
            list(self.object.dpias.all())
            if self.request.user.has_perm("governance.view_dpia")
            else None
        )
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
