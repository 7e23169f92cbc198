"""The action register: the list and its export, adding an action from where it came from (an
audit finding, a breach's lessons, a DPIA measure, or a Board decision from the list), its page,
its steps (start, done with evidence, cancel with a reason), and the DPO's record that a
breach's lessons need no action.

Every write goes through ``governance.services.actions``; these views only show and route.
The register is internal: partners get 403 (no permission) and, through ``visible_to``, 404."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from vpp_portal.documents import private_file_response
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RecordFormView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    attach_errors,
)

from ..choices import ACTION_STATUS_COLOURS, ActionSource, ActionStatus, BreachStatus
from ..filters_actions import ActionFilterSet
from ..forms.actions import (
    ActionCancelForm,
    ActionCompleteForm,
    ActionForm,
    ActionStartForm,
    BreachNoActionForm,
)
from ..models import Action, AuditFinding, Breach, DpiaRisk
from ..services import actions as services
from ..tables_actions import ActionTable, source_text


class ActionListView(RegisterListView):
    model = Action
    table_class = ActionTable
    filterset_class = ActionFilterSet


class ActionExportView(RegisterExportView):
    model = Action
    table_class = ActionTable
    filterset_class = ActionFilterSet


class ActionDetailView(RegisterDetailView):
    model = Action

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action: Action = self.object
        user: Any = self.request.user
        live = action.is_live
        context.update(
            {
                "status_colour": ACTION_STATUS_COLOURS.get(action.status, "grey"),
                "source_text": source_text(action),
                "source_url": action.source_url(),
                "is_overdue": action.is_overdue(),
                "may_edit": live and user.has_perm(services.CHANGE),
                "may_start": action.status == ActionStatus.OPEN
                and user.has_perm(services.CHANGE)
                and services.may_complete(action, user),
                "may_complete": live
                and user.has_perm(services.CHANGE)
                and services.may_complete(action, user),
                "may_cancel": live and user.has_perm(services.MANAGE),
            }
        )
        return context


class ActionHistoryView(RegisterHistoryView):
    model = Action


class ActionUpdateView(RegisterUpdateView):
    model = Action
    form_class = ActionForm
    save_service = services.action_update

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if not self.object.is_live:
            messages.warning(
                request,
                f"{self.object} is ‘{self.object.get_status_display()}’, so it cannot be changed.",
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data())


# --- Adding an action, from where it came from -----------------------------------------------


class ActionCreateView(RegisterCreateView):
    """A Board decision's action, added from the action register with the Board's date. The
    subclasses add an action from an audit finding, a breach's lessons or a DPIA measure."""

    model = Action
    form_class = ActionForm
    save_service = services.action_create
    template_name = "governance/action_form.html"
    source = ActionSource.BOARD_DECISION
    #: The model of the record the action comes from (looked up through ``visible_to``).
    source_model: type[Model] | None = None
    #: The action's field that links to that record.
    source_field = ""

    def get_permission_required(self) -> tuple[str, ...]:
        return ("governance.add_action",)

    def get_template_names(self) -> list[str]:
        return [self.template_name]

    def get_source(self) -> Any:
        if self.source_model is None:
            return None
        if not hasattr(self, "_source"):
            rows = self.source_model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
            self._source = get_object_or_404(rows.with_related(), pk=self.kwargs["pk"])
        return self._source

    def get_form_kwargs(self) -> dict[str, Any]:
        action = Action(source=self.source)
        if self.source_field:
            setattr(action, self.source_field, self.get_source())
        return {**super().get_form_kwargs(), "instance": action, "source": self.source}

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        source = self.get_source()
        context["source_record"] = source
        context["source_label"] = ActionSource(self.source).label
        context["back_url"] = (
            self.back_url(source) if source is not None else reverse("governance:action_list")
        )
        return context

    def back_url(self, source: Any) -> str:
        return str(source.get_absolute_url())


class FindingActionCreateView(ActionCreateView):
    source = ActionSource.AUDIT_FINDING
    source_model = AuditFinding
    source_field = "audit_finding"


