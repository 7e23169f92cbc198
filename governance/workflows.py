"""The governance workflows, each declared once: the steps a record's page offers, by the
model's transition name, each with the service that takes it (``vpp_portal.workflow``).

Two steps stand outside the DPIA's status graph: ``start_review`` makes a new revision and
leaves the DPIA as it is (so it is on offer when ``review_can_start`` says), and the model's
``supersede`` is taken by the approval of the revision that replaces it, never from a page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from vpp_portal.workflow import Step, Workflow

from .forms import BreachCloseForm, BreachContainForm, BreachReopenForm
from .forms.dpia_workflow import (
    DpiaAdviceForm,
    DpiaApproveForm,
    DpiaConfirmScreeningForm,
    DpiaReturnForm,
    DpiaTransitionForm,
)
from .selectors import ADVISE, CHANGE, SIGN_OFF, SIGN_OFF_HIGH_RISK, review_can_start
from .services import breaches as breach_services
from .services import dpias as dpia_services

MANAGE_BREACH = breach_services.MANAGE
CHANGE_BREACH = "governance.change_breach"


@dataclass(frozen=True)
class DpiaFlowStep(Step):
    """A step of a DPIA's flow, with the permissions that open its page (any one of them;
    ``governance.selectors.dpia_decision`` then says whether this user may take it here)."""

    form_class: type[forms.Form] | None = DpiaTransitionForm
    permissions: tuple[str, ...] = (CHANGE,)
    #: The end of the message after success: "DPIA-003 Hull youth referrals: <done>."
    done: str = ""
    #: When the step is on offer, for a step that is not a transition of the DPIA's status.
    is_open: Callable[[Any], bool] | None = None


DPIA_STEPS: Workflow = {
    "submit": DpiaFlowStep(
        dpia_services.dpia_submit,
        "Submit the DPIA to the DPO",
        "Submit to the DPO",
        hint="The Data Protection Officer reviews it: they either return it to you with "
        "comments on named steps, or give their advice and pass it on for sign-off. You cannot "
        "change it while it is with them.",
        done="submitted to the DPO",
    ),
    "return_for_changes": DpiaFlowStep(
        dpia_services.dpia_return,
        "Return the DPIA to its author",
        "Return to the author",
        hint="Comment on each step that needs changing. The author sees each comment beside "
        "its step, and must mark every one resolved before submitting again.",
        form_class=DpiaReturnForm,
        permissions=(ADVISE,),
        done="returned to the author",
    ),
    "give_advice": DpiaFlowStep(
        dpia_services.dpia_give_advice,
        "Give the DPO's advice",
        "Give advice",
        hint="Your advice goes with the DPIA for sign-off: to the Director when the highest "
        "residual risk is low or medium, to the SIRO when it is high.",
        form_class=DpiaAdviceForm,
        permissions=(ADVISE,),
        done="advice given: it now waits for sign-off",
    ),
    "confirm_screening": DpiaFlowStep(
        dpia_services.dpia_confirm_screening,
        "Confirm that no DPIA is needed",
        "Confirm no DPIA is needed",
        hint="The screening then stands as the record that no DPIA is needed for the "
        "processing it covers.",
        form_class=DpiaConfirmScreeningForm,
        permissions=(ADVISE,),
        done="screening confirmed: no DPIA is needed",
    ),
    "approve": DpiaFlowStep(
        dpia_services.dpia_approve,
        "Sign off the DPIA",
        "Approve",
        hint="You approve the measures in step 6 and accept the residual risks. The DPIA as "
        "it stands is then frozen as the approved version.",
        form_class=DpiaApproveForm,
        permissions=(SIGN_OFF, SIGN_OFF_HIGH_RISK),
        done="approved",
    ),
    "reject": DpiaFlowStep(
        dpia_services.dpia_reject,
        "Reject the DPIA",
        "Reject",
        hint="The processing must not go ahead as assessed. The DPIA and its history are kept.",
        reason_required=True,
        is_warning=True,
        permissions=(SIGN_OFF, SIGN_OFF_HIGH_RISK),
        done="rejected",
    ),
    "withdraw": DpiaFlowStep(
        dpia_services.dpia_withdraw,
        "Withdraw the DPIA",
        "Withdraw",
        hint="The processing will not go ahead as assessed. The DPIA and its history are kept.",
        reason_required=True,
        is_warning=True,
        done="withdrawn",
    ),
    "start_review": DpiaFlowStep(
        dpia_services.dpia_start_review,
        "Start a review of the DPIA",
        "Start the review",
        hint="A new draft revision is made from this one, with its steps and risks, for you "
        "to update and submit to the DPO. This version stays in force until the new one is "
        "approved.",
        is_open=review_can_start,
    ),
}
#: ``DPIA_STEPS`` keys that are no transition of the DPIA's status, and its transitions that
#: no page offers: together with ``DPIA_STEPS`` they are the model's status graph.
DPIA_STEPS_BESIDE_THE_STATUS = ("start_review",)
DPIA_TRANSITIONS_NOT_OFFERED = ("supersede",)


@dataclass(frozen=True)
class BreachStep(Step):
    """A step of the breach flow and the permission that opens its page."""

    permission: str = CHANGE_BREACH


BREACH_STEPS: Workflow = {
    "contain": BreachStep(
        breach_services.breach_contain,
        "Mark the breach contained",
        "Mark contained",
        hint="The breach has been stopped and the harm limited. Check the actions taken: "
        "they are needed before it is marked contained.",
        form_class=BreachContainForm,
    ),
    "close": BreachStep(
        breach_services.breach_close,
        "Close the breach",
        "Close the breach",
        hint="Closing needs the decision whether the ICO must be told (and, if it must, "
        "when it was told), the lessons learnt with an action on the action register (or "
        "the DPO's record of why none is needed), and for a high risk a decision on telling "
        "the people affected.",
        form_class=BreachCloseForm,
        permission=MANAGE_BREACH,
    ),
    "reopen": BreachStep(
        breach_services.breach_reopen,
        "Reopen the breach",
        "Reopen",
        hint="The breach goes back to open; its history keeps everything recorded so far.",
        form_class=BreachReopenForm,
        reason_required=True,
        is_warning=True,
        permission=MANAGE_BREACH,
    ),
}
