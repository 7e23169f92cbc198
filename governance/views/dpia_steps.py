"""The pages a DPIA is written on: steps 1 to 4, its risks (step 5) and their measures (step 6).

Every save goes through ``governance.services.dpias``, which applies the rules (content changes
only in a draft or a returned DPIA, the overall risk from the one matrix) and records who and
why. These pages are for whoever may change DPIAs; each is open only while the DPIA can be
changed, and shows the DPO's open comments on its step.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView

from vpp_portal.editing import EditConflict, RegisterForm
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import RegisterCreateView, RegisterUpdateView, attach_errors

from ..choices import RISK_COLOURS, RISK_MATRIX, DpiaStep, Likelihood, RiskLevel, Severity
from ..forms.dpia_steps import (
    DpiaConsultationForm,
    DpiaDescriptionForm,
    DpiaNecessityForm,
    DpiaRiskForm,
    DpiaRiskMeasureForm,
    DpiaRiskRemoveForm,
    DpiaScreeningForm,
)
from ..models import Dpia, DpiaComment, DpiaRisk
from ..services import dpias as services

# --- What every page shows -----------------------------------------------------------------------


def risk_matrix() -> dict[str, Any]:
    """``RISK_MATRIX`` as a table: a row per likelihood, a column per severity, each cell the
    overall risk (its word, and the colour beside it)."""
    levels = dict(RiskLevel.choices)
    return {
        "severities": [label for _value, label in Severity.choices],
        "rows": [
            {
                "likelihood": label,
                "cells": [
                    {
                        "label": levels[RISK_MATRIX[likelihood][severity]],
                        "colour": RISK_COLOURS[RISK_MATRIX[likelihood][severity]],
                    }
                    for severity in Severity.values
                ],
            }
            for likelihood, label in Likelihood.choices
        ],
    }


def not_editable_message(dpia: Dpia) -> str:
    return (
        f"{dpia.reference} is ‘{dpia.get_status_display()}’: it can only be changed while it is "
        "a draft or returned for changes."
    )


def open_comments(dpia: Dpia, step: int) -> list[DpiaComment]:
    """The DPO's comments on ``step`` that the author has still to resolve."""
    return list(
        DpiaComment.objects.filter(dpia=dpia, step=step, resolved_at__isnull=True).select_related(
            "made_by"
        )
    )


def visible_risks(user: Any) -> QuerySet[DpiaRisk]:
    """Risks of the DPIAs ``user`` may see, each with its DPIA."""
    return (
        DpiaRisk.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(dpia__in=Dpia.objects.visible_to(user))  # type: ignore[attr-defined]
        .select_related("dpia")
    )


class _DpiaWritingMixin:
    """Permission to change DPIAs; the page only while the DPIA can be changed; the DPO's
    open comments on the page's step; after a save, back to that part of the DPIA."""

    request: HttpRequest
    kwargs: dict[str, Any]
    object: Any
    #: The DPIA step the page writes.
    step: int = DpiaStep.NEED

    def get_permission_required(self) -> tuple[str, ...]:
        return ("governance.change_dpia",)

    def get_object(self, queryset: Any = None) -> Any:
        # Looked up once per request: the checks, the form and the page share it.
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)  # type: ignore[misc]
        return self._object

    def get_dpia(self) -> Dpia:
        return self.get_object().dpia  # type: ignore[no-any-return]

    def refusal(self) -> HttpResponse | None:
        """A redirect, with the reason, when the page is not open for this DPIA now."""
        dpia = self.get_dpia()
        if dpia.is_editable:
            return None
        messages.info(self.request, not_editable_message(dpia))
        return HttpResponseRedirect(f"{dpia.get_absolute_url()}#step-{self.step}")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refusal() or super().get(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        dpia = self.get_dpia()
        context.update(
            {
                "dpia": dpia,
                "step": self.step,
                "step_label": DpiaStep(self.step).label,
                "dpo_comments": open_comments(dpia, self.step),
                "back_url": f"{dpia.get_absolute_url()}#step-{self.step}",
            }
        )
        return context

    # Saving (the pages with a register form) -------------------------------------------------

    def saved_message(self) -> str:
        raise NotImplementedError

    def saved_url(self) -> str:
        raise NotImplementedError

    def form_valid(self, form: RegisterForm) -> HttpResponse:
        try:
            self.object = self.save_object(form)  # type: ignore[attr-defined]
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)  # type: ignore[attr-defined,no-any-return]
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]
        messages.success(self.request, self.saved_message())
        return HttpResponseRedirect(self.saved_url())


