"""The sharing registers' workflows: each step declared once, with the service that performs it.

Keys are the model's django-fsm ``@transition`` names (the status graph); each service takes the
record first (``service(record, /, *, actor, reason, **form fields)``). Record pages offer the
steps open to them now, and the register's ``RegisterTransitionView`` performs them.
"""

from vpp_portal.forms import date_field
from vpp_portal.registers import TransitionForm
from vpp_portal.workflow import Step, Workflow

from . import services
from .forms.forums import ConnectForm

#: What ending an agreement does to the data it covers.
_UNCOVERED = "Every data source it covers will be flagged as uncovered."

AGREEMENT_STEPS: Workflow = {
    "start_drafting": Step(services.agreement_start_drafting, "Start drafting", "Start drafting"),
    "start_negotiation": Step(
        services.agreement_start_negotiation,
        "Start negotiation",
        "Start negotiation",
        hint="The draft has gone to the parties for negotiation.",
    ),
    "activate": Step(
        services.agreement_activate,
        "Make the agreement active",
        "Make active",
        hint="The parties have signed: an MoU, ISA or Art 28 contract needs its signed copy "
        "uploaded, or the DPO's acceptance of each party's reason for signing elsewhere. Data "
        "can be shared under it from its start date.",
    ),
    "expire": Step(
        services.agreement_expire,
        "Record that the agreement has expired",
        "Record expiry",
        hint=_UNCOVERED,
        is_warning=True,
    ),
    "terminate": Step(
        services.agreement_terminate,
        "Terminate the agreement",
        "Terminate",
        hint=_UNCOVERED,
        reason_required=True,
        is_warning=True,
    ),
}

CONNECTION_REQUEST_STEPS: Workflow = {
    "connect": Step(
        services.connection_request_connect,
        "Record the connection",
        "Record the connection",
        hint=(
            "The forum has connected the VPP to these members under its arrangement. Select "
            "the agreement that covers the connection, or start a new one."
        ),
        form_class=ConnectForm,
    ),
    "decline": Step(
        services.connection_request_decline,
        "Record that the forum declined",
        "Record the decline",
        hint="The request will be closed. Say why the forum declined it.",
        reason_required=True,
        is_warning=True,
    ),
}


class RequestConsultationForm(TransitionForm):
    """The consultation step's form: the reason, and when the answers are due."""

    due_on = date_field("Answers due by", help_text="Usually two weeks from today.")


PRODUCT_STEPS: Workflow = {
    "request_consultation": Step(
        services.product_request_consultation,
        "Consult the supplying organisations",
        "Send the consultation",
        hint=(
            "Every organisation whose partner-shared data the product uses, and who has "
            "not been consulted yet, is asked to agree. Their contacts answer in the portal."
        ),
        form_class=RequestConsultationForm,
    ),
    "mark_ready": Step(
        services.product_mark_ready,
        "Mark as ready",
        "Mark as ready",
        hint=(
            "A product for partners or the public that uses partner-shared data is ready "
            "only once every supplying organisation has agreed."
        ),
    ),
    "publish": Step(
        services.product_publish,
        "Publish",
        "Publish",
        hint="The product goes to its audience; today is recorded as its publication date.",
    ),
    "withdraw": Step(
        services.product_withdraw,
        "Withdraw",
        "Withdraw",
        hint="The product is taken back from its audience.",
        reason_required=True,
        is_warning=True,
    ),
    "return_to_draft": Step(
        services.product_return_to_draft,
        "Return to draft",
        "Return to draft",
        hint="Answers already given are kept.",
    ),
}