class BreachActionCreateView(ActionCreateView):
    source = ActionSource.BREACH_LESSON
    source_model = Breach
    source_field = "breach"


class DpiaMeasureActionCreateView(ActionCreateView):
    source = ActionSource.DPIA_MEASURE
    source_model = DpiaRisk
    source_field = "dpia_risk"

    def back_url(self, source: Any) -> str:
        return f"{source.dpia.get_absolute_url()}#measure-{source.number}"


# --- Its steps -------------------------------------------------------------------------------


class _ActionStepView(RecordFormView):
    """One step of an action on its own page: GET shows it, POST runs the service."""

    model = Action
    permission_action = "change"
    template_name = "governance/action_step.html"
    heading = ""
    button = ""
    hint = ""
    done = ""
    is_warning = False

    def allowed(self, action: Action) -> bool:
        return services.may_complete(action, self.request.user)

    def get_object(self, queryset: Any = None) -> Action:
        action: Action = super().get_object(queryset)
        if not self.allowed(action):
            raise PermissionDenied
        return action

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "heading": self.heading,
                "button": self.button,
                "hint": self.hint,
                "is_warning": self.is_warning,
                "status_colour": ACTION_STATUS_COLOURS.get(self.object.status, "grey"),
                "is_live": self.object.is_live,
                "has_upload": any(
                    isinstance(field, forms.FileField) for field in context["form"].fields.values()
                ),
            }
        )
        return context

    def run(self, form: forms.Form) -> Action:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            action = self.run(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{action}: {self.done}.")
        return HttpResponseRedirect(action.get_absolute_url())


class ActionStartView(_ActionStepView):
    form_class = ActionStartForm
    heading = "Start the action"
    button = "Mark in progress"
    hint = "Say that work on the action has started. Its due date stays as it is."
    done = "in progress"

    def run(self, form: forms.Form) -> Action:
        return services.action_start(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class ActionCompleteView(_ActionStepView):
    form_class = ActionCompleteForm
    heading = "Record the action as done"
    button = "Record as done"
    hint = (
        "An action is done only with the evidence that shows it: describe it, upload a "
        "document, or both."
    )
    done = "recorded as done"

    def run(self, form: forms.Form) -> Action:
        data = form.cleaned_data
        return services.action_complete(
            self.object,
            actor=self.request.user,
            completed_on=data["completed_on"],
            evidence=data["evidence"],
            evidence_document=data["evidence_document"],
            reason=data["reason"],
        )


class ActionCancelView(_ActionStepView):
    form_class = ActionCancelForm
    heading = "Cancel the action"
    button = "Cancel the action"
    hint = "A cancelled action stays on the register with the reason."
    done = "cancelled"
    is_warning = True

    def get_permission_required(self) -> tuple[str, ...]:
        return (services.MANAGE,)

    def allowed(self, action: Action) -> bool:
        return True

    def run(self, form: forms.Form) -> Action:
        return services.action_cancel(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class ActionEvidenceView(RegisterAccessMixin, View):
    """Serve an action's evidence document to the core team; it has no public address."""

    model = Action

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        action = get_object_or_404(
            Action.objects.visible_to(request.user).exclude(evidence_document=""), pk=pk
        )
        return private_file_response(action.evidence_document)


# --- A breach whose lessons need no action ---------------------------------------------------


class BreachNoActionView(RecordFormView):
    """The DPO records why a breach's lessons learnt need no action, so it may be closed."""

    model = Breach
    form_class = BreachNoActionForm
    template_name = "governance/breach_no_action.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return (services.MANAGE_BREACH,)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_closed"] = self.object.status == BreachStatus.CLOSED
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            breach = services.breach_record_no_action(
                self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{breach}: recorded why no action is needed.")
        return HttpResponseRedirect(breach.get_absolute_url())


def breach_lesson_actions(breach: Breach, user: Any) -> list[Action]:
    """The actions a breach's lessons learnt led to, for its page (one query)."""
    return list(
        Action.objects.visible_to(user)
        .filter(breach=breach)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