# --- Steps 1 to 4 --------------------------------------------------------------------------------


class _DpiaStepView(_DpiaWritingMixin, RegisterUpdateView):
    model = Dpia
    save_service = services.dpia_save
    #: The ICO template's guidance for the step, in plain English.
    intro = ""

    def get_template_names(self) -> list[str]:
        return ["governance/dpia_step_form.html"]

    def get_dpia(self) -> Dpia:
        return self.get_object()  # type: ignore[no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "intro": self.intro}

    def saved_message(self) -> str:
        return f"Step {self.step} of {self.object.reference} saved."

    def saved_url(self) -> str:
        return f"{self.object.get_absolute_url()}#step-{self.step}"


class DpiaScreeningView(_DpiaStepView):
    form_class = DpiaScreeningForm
    step = DpiaStep.NEED
    intro = (
        "Say whether the processing is likely to result in a high risk to people. Select the "
        "cases below that apply, then whether a DPIA is needed and why."
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        conflict = kwargs.get("conflict")
        if conflict is not None:
            # The checklists are two boxes on the form but one list on the DPIA: compare them
            # as the list, so the conflict panel shows them too.
            theirs = conflict.current.screening_indicator_labels
            yours = self.object.screening_indicator_labels
            if theirs != yours:
                context["conflict_differences"] = [
                    *context.get("conflict_differences", []),
                    {
                        "label": "High-risk indicators that apply",
                        "theirs": "; ".join(theirs) or "—",
                        "yours": "; ".join(yours) or "—",
                    },
                ]
        return context


class DpiaDescriptionView(_DpiaStepView):
    form_class = DpiaDescriptionForm
    step = DpiaStep.DESCRIPTION
    intro = (
        "Describe the nature (how you collect, use, store and delete data; sources; who it is "
        "shared with), scope (the data, how much, how often, how long, how many people, area), "
        "context (relationship with individuals, their expectations, vulnerable groups, prior "
        "concerns) and purposes (what you want to achieve, intended effect on individuals, "
        "benefits)."
    )


class DpiaConsultationView(_DpiaStepView):
    form_class = DpiaConsultationForm
    step = DpiaStep.CONSULTATION
    intro = (
        "Describe when and how you sought the views of the people concerned, or their "
        "representatives, or say why it was not appropriate to. Say who else you involved: in "
        "the partnership, your processors, and information security or other experts."
    )


class DpiaNecessityView(_DpiaStepView):
    form_class = DpiaNecessityForm
    step = DpiaStep.NECESSITY
    intro = (
        "Describe how the processing complies with data protection law and why it is "
        "necessary and proportionate to its purpose."
    )


# --- Step 5: risks, and step 6: their measures --------------------------------------------------


class _DpiaRiskPageMixin(_DpiaWritingMixin):
    """A risk's page: the form beside the risk matrix, and back to the risk on the DPIA."""

    step = DpiaStep.RISKS
    heading = ""
    intro = (
        "Describe the source of the risk and the nature of its possible impact on people. "
        "The overall risk follows from the likelihood and the severity of the harm."
    )

    def get_template_names(self) -> list[str]:
        return ["governance/dpiarisk_form.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {"heading": self.get_heading(), "intro": self.intro, "risk_matrix": risk_matrix()}
        )
        return context

    def get_heading(self) -> str:
        return self.heading

    def saved_message(self) -> str:
        risk: DpiaRisk = self.object
        return f"Risk {risk.number} saved: overall risk {risk.overall_risk}."

    def saved_url(self) -> str:
        return f"{self.get_dpia().get_absolute_url()}#risk-{self.object.number}"


class DpiaRiskCreateView(_DpiaRiskPageMixin, RegisterCreateView):
    model = DpiaRisk
    form_class = DpiaRiskForm
    save_service = services.dpia_risk_save
    heading = "Add a risk"

    def get_dpia(self) -> Dpia:
        if not hasattr(self, "_dpia"):
            self._dpia = get_object_or_404(
                Dpia.objects.visible_to(self.request.user).with_related(),  # type: ignore[attr-defined]
                pk=self.kwargs["dpia_pk"],
            )
        return self._dpia

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": DpiaRisk(dpia=self.get_dpia())}


class DpiaRiskUpdateView(_DpiaRiskPageMixin, RegisterUpdateView):
    model = DpiaRisk
    form_class = DpiaRiskForm
    save_service = services.dpia_risk_save

    def get_queryset(self) -> QuerySet[DpiaRisk]:
        return visible_risks(self.request.user)

    def get_heading(self) -> str:
        return f"Edit risk {self.get_object().number}"


class DpiaRiskMeasureView(_DpiaRiskPageMixin, RegisterUpdateView):
    """Step 6 for one medium or high risk: the options, their effect and the residual risk."""

    model = DpiaRisk
    form_class = DpiaRiskMeasureForm
    save_service = services.dpia_risk_save
    step = DpiaStep.MEASURES
    intro = (
        "Say what you will do to reduce or eliminate this risk, the effect that has, and the "
        "risk that remains. Every medium or high risk in step 5 needs a measure."
    )

    def get_queryset(self) -> QuerySet[DpiaRisk]:
        return visible_risks(self.request.user)

    def get_heading(self) -> str:
        return f"Measures for risk {self.get_object().number}"

    def refusal(self) -> HttpResponse | None:
        risk: DpiaRisk = self.get_object()
        if risk.needs_measure:
            return super().refusal()
        messages.info(
            self.request,
            f"Risk {risk.number} is {risk.get_overall_risk_display().lower()}: "
            "it needs no measure.",
        )
        return HttpResponseRedirect(f"{risk.dpia.get_absolute_url()}#risk-{risk.number}")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A low risk has no step 6: its measure is never saved, whatever is posted.
        risk: DpiaRisk = self.get_object()
        if not risk.needs_measure:
            return self.refusal() or HttpResponseRedirect(risk.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The risk itself, above the form (this form never changes what step 5 says).
        risk: DpiaRisk = self.object
        return {
            **super().get_context_data(**kwargs),
            "risk": risk,
            "risk_colour": RISK_COLOURS.get(risk.overall_risk, "grey"),
        }

    def saved_message(self) -> str:
        risk: DpiaRisk = self.object
        return f"Measures for risk {risk.number} saved: residual risk {risk.residual_risk}."


class DpiaRiskDeleteView(_DpiaWritingMixin, RegisterAccessMixin, SingleObjectMixin, FormView):
    """GET: what will be removed, and a reason. POST: remove the risk through the service."""

    model = DpiaRisk
    form_class = DpiaRiskRemoveForm
    template_name = "governance/dpiarisk_confirm_delete.html"
    step = DpiaStep.RISKS

    def get_queryset(self) -> QuerySet[DpiaRisk]:
        return visible_risks(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        risk: DpiaRisk = self.object
        dpia = risk.dpia
        try:
            services.dpia_risk_remove(
                risk, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Risk {risk.number} removed from {dpia.reference}.")
        return HttpResponseRedirect(f"{dpia.get_absolute_url()}#step-{DpiaStep.RISKS}")
