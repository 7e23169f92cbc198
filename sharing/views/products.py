from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from vpp_portal.editing import EditConflict
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterTransitionView,
    RegisterUpdateView,
    attach_errors,
)

from .. import services
from ..choices import PRODUCT_CLOSED_STATUSES
from ..filters.products import ConsultationFilterSet, ProductFilterSet
from ..forms.products import (
    ConsultationForm,
    ConsultationResponseForm,
    ConsultationUpdateForm,
    ProductForm,
)
from ..models import Consultation, Product
from ..selectors import consultation_data_used, product_consultation_status
from ..tables.products import ConsultationTable, ProductTable
from ..workflows import PRODUCT_STEPS


class ProductListView(RegisterListView):
    model = Product
    table_class = ProductTable
    filterset_class = ProductFilterSet


class ProductExportView(RegisterExportView):
    model = Product
    table_class = ProductTable
    filterset_class = ProductFilterSet


class ProductDetailView(RegisterDetailView):
    model = Product

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("data_sources__covering_agreement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        product = self.object
        status = product_consultation_status(product)
        context.update(status)
        context["workflow_actions"] = self.workflow_actions(bool(status["suppliers"]))
        context["can_consult"] = (
            self.request.user.has_perm("sharing.add_consultation")
            and product.status not in PRODUCT_CLOSED_STATUSES
        )
        return context

    def workflow_actions(self, has_suppliers: bool) -> list[dict[str, Any]]:
        """The workflow steps open to the product now; consulting only if there is somebody
        to consult."""
        product = self.object
        can_consult = product.needs_consultation and has_suppliers
        skip = () if can_consult else ("request_consultation",)
        return ProductTransitionView.actions_for(product, self.request.user, skip=skip)


class ProductHistoryView(RegisterHistoryView):
    model = Product


class ProductCreateView(RegisterCreateView):
    model = Product
    form_class = ProductForm
    save_service = services.product_save
    save_service_takes_links = True

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class ProductUpdateView(RegisterUpdateView):
    model = Product
    form_class = ProductForm
    save_service = services.product_save
    save_service_takes_links = True


class ProductTransitionView(RegisterTransitionView):
    model = Product
    transitions = PRODUCT_STEPS


class ConsultationListView(RegisterListView):
    model = Consultation
    table_class = ConsultationTable
    filterset_class = ConsultationFilterSet


class ConsultationExportView(RegisterExportView):
    model = Consultation
    table_class = ConsultationTable
    filterset_class = ConsultationFilterSet


class ConsultationDetailView(RegisterDetailView):
    model = Consultation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["data_used"] = consultation_data_used(self.object)
        context["is_open"] = self.object.product.status not in PRODUCT_CLOSED_STATUSES
        return context


class ConsultationHistoryView(RegisterHistoryView):
    model = Consultation


class ConsultationCreateView(RegisterCreateView):
    """Consult one more organisation about a product."""

    model = Consultation
    form_class = ConsultationForm
    save_service = services.consultation_save

    def get_product(self) -> Product:
        if not hasattr(self, "_product"):
            self._product = get_object_or_404(
                Product.objects.visible_to(self.request.user),  # type: ignore[attr-defined]
                pk=self.kwargs["product_pk"],
            )
        return self._product

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "product": self.get_product()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "product": self.get_product()}


class ConsultationUpdateView(RegisterUpdateView):
    model = Consultation
    form_class = ConsultationUpdateForm
    save_service = services.consultation_save


class ConsultationRespondView(RegisterAccessMixin, SingleObjectMixin, FormView):
    """A partner answers a consultation addressed to their organisation (or staff record an
    answer received another way)."""

    model = Consultation
    form_class = ConsultationResponseForm
    template_name = "sharing/consultation_respond.html"
    object: Consultation

    def get_permission_required(self) -> tuple[str, ...]:
        return ("sharing.respond_consultation",)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.product.status in PRODUCT_CLOSED_STATUSES:
            messages.error(
                request,
                f"‘{self.object.product}’ is {self.object.product.get_status_display().lower()}: "
                "answers can no longer be changed.",
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.request.user.organisation_id != self.object.organisation_id:  # type: ignore[union-attr]
            kwargs["on_behalf_of"] = self.object.organisation
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        consultation = self.object
        initial: dict[str, Any] = {"row_version": consultation.row_version}
        if consultation.response != "pending":
            initial.update(response=consultation.response, conditions=consultation.conditions)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["data_used"] = consultation_data_used(self.object)
        context["on_behalf"] = "on_behalf_of" in self.get_form_kwargs()
        return context

    def form_valid(self, form: ConsultationResponseForm) -> HttpResponse:
        try:
            services.consultation_respond(
                self.object,
                actor=self.request.user,
                response=form.cleaned_data["response"],
                conditions=form.cleaned_data["conditions"],
                expected_version=form.cleaned_data["row_version"],
            )
        except EditConflict as conflict:
            form.add_error(
                None,
                f"This consultation was {conflict} after you opened it, so your answer has not "
                "been saved. Check the answer now recorded, then send yours again.",
            )
            # Sending again, having seen the answer now recorded, is a deliberate change.
            form.data = {**form.data, "row_version": str(conflict.current.row_version)}
            self.object = self.get_object()  # as it now stands, for the page
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The answer of {self.object.organisation} has been recorded: "
            f"{self.object.get_response_display().lower()}.",
        )
        return HttpResponseRedirect(self.object.get_absolute_url())
