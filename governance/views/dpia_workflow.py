"""A DPIA's flow: each step's page and form (the steps are ``governance.workflows.DPIA_STEPS``),
what its page offers whom, and the prior consultation with the ICO. The queues are in
``dpia_queues``.

Every step calls one service in ``governance.services.dpias``, which holds the rules (who may,
when, and what must be there); these views only check the role, show the form and report what
the service says.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats

from accounts.deciders import Decision, takes_dpo_decisions
from vpp_portal.editing import EditConflict
from vpp_portal.registers import RecordFormView, RegisterTransitionView, attach_errors
from vpp_portal.templatetags.portal import error_target

from ..choices import DpiaStatus, DpiaStep
from ..forms.dpia_workflow import DpiaIcoConsultationForm, DpiaTransitionForm, comment_field_name
from ..models import Dpia, DpiaRisk
from ..selectors import (
    ADVISE,
    DPO_STEPS,
    concerns,
    dpia_decision,
    dpia_facts,
    dpia_problems,
    may_record_ico_consultation,
    needs_ico_consultation,
    sign_off_summary,
)
from ..services import dpias as services
from ..services.dpias.flow import MISSING_ITEM, NO_STEP_COMMENTED, OPEN_COMMENTS
from ..workflows import DPIA_STEPS, DpiaFlowStep


def _available(dpia: Dpia) -> set[str]:
    """The model transitions open to ``dpia`` now (its status and their conditions)."""
    transitions = dpia.get_available_status_transitions()  # type: ignore[attr-defined]
    return {step.name for step in transitions}


def _is_open(dpia: Dpia, name: str, available: set[str]) -> bool:
    step: Any = DPIA_STEPS[name]
    return step.is_open(dpia) if step.is_open else name in available


def opens_step_page(user: Any, name: str) -> bool:
    """Whether the page of step ``name`` opens for ``user`` at all (403 otherwise): their role
    has the step's permission, or they are the DPO's deputy and it is a DPO step. Whether
    they may take it on a given DPIA is ``dpia_decision``'s to say, on the page."""
    if name in DPO_STEPS:
        return takes_dpo_decisions(user, permission=ADVISE)
    step: Any = DPIA_STEPS[name]
    return any(user.has_perm(permission) for permission in step.permissions)


@dataclass(frozen=True)
class Offer:
    """What a DPIA's page offers ``user`` now: the steps they may take, as buttons (the shape
    of ``RegisterTransitionView.actions_for``), and for the steps open now that they may
    not take, why not and who can."""

    actions: list[dict[str, Any]]
    refusals: list[str]


def dpia_offer(dpia: Dpia, user: Any, *, risks: list[DpiaRisk] | None = None) -> Offer:
    """Every step open on ``dpia`` now (its status and transition conditions), offered only
    when ``dpia_decision`` lets ``user`` take it, the same rule the services enforce."""
    available = _available(dpia)
    facts = dpia_facts(dpia, user)
    risks = list(dpia.risks.all()) if risks is None else risks
    actions: list[dict[str, Any]] = []
    refusals: list[str] = []

    def offer(name: str, label: str, button: str, is_warning: bool, url: str) -> None:
        decision = dpia_decision(user, dpia, name, facts=facts, risks=risks)
        if decision:
            actions.append(
                {
                    "name": name,
                    "label": label,
                    "button": button,
                    "is_warning": is_warning,
                    "url": url,
                }
            )
        elif concerns(user, name, facts) and decision.refusal not in refusals:
            refusals.append(decision.refusal)

    for name, step in DPIA_STEPS.items():
        if _is_open(dpia, name, available) and opens_step_page(user, name):
            url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": name})
            offer(name, step.label, step.button, step.is_warning, url)
    if (
        dpia.status == DpiaStatus.AWAITING_SIGN_OFF
        and may_record_ico_consultation(user)
        and needs_ico_consultation(dpia, risks)
    ):
        recorded = bool(dpia.ico_consulted_on and dpia.ico_outcome)
        label = (
            "Change the record of the ICO's prior consultation"
            if recorded
            else "Record the ICO's prior consultation"
        )
        url = reverse("governance:dpia_ico_consultation", kwargs={"pk": dpia.pk})
        offer("ico_consultation", label, label, False, url)
    return Offer(actions, refusals)


def dpia_actions(dpia: Dpia, user: Any) -> list[dict[str, Any]]:
    """The steps ``user`` may take on ``dpia`` now, as buttons (``dpia_offer``)."""
    return dpia_offer(dpia, user).actions


@dataclass(frozen=True)
class ErrorLink:
    text: str
    url: str


