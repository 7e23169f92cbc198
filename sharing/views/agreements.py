from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from vpp_portal.documents import private_file_response
from vpp_portal.editing import EditConflict
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    ActivationTransitionView,
    RecordFormView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    attach_errors,
)

from .. import services
from ..choices import AGREEMENT_ENDED_STATUSES, AgreementKind, PartyRole
from ..code_items import coverage
from ..filters.agreements import AgreementFilterSet
from ..forms.agreements import AgreementForm, AgreementPartyForm, SignedDocumentForm
from ..forms.signatures import AcceptSignsElsewhereForm, SignsElsewhereForm
from ..models import Agreement, AgreementParty, DataSource, SignedDocument
from ..selectors import (
    agreement_history,
    dpia_prefetches,
    shown_dpias,
)
from ..tables.agreements import AgreementTable
from ..workflows import AGREEMENT_STEPS


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
        sources = DataSource.objects.visible_to(self.request.user).select_related("supplier")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                # Who recorded and accepted a party's signing elsewhere (no query when nobody).
                "parties__signs_elsewhere_recorded_by",
                "parties__signs_elsewhere_accepted_by",
                Prefetch("documents", SignedDocument.objects.select_related("created_by")),
                # What the ISA covers, item by item (``code_items.coverage``).
                "code_items",
                Prefetch("covered_sources", sources.order_by("name")),
                *dpia_prefetches(Agreement, self.request.user),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement: Agreement = self.object
        parties = list(agreement.parties.all())
        sources = list(agreement.covered_sources.all())
        can_change = self.request.user.has_perm("sharing.change_agreement")
        available = {t.name for t in agreement.get_available_status_transitions()}  # type: ignore[attr-defined]
        user = self.request.user
        code_items = coverage(agreement) if agreement.kind == AgreementKind.ISA else []
        context.update(
            {
                "parties": parties,
                # Each party with whether this user may accept its reason for signing elsewhere
                # (the DPO's decision), and if not, who can.
                "party_rows": [
                    {
                        "party": party,
                        "accept": services.signs_elsewhere_decision(user, party)
                        if party.signs_elsewhere_awaits_acceptance
                        else None,
                    }
                    for party in parties
                ],
                "documents": list(agreement.documents.all()),
                "covered_sources": sources,
                "is_ended": agreement.status in AGREEMENT_ENDED_STATUSES,
                "is_mou": agreement.kind == AgreementKind.MOU,
                "is_forum_aip": agreement.kind == AgreementKind.FORUM_AIP,
                "needs_art26": any(p.role == PartyRole.JOINT_CONTROLLER for p in parties)
                and not agreement.art26_arrangement.strip(),
                "is_review_overdue": agreement.is_review_overdue()
                and agreement.status not in AGREEMENT_ENDED_STATUSES,
                "workflow_actions": AgreementTransitionView.actions_for(
                    agreement, self.request.user
                ),
                # What still stops activation, shown while it is on offer.
                "activation_problems": services.agreement_problems(agreement, user)
                if can_change and "activate" in available
                else [],
                "code_items": code_items,
                "code_items_missing": sum(not entry.is_covered for entry in code_items),
                "linked_dpias": shown_dpias(agreement, self.request.user),
            }
        )
        return context


class AgreementHistoryView(RegisterHistoryView):
    """The agreement's changes with those of its parties and signed documents, newest first."""

    model = Agreement

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history_entries"] = agreement_history(self.object)
        return context


class _AgreementSaveMixin:
    """Say so when the form cleared personal-data boxes that an MoU cannot have."""

    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        if form.cleared_flags and response.status_code == 302:
            kind = form.instance.get_kind_display()
            messages.warning(
                self.request,
                f"A {kind} cannot cover personal data, so these were not recorded: "
                f"{', '.join(form.cleared_flags)}. Use an Information Sharing Agreement for "
                "personal data.",
            )
        return response


class AgreementCreateView(_AgreementSaveMixin, RegisterCreateView):
    model = Agreement
    form_class = AgreementForm
    save_service = services.agreement_save

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class AgreementUpdateView(_AgreementSaveMixin, RegisterUpdateView):
    model = Agreement
    form_class = AgreementForm
    save_service = services.agreement_save


class AgreementTransitionView(ActivationTransitionView):
    model = Agreement
    record_noun = "agreement"
    transitions = AGREEMENT_STEPS

    def activation_problems(self) -> list[Any]:
        return services.agreement_problems(self.object, self.request.user)


def _visible_agreements(request: HttpRequest) -> Any:
    return Agreement.objects.visible_to(request.user)  # type: ignore[attr-defined]


