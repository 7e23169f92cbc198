from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import FormView

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
    attach_errors,
)

from .. import services
from ..filters.agreements import AgreementFilterSet
from ..forms.agreements import AgreementForm, AgreementPartyForm, SignedDocumentForm
from ..models import Agreement, AgreementParty, SignedDocument
from ..tables.agreements import AgreementTable


class AgreementListView(RegisterListView):
    model = Agreement
    table_class = AgreementTable
    filterset_class = AgreementFilterSet


class AgreementExportView(RegisterExportView):
    model = Agreement
    table_class = AgreementTable
    filterset_class = AgreementFilterSet


class AgreementDetailView(RegisterDetailView):
    model = Agreement

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("documents", "covered_sources")


class AgreementHistoryView(RegisterHistoryView):
    model = Agreement


class AgreementCreateView(RegisterCreateView):
    model = Agreement
    form_class = AgreementForm
    save_service = services.agreement_save

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class AgreementUpdateView(RegisterUpdateView):
    model = Agreement
    form_class = AgreementForm
    save_service = services.agreement_save


def _agreement_step(name: str) -> Any:
    service = services.AGREEMENT_TRANSITIONS[name]
    return lambda *, actor, obj, reason: service(actor=actor, agreement=obj, reason=reason)


class AgreementTransitionView(RegisterTransitionView):
    model = Agreement
    transitions = {
        "start_drafting": Transition(
            _agreement_step("start_drafting"), "Start drafting", "Start drafting"
        ),
        "start_negotiation": Transition(
            _agreement_step("start_negotiation"),
            "Start negotiation",
            "Start negotiation",
            hint="The draft has gone to the parties for negotiation.",
        ),
        "activate": Transition(
            _agreement_step("activate"),
            "Make the agreement active",
            "Make active",
            hint="All parties have signed. Data can be shared under it from its start date.",
        ),
        "expire": Transition(
            _agreement_step("expire"),
            "Record that the agreement has expired",
            "Record expiry",
            hint="Every data source it covers will be flagged as uncovered.",
            is_warning=True,
        ),
        "terminate": Transition(
            _agreement_step("terminate"),
            "Terminate the agreement",
            "Terminate",
            hint="Every data source it covers will be flagged as uncovered.",
            reason_required=True,
            is_warning=True,
        ),
    }


class _PartyMixin:
    """Parties are edited from their agreement, under the agreement's visibility."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_agreement(self) -> Agreement:
        return get_object_or_404(
            Agreement.objects.visible_to(self.request.user),  # type: ignore[attr-defined]
            pk=self.kwargs["agreement_pk"],
        )


class AgreementPartyCreateView(_PartyMixin, RegisterCreateView):
    model = AgreementParty
    form_class = AgreementPartyForm
    save_service = services.agreement_party_save
    service_instance_kwarg = "party"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "agreement": self.get_agreement()}


class AgreementPartyUpdateView(RegisterUpdateView):
    model = AgreementParty
    form_class = AgreementPartyForm
    save_service = services.agreement_party_save
    service_instance_kwarg = "party"

    def get_queryset(self) -> Any:
        visible = Agreement.objects.visible_to(self.request.user)  # type: ignore[attr-defined]
        return AgreementParty.objects.filter(agreement__in=visible).select_related(
            "agreement", "organisation"
        )


class AgreementPartyDeleteView(RegisterAccessMixin, View):
    """POST only: remove a party, with the reason in its history."""

    model = AgreementParty
    permission_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visible = Agreement.objects.visible_to(request.user)  # type: ignore[attr-defined]
        party = get_object_or_404(
            AgreementParty.objects.filter(agreement__in=visible).select_related("agreement"), pk=pk
        )
        reason = request.POST.get("reason", "").strip() or "Party removed"
        try:
            services.agreement_party_remove(actor=request.user, party=party, reason=reason)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{party.organisation} removed from the agreement.")
        return HttpResponseRedirect(party.agreement.get_absolute_url())


class SignedDocumentCreateView(_PartyMixin, RegisterAccessMixin, FormView):
    """Upload a signed PDF or DOCX to an agreement."""

    model = SignedDocument
    permission_action = "add"
    form_class = SignedDocumentForm
    template_name = "sharing/signeddocument_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "agreement": self.get_agreement()}

    def form_valid(self, form: SignedDocumentForm) -> HttpResponse:
        agreement = self.get_agreement()
        try:
            services.signed_document_add(
                actor=self.request.user,
                agreement=agreement,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Signed document uploaded.")
        return HttpResponseRedirect(agreement.get_absolute_url())


class SignedDocumentDownloadView(RegisterAccessMixin, View):
    """Serve a signed document only to someone who can see its agreement."""

    model = SignedDocument
    permission_action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        visible = Agreement.objects.visible_to(request.user)  # type: ignore[attr-defined]
        document = get_object_or_404(SignedDocument.objects.filter(agreement__in=visible), pk=pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