class DpiaTransitionView(RegisterTransitionView):
    """One step of a DPIA's flow: its form, what stands in its way, and the service's answer."""

    model = Dpia
    template_name = "governance/dpia_transition.html"
    transitions = DPIA_STEPS
    transition: DpiaFlowStep

    def has_permission(self) -> bool:
        return opens_step_page(self.request.user, self.kwargs["transition"])

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("revision_of")

    def decision(self) -> Decision:
        """``dpia_decision`` for this user and step: the page shows its refusal, not the form."""
        return dpia_decision(self.request.user, self.object, self.kwargs["transition"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        dpia: Dpia = self.object
        name = self.kwargs["transition"]
        problems = dpia_problems(dpia) if name == "submit" else []
        open_comments = (
            [
                {"comment": comment, "step": DpiaStep(comment.step).label}
                for comment in dpia.comments.filter(resolved_at__isnull=True).select_related(
                    "made_by"
                )
            ]
            if name == "submit"
            else []
        )
        context["error_links"] = self.error_links(form, open_comments)
        if not form.is_bound:
            context["pending_problems"] = problems
            context["open_comments"] = open_comments
            if not self.is_open_now():
                context["not_open_message"] = (
                    f"This cannot be done while the DPIA is ‘{dpia.get_status_display()}’."
                )
            else:
                decision = self.decision()
                context["refusal"] = decision.refusal
                context["as_deputy"] = decision.as_deputy
        if name in ("approve", "reject"):
            context["sign_off"] = sign_off_summary(dpia, self.request.user)
        context["step_name"] = name
        return context

    def is_open_now(self) -> bool:
        return _is_open(self.object, self.kwargs["transition"], _available(self.object))

    def error_links(self, form: forms.Form, open_comments: list[dict[str, Any]]) -> list[ErrorLink]:
        """Every message, linking to where it is put right, by the error's code: a missing
        item to its step's page, an open comment to the comment, "no step commented" to the
        first comment box, a field's error to the field."""
        fields = list(form.visible_fields())
        first_field = f"#{error_target(fields[0])}" if fields else "#"
        urls = {
            OPEN_COMMENTS: open_comments[0]["comment"].get_absolute_url()
            if open_comments
            else first_field,
            NO_STEP_COMMENTED: f"#id_{comment_field_name(DpiaStep.NEED)}",
        }
        links: list[ErrorLink] = []
        for error in form.errors.as_data().get(NON_FIELD_ERRORS, []):
            if error.code == MISSING_ITEM and error.params:
                url = error.params["fix_url"]
            else:
                url = urls.get(error.code or "", first_field)
            links.extend(ErrorLink(str(message), url) for message in error)
        links += [  # in the order the fields are on the page
            ErrorLink(str(message), f"#{error_target(form[name])}")
            for name in form.fields
            for message in form.errors.get(name, [])
        ]
        return links

    def form_valid(self, form: forms.Form) -> HttpResponse:
        reason = form.cleaned_data.get("reason", "")
        extra = form.service_kwargs() if isinstance(form, DpiaTransitionForm) else {}
        try:
            result = self.transition.service(
                self.object, actor=self.request.user, reason=reason, **extra
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                attach_errors(form, error)
            else:  # keeps each message's code, which ``error_links`` routes on
                form.add_error(None, error)
            return self.form_invalid(form)
        if self.kwargs["transition"] == "start_review":
            text = (
                f"Revision {result.revision} of {result.reference} started: make your changes "
                "and submit it to the DPO."
            )
        else:
            text = f"{result}: {self.transition.done}."
        messages.success(self.request, text)
        return HttpResponseRedirect(result.get_absolute_url())


# --- The prior consultation with the ICO ---------------------------------------------------------


class DpiaIcoConsultationView(RecordFormView):
    """Record the prior consultation with the ICO (UK GDPR Art 36) while a DPIA awaits
    sign-off: the DPO or the SIRO enters when, the ICO's reference and the outcome."""

    model = Dpia
    form_class = DpiaIcoConsultationForm
    template_name = "governance/dpia_ico_consultation.html"
    object: Dpia

    def has_permission(self) -> bool:
        return may_record_ico_consultation(self.request.user)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().filter(status=DpiaStatus.AWAITING_SIGN_OFF)

    def get_initial(self) -> dict[str, Any]:
        return {
            "consulted_on": self.object.ico_consulted_on,
            "ico_reference": self.object.ico_reference,
            "outcome": self.object.ico_outcome,
            "row_version": self.object.row_version,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sign_off"] = sign_off_summary(self.object, self.request.user)
        if not context["form"].is_bound:
            decision = dpia_decision(self.request.user, self.object, "ico_consultation")
            context["refusal"] = decision.refusal
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            dpia = services.dpia_record_ico_consultation(
                self.object,
                actor=self.request.user,
                reason=data["reason"],
                consulted_on=data["consulted_on"],
                outcome=data["outcome"],
                ico_reference=data["ico_reference"],
                expected_version=data.get("row_version"),
            )
        except EditConflict as conflict:
            current: Any = conflict.current
            when = _date_text(current.ico_consulted_on)
            data = form.data.copy()  # type: ignore[attr-defined]
            data["row_version"] = str(current.row_version)
            form.data = data
            form.add_error(
                None,
                f"This DPIA was {conflict} after you opened this page, so your entry has not "
                f"been saved. The record now says: ICO consulted on {when or 'no date'}, "
                f"reference ‘{current.ico_reference or 'none'}’, outcome ‘{current.ico_outcome}’. "
                "Your entry is still in the form: save again to replace it.",
            )
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{dpia}: prior consultation with the ICO recorded.")
        return HttpResponseRedirect(dpia.get_absolute_url())


def _date_text(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else ""
