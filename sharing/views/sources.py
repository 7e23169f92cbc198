from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from .. import services
from ..choices import DataClassification
from ..filters.sources import DataSourceFilterSet
from ..forms.sources import REFRESH, DataSourceForm
from ..models import Agreement, DataSource
from ..selectors import dpia_prefetches, shown_dpias
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
        return (
            super()
            .get_queryset()
            .prefetch_related("products", *dpia_prefetches(DataSource, self.request.user))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["linked_dpias"] = shown_dpias(self.object, self.request.user)
        agreement = self.object.covering_agreement
        # A partner follows the link only to an agreement their organisation is party to.
        context["can_open_agreement"] = agreement is not None and (
            not self.request.user.is_partner  # type: ignore[union-attr]
            or Agreement.objects.visible_to(self.request.user).filter(pk=agreement.pk).exists()  # type: ignore[attr-defined]
        )
        return context


class DataSourceHistoryView(RegisterHistoryView):
    model = DataSource


class _DataSourceFormMixin:
    """The data source form for the user; a post with the form's REFRESH button shows the form
    again with the input and the agreements for the chosen supplier, saving nothing."""

    request: HttpRequest
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        if self.is_refresh():
            kwargs["initial"] = DataSourceForm.initial_from(self.request.POST)
            kwargs.pop("data", None)
            kwargs.pop("files", None)
        return kwargs

    def is_refresh(self) -> bool:
        return self.request.method == "POST" and REFRESH in self.request.POST

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_refresh():
            return super().post(request, *args, **kwargs)  # type: ignore[misc]
        self.object = self.get_object() if "pk" in kwargs else None  # type: ignore[attr-defined]
        return self.render_to_response(self.get_context_data())  # type: ignore[attr-defined]


class DataSourceCreateView(_DataSourceFormMixin, RegisterCreateView):
    model = DataSource
    form_class = DataSourceForm
    save_service = services.data_source_save

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"owner": self.request.user.pk}
        # Arriving from the agreement list's address without htmx: the supplier stays chosen.
        if self.request.GET.get("supplier", "").isdigit():
            initial["classification"] = DataClassification.PARTNER_SHARED
            initial["supplier"] = self.request.GET["supplier"]
        return initial


class DataSourceUpdateView(_DataSourceFormMixin, RegisterUpdateView):
    model = DataSource
    form_class = DataSourceForm
    save_service = services.data_source_save


class DataSourceAgreementChoicesView(RegisterAccessMixin, View):
    """The agreement field for the supplier chosen (``?supplier=``): htmx swaps it into the
    data source form when the supplier changes. Anyone who may add or edit data sources; the
    supplier and agreements are only those the user may see. Without htmx, the add form with
    that supplier chosen."""

    model = DataSource

    def has_permission(self) -> bool:
        user = self.request.user
        return user.has_perm("sharing.add_datasource") or user.has_perm("sharing.change_datasource")

    def get(self, request: HttpRequest) -> HttpResponse:
        # The supplier chooser's chosen id, else the name typed in it.
        supplier = request.GET.get("supplier-id") or request.GET.get("supplier", "")
        if not request.htmx:  # type: ignore[attr-defined]
            url = reverse("sharing:datasource_create")
            return redirect(f"{url}?supplier={supplier}" if supplier.isdigit() else url)
        initial = {
            "supplier": supplier,
            "covering_agreement": request.GET.get("covering_agreement", ""),
        }
        form = DataSourceForm(initial=initial, user=request.user)
        suppliers: Any = form.fields["supplier"]
        if supplier.isdigit() and not suppliers.queryset.filter(pk=supplier).exists():
            raise Http404("No such supplier.")
        context = {"form": form, "helper": form.agreement_helper()}
        return render(request, "sharing/includes/_agreement_field.html", context)
