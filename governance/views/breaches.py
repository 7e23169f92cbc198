"""The breach log: the list and its export, recording and editing a breach, its page with the
time left to tell the ICO, the DPO's ICO decision, and its flow open → contained → closed.

Every write goes through ``governance.services.breaches``; these views only show and route.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView

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

from ..choices import BREACH_STATUS_COLOURS, BreachStatus, PartnerDecision
from ..filters import BreachFilterSet
from ..forms import (
    BreachForm,
    BreachIcoForm,
    BreachPartnerDecisionForm,
)
from ..models import Breach
from ..services import breaches as services
from ..services.actions import breach_lessons_without_action
from ..tables import BreachTable, ico_clock
from ..workflows import BREACH_STEPS, BreachStep
from .actions import breach_lesson_actions

CHANGE = "governance.change_breach"
MANAGE = services.MANAGE
CLOSED_MESSAGE = "{breach} is closed, so it cannot be changed: reopen it first."

# --- The register --------------------------------------------------------------------------------


class BreachListView(RegisterListView):
    model = Breach
    table_class = BreachTable
    filterset_class = BreachFilterSet


class BreachExportView(RegisterExportView):
    model = Breach
    table_class = BreachTable
    filterset_class = BreachFilterSet


class BreachCreateView(RegisterCreateView):
    model = Breach
    form_class = BreachForm
    save_service = services.breach_update
    success_verb = "recorded"

    def get_initial(self) -> dict[str, Any]:
        return {"reported_by": self.request.user.pk, "owner": self.request.user.pk}


class BreachUpdateView(RegisterUpdateView):
    """What happened and what was done; a closed breach is reopened before it is changed."""

    model = Breach
    form_class = BreachForm
    save_service = services.breach_update

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.status == BreachStatus.CLOSED:
            messages.warning(request, CLOSED_MESSAGE.format(breach=self.object))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data())


# --- One breach ----------------------------------------------------------------------------------


class _BreachRecordMixin:
    """What every tab's header shows: the status tag's colour and the ICO clock."""

    object: Breach

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["status_colour"] = BREACH_STATUS_COLOURS.get(self.object.status, "grey")
        context["clock"] = ico_clock(self.object, timezone.now())
        return context


class BreachDetailView(_BreachRecordMixin, RegisterDetailView):
    model = Breach

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        breach: Breach = self.object
        user: Any = self.request.user
        is_closed = breach.status == BreachStatus.CLOSED
        context.update(
            {
                "may_edit": user.has_perm(CHANGE) and not is_closed,
                "may_decide": user.has_perm(MANAGE) and not is_closed,
                "involves_partner": services.involves_partner(breach),
                "workflow_actions": BreachTransitionView.actions_for(breach, user),
                # The action register's side: the lessons' actions, and what stops closing.
                "lesson_actions": breach_lesson_actions(breach, user),
                "lessons_without_action": not is_closed and breach_lessons_without_action(breach),
            }
        )
        return context


class BreachHistoryView(_BreachRecordMixin, RegisterHistoryView):
    model = Breach


# --- Telling the partner ------------------------------------------------------------------------


class BreachPartnerDecisionView(
    _BreachRecordMixin, RegisterAccessMixin, SingleObjectMixin, FormView
):
    """The DPO decides whether to tell the partner whose data the breach involved, and why."""

    model = Breach
    form_class = BreachPartnerDecisionForm
    template_name = "governance/breach_partner_decision.html"
    object: Breach

    def get_permission_required(self) -> tuple[str, ...]:
        return (MANAGE,)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("organisation", "partner_decided_by")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.object.organisation
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        breach = self.object
        context["involves_partner"] = services.involves_partner(breach)
        context["is_closed"] = breach.status == BreachStatus.CLOSED
        context["already_told"] = breach.partner_decision == PartnerDecision.TELL
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            breach = services.breach_partner_decision(
                self.object, actor=self.request.user, tell=data["tell"], reason=data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        told = "will be told" if data["tell"] else "will not be told"
        messages.success(self.request, f"{breach}: recorded that {breach.organisation} {told}.")
        return HttpResponseRedirect(breach.get_absolute_url())


# --- The ICO decision ----------------------------------------------------------------------------


class BreachIcoView(_BreachRecordMixin, RegisterAccessMixin, SingleObjectMixin, FormView):
    """The DPO decides whether the ICO must be told (with reasons) and records when it was."""

    model = Breach
    form_class = BreachIcoForm
    template_name = "governance/breach_ico.html"
    object: Breach

    def get_permission_required(self) -> tuple[str, ...]:
        return (MANAGE,)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.status == BreachStatus.CLOSED:
            messages.warning(request, CLOSED_MESSAGE.format(breach=self.object))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        breach = self.object
        return {
            "ico_decision": breach.ico_decision,
            "ico_decision_reasons": breach.ico_decision_reasons,
            "ico_told_at": breach.ico_told_at,
            "ico_reference": breach.ico_reference,
            "row_version": breach.row_version,
        }

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            breach = services.breach_record_ico_decision(
                self.object,
                actor=self.request.user,
                ico_decision=data["ico_decision"],
                ico_decision_reasons=data["ico_decision_reasons"],
                ico_told_at=data["ico_told_at"],
                ico_reference=data["ico_reference"],
                reason=data["reason"],
                expected_version=data.get("row_version"),
            )
        except EditConflict as conflict:
            current: Any = conflict.current
            _keep_input_at_version(form, current.row_version)
            form.add_error(
                None,
                f"This breach was {conflict} after you opened this page, so your decision has "
                f"not been saved. The record now says: ‘{current.get_ico_decision_display()}’. "
                "Your entry is still in the form: save again to replace it.",
            )
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{breach}: ICO decision recorded.")
        return HttpResponseRedirect(breach.get_absolute_url())


def _keep_input_at_version(form: forms.Form, version: int) -> None:
    """After a conflict, keep what was typed and let a deliberate resubmission go through."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["row_version"] = str(version)
    form.data = data


# --- The flow ------------------------------------------------------------------------------------


class BreachTransitionView(RegisterTransitionView):
    model = Breach
    transitions = BREACH_STEPS
    transition: BreachStep

    def get_permission_required(self) -> tuple[str, ...]:
        return (CHANGE, self.transition.permission)

    @classmethod
    def actions_for(
        cls, obj: Any, user: Any, *, skip: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """Only the steps the user's role may take."""
        refused = tuple(
            name
            for name, step in cls.transitions.items()
            if isinstance(step, BreachStep) and not user.has_perm(step.permission)
        )
        return super().actions_for(obj, user, skip=(*skip, *refused))

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except EditConflict as conflict:
            _keep_input_at_version(form, conflict.current.row_version)
            form.add_error(
                None,
                f"This breach was {conflict} after you opened this page, so nothing has been "
                "saved. Your entry is still in the form: check the breach's page, then submit "
                "again.",
            )
            return self.form_invalid(form)
