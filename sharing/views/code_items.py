"""Editing what an ISA covers (the data sharing code's items)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect

from vpp_portal.registers import RecordFormView, attach_errors

from .. import services
from ..choices import AgreementKind
from ..code_items import coverage
from ..forms.code_items import CodeItemsForm, answer_name, reference_name
from ..models import Agreement


class AgreementCodeItemsView(RecordFormView):
    """An editor records, item by item, how the ISA deals with the data sharing code. Only an
    ISA has this page (another kind of agreement is a 404)."""

    model = Agreement
    permission_action = "change"
    form_class = CodeItemsForm
    template_name = "sharing/agreement_code_items.html"
    object: Agreement

    def get_queryset(self) -> Any:
        return (
            Agreement.objects.visible_to(self.request.user)  # type: ignore[attr-defined]
            .filter(kind=AgreementKind.ISA)
            .prefetch_related("code_items", "parties")
        )

    def _coverage(self) -> list[Any]:
        if not hasattr(self, "_items"):
            self._items = coverage(self.object)
        return self._items

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["on_record"] = {
            entry.item: entry.detail for entry in self._coverage() if entry.detail
        }
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for entry in self._coverage():
            initial[answer_name(entry.item)] = entry.answer
            initial[reference_name(entry.item)] = entry.document_reference
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "agreement": self.object}

    def form_valid(self, form: CodeItemsForm) -> HttpResponse:
        try:
            changed = services.agreement_code_items_save(
                self.object,
                actor=self.request.user,
                answers=form.answers(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if changed:
            noun = "item" if changed == 1 else "items"
            messages.success(self.request, f"{changed} {noun} of what the agreement covers saved.")
        else:
            messages.info(self.request, "Nothing had changed, so nothing was saved.")
        return HttpResponseRedirect(f"{self.object.get_absolute_url()}#contents")
