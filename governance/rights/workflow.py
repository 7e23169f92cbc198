"""The rights request's steps, declared once (``vpp_portal.workflow``): the model's
transition names, each with its service and its form."""

from vpp_portal.workflow import Step, Workflow

from ..forms.rights import RightsExtendForm, RightsPauseForm, RightsRespondForm, RightsResumeForm
from ..services import rights as services

RIGHTS_STEPS: Workflow = {
    "pause": Step(
        services.rights_request_pause,
        "Pause the clock: ask the requester",
        "Pause for identification or clarification",
        hint="The clock stops while the requester is asked to prove who they are or to say "
        "what they want. It has no due date until the answer arrives.",
        form_class=RightsPauseForm,
    ),
    "resume": Step(
        services.rights_request_resume,
        "The information has arrived",
        "Information received",
        hint="The clock runs again and the due date is worked out anew.",
        form_class=RightsResumeForm,
    ),
    "extend": Step(
        services.rights_request_extend,
        "Extend the time limit",
        "Extend",
        hint="A complex or numerous UK GDPR request: one or two further months. A complex "
        "and voluminous EIR request: 40 working days. Tell the requester within the first "
        "time limit, with the reasons.",
        form_class=RightsExtendForm,
    ),
    "respond": Step(
        services.rights_request_respond,
        "Record the response",
        "Record the response",
        hint="The request is then closed: what was disclosed, and the exemption relied on "
        "for anything withheld.",
        form_class=RightsRespondForm,
    ),
}
