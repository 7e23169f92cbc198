"""The ROPA's workflows, each declared once: its steps by the model's transition name.

A processing activity goes draft → active ⇄ under review → retired
(``ProcessingActivity``'s ``@transition`` methods); the services do the work. Disposals have
no status graph of their own: the DPO's approval or refusal (``services.disposal_approve``,
``services.disposal_refuse``) is a decision with its own page, not a workflow step.
"""

from vpp_portal.workflow import Step, Workflow

from . import services

ACTIVITY_STEPS: Workflow = {
    "activate": Step(
        services.activity_activate,
        "Make the activity active",
        "Make active",
        hint="The processing may go ahead as recorded. An activity with personal data needs "
        "an agreement that allows it, an Art 6 basis and, from the DPIA register, an approved "
        "DPIA when ‘DPIA required?’ is yes, or the DPO’s confirmed screening that none is "
        "needed when it is no; special category or criminal offence data also needs its "
        "condition and a safeguards policy.",
    ),
    "start_review": Step(
        services.activity_start_review,
        "Start a review of the activity",
        "Start review",
        hint="While under review the record can be changed freely; make it active again "
        "when the review is finished.",
    ),
    "retire": Step(
        services.activity_retire,
        "Retire the activity",
        "Retire",
        hint="The processing has stopped. The record and its history are kept.",
        reason_required=True,
        is_warning=True,
    ),
}
