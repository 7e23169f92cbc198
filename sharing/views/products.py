from typing import Any

from django import forms
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
    Transition,
    TransitionForm,
    attach_errors,
)

from .. import services
from ..filters.products import ConsultationFilterSet, ProductFilterSet
from ..forms.products import ConsultationForm, ConsultationResponseForm, ProductForm
from ..models import Consultation, Product
from ..selectors import product_consultation_status
from ..tables.products import ConsultationTable, ProductTable


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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(product_consultation_status(self.object))
        return context


class ProductHistoryView(RegisterHistoryView):
    model = Product


class ProductCreateView(RegisterCreateView):
    model = Product
    form_class = ProductForm

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class ProductUpdateView(RegisterUpdateView):
    model = Product
    form_class = ProductForm


class RequestConsultationForm(TransitionForm):
    due_on = forms.DateField(
        label="Answers due by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Usually two weeks from today.",
    )


def _product_step(name: str) -> Any:
    service = services.PRODUCT_TRANSITIONS[name]
    return lambda *, actor, obj, reason, **extra: service(
        actor=actor, product=obj, reason=reason, **extra
    )


class ProductTransitionView(RegisterTransitionView):
    model = Product
    transitions = {
        "request_consultation": Transition(
            _product_step("request_consultation"),
            "Consult the supplying organisations",
            "Send the consultation",
            hint="Every organisation whose partner-shared data the product uses is asked to agree.",
            form_class=RequestConsultationForm,
        ),
        "mark_ready": Transition(_product_step("mark_ready"), "Mark as ready", "Mark as ready"),
        "publish": Transition(
            _product_step("publish"),
            "Publish",
            "Publish",
            hint="The product goes to its audience.",
        ),
        "withdraw": Transition(
            _product_step("withdraw"),
            "Withdraw",
            "Withdraw",
            reason_required=True,
            is_warning=True,
        ),
        "return_to_draft": Transition(
            _product_step("return_to_draft"), "Return to draft", "Return to draft"
        ),
    }


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


class ConsultationHistoryView(RegisterHistoryView):
    model = Consultation


class ConsultationCreateView(RegisterCreateView):
    """Consult one more organisation about a product."""

    model = Consultation
    form_class = ConsultationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        product = get_object_or_404(
            Product.objects.visible_to(self.request.user),  # type: ignore[attr-defined]
            pk=self.kwargs["product_pk"],
        )
        return {**super().get_form_kwargs(), "product": product}

    def form_valid(self, form: Any) -> HttpResponse:
        form.instance.requested_by = self.request.user
        return super().form_valid(form)


class ConsultationUpdateView(RegisterUpdateView):
    model = Consultation
    form_class = ConsultationForm


class ConsultationRespondView(RegisterAccessMixin, SingleObjectMixin, FormView):
    """A partner answers a consultation addressed to their organisation (or staff record an
    answer received another way)."""

    model = Consultation
    form_class = ConsultationResponseForm
    template_name = "sharing/consultation_respond.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return ("sharing.respond_consultation",)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        consultation = self.object
        initial: dict[str, Any] = {"row_version": consultation.row_version}
        if consultation.response != "pending":
            initial.update(response=consultation.response, conditions=consultation.conditions)
        return initial

    def form_valid(self, form: ConsultationResponseForm) -> HttpResponse:
        try:
            services.consultation_respond(
                actor=self.request.user,
                consultation=self.object,
                response=form.cleaned_data["response"],
                conditions=form.cleaned_data["conditions"],
                expected_version=form.cleaned_data["row_version"],
            )
        except EditConflict as conflict:
            form.add_error(
                None,
                f"This consultation was {conflict} after you opened it; check its answer "
                "and submit again.",
            )
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your answer has been recorded. Thank you.")
        return HttpResponseRedirect(self.object.get_absolute_url())