class _PartyMixin:
    """Parties and documents are edited from their agreement, under its visibility."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_agreement(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            self._agreement = get_object_or_404(
                _visible_agreements(self.request), pk=self.kwargs["agreement_pk"]
            )
        return self._agreement

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["agreement"] = self.get_agreement()
        return context


class AgreementPartyCreateView(_PartyMixin, RegisterCreateView):
    model = AgreementParty
    form_class = AgreementPartyForm
    save_service = services.agreement_party_save

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "agreement": self.get_agreement()}


class AgreementPartyUpdateView(RegisterUpdateView):
    model = AgreementParty
    form_class = AgreementPartyForm
    save_service = services.agreement_party_save

    def get_queryset(self) -> Any:
        return AgreementParty.objects.filter(
            agreement__in=_visible_agreements(self.request)
        ).select_related("agreement", "organisation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "agreement": self.object.agreement}


class AgreementPartyDeleteView(RegisterAccessMixin, View):
    """POST only: remove a party, with the reason in its history."""

    model = AgreementParty
    permission_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        party = get_object_or_404(
            AgreementParty.objects.filter(
                agreement__in=_visible_agreements(request)
            ).select_related("agreement", "organisation"),
            pk=pk,
        )
        reason = request.POST.get("reason", "").strip()[:255] or "Party removed"
        try:
            services.agreement_party_remove(party, actor=request.user, reason=reason)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{party.organisation} removed from the agreement.")
        return HttpResponseRedirect(party.agreement.get_absolute_url())


def _visible_parties(request: HttpRequest) -> Any:
    return AgreementParty.objects.filter(agreement__in=_visible_agreements(request)).select_related(
        "agreement", "organisation", "signs_elsewhere_recorded_by", "signs_elsewhere_accepted_by"
    )


class AgreementPartySignsElsewhereView(RecordFormView):
    """An editor records why a party signs a copy kept elsewhere, for the DPO to accept."""

    model = AgreementParty
    permission_action = "change"
    form_class = SignsElsewhereForm
    template_name = "sharing/agreementparty_signs_elsewhere.html"
    object: AgreementParty

    def get_queryset(self) -> Any:
        return _visible_parties(self.request)

    def get_initial(self) -> dict[str, Any]:
        return {
            "signs_elsewhere_reason": self.object.signs_elsewhere_reason,
            "row_version": self.object.row_version,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "agreement": self.object.agreement}

    def form_valid(self, form: SignsElsewhereForm) -> HttpResponse:
        try:
            party = services.agreement_party_record_signs_elsewhere(
                self.object,
                actor=self.request.user,
                reason=form.cleaned_data["signs_elsewhere_reason"],
                expected_version=form.cleaned_data["row_version"],
            )
        except EditConflict as conflict:
            form.add_error(
                None,
                f"This party was {conflict} after you opened it, so your reason has not been "
                "saved. Check what is recorded now, then save yours again.",
            )
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Recorded that {party.organisation} signs elsewhere. The DPO must accept it before "
            "it counts.",
        )
        return HttpResponseRedirect(f"{party.agreement.get_absolute_url()}#parties")


class AgreementPartyAcceptSignsElsewhereView(RegisterAccessMixin, SingleObjectMixin, FormView):
    """The DPO's own page for accepting a party's reason for signing elsewhere. Anyone else
    who can see the agreement is refused (403) with who can accept it."""

    model = AgreementParty
    permission_action = "view"
    form_class = AcceptSignsElsewhereForm
    template_name = "sharing/agreementparty_accept_signs_elsewhere.html"
    object: AgreementParty

    def get_queryset(self) -> Any:
        return _visible_parties(self.request)

    def _check(self) -> None:
        self.object = self.get_object()
        decision = services.signs_elsewhere_decision(self.request.user, self.object)
        if not decision:
            raise PermissionDenied(decision.refusal)
        self.decision = decision

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "agreement": self.object.agreement,
            "as_deputy": self.decision.as_deputy,
        }

    def form_valid(self, form: AcceptSignsElsewhereForm) -> HttpResponse:
        try:
            party = services.agreement_party_accept_signs_elsewhere(
                self.object, actor=self.request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Accepted that {party.organisation} signs elsewhere.")
        return HttpResponseRedirect(f"{party.agreement.get_absolute_url()}#parties")


class SignedDocumentCreateView(_PartyMixin, RegisterAccessMixin, FormView):
    """Upload a signed PDF or DOCX to an agreement."""

    model = SignedDocument
    permission_action = "add"
    form_class = SignedDocumentForm
    template_name = "sharing/signeddocument_form.html"

    def form_valid(self, form: SignedDocumentForm) -> HttpResponse:
        agreement = self.get_agreement()
        try:
            document = services.signed_document_add(
                agreement,
                actor=self.request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"‘{document}’ uploaded.")
        return HttpResponseRedirect(agreement.get_absolute_url())


class SignedDocumentDownloadView(RegisterAccessMixin, View):
    """Serve a signed document only to someone who can see its agreement."""

    model = SignedDocument
    permission_action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = get_object_or_404(
            SignedDocument.objects.filter(agreement__in=_visible_agreements(request)), pk=pk
        )
        return private_file_response(
            document.file, filename=document.original_name, content_type=document.content_type
        )
