"""Writes to the ROPA registers and the activation rules.

1. The partnership starts with no personal data. An activity with personal data can only be
   active with a covering agreement that allows personal data, an Art 6 basis and an answered
   "DPIA required?" backed by the DPIA register: "yes" needs a linked approved DPIA; "no" needs
   a linked screening the DPO confirmed found no DPIA needed. An answer the linked record
   contradicts is a problem too. Superseded, withdrawn and rejected DPIAs never count; one
   whose review is overdue still does (the reminders chase the review).
2. Special category or criminal offence data also needs a safeguards policy (appropriate
   policy document) from the policy register, in force.
3. An activation that fails lists everything missing at once, each with where it is fixed.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from sharing.choices import PERSONAL_DATA_AGREEMENT_KINDS
from sharing.models import DataSource
from vpp_portal.editing import save_register_row
from vpp_portal.workflow import transition_register_row

from .choices import ActivityStatus, DpiaRequired
from .ico import (
    APPROVED,
    OPEN_STATUSES,
    SCREENED_OUT,
    SCREENED_REQUIRED,
    dpia_label,
    linked_dpias,
)
from .models import Disposal, ProcessingActivity


@dataclass(frozen=True)
class Problem:
    """Something that stops an activity being active, and the page where it is put right."""

    message: str
    fix_url: str
    #: The activity form field the problem is put right in, if it is one.
    field: str = ""

    def __str__(self) -> str:
        return self.message


def activity_problems(activity: ProcessingActivity) -> list[Problem]:
    """Everything that stops ``activity`` being active (rules 1 and 2), all at once."""
    edit = reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})
    problems: list[Problem] = []
    if not activity.has_personal_data:
        return problems
    agreement = activity.covering_agreement
    if agreement is None:
        problems.append(
            Problem(
                "Choose the agreement that allows this personal data to be processed.",
                f"{edit}#id_covering_agreement",
                "covering_agreement",
            )
        )
    elif reasons := _agreement_shortfalls(agreement):
        problems.append(
            Problem(
                f"‘{agreement}’ cannot cover this personal data: {_and(reasons)}. Put that "
                "right on the agreement, or choose an active Information Sharing Agreement or "
                "Art 28 contract that allows personal data.",
                agreement.get_absolute_url(),
                "covering_agreement",
            )
        )
    if not activity.art6_basis:
        problems.append(
            Problem("Choose the Art 6 lawful basis.", f"{edit}#id_art6_basis", "art6_basis")
        )
    if problem := _dpia_problem(activity, edit):
        problems.append(problem)
    if activity.has_special_category_data and not activity.art9_condition:
        problems.append(
            Problem(
                "Choose the Art 9 condition for special category data.",
                f"{edit}#id_art9_condition",
                "art9_condition",
            )
        )
    if activity.has_criminal_offence_data and not activity.schedule1_condition:
        problems.append(
            Problem(
                "Choose the DPA 2018 Schedule 1 condition for criminal offence data.",
                f"{edit}#id_schedule1_condition",
                "schedule1_condition",
            )
        )
    if activity.has_special_category_data or activity.has_criminal_offence_data:
        policy = activity.safeguards_policy
        if policy is None:
            problems.append(
                Problem(
                    "Special category or criminal offence data needs a safeguards policy "
                    "(appropriate policy document) from the policy register.",
                    f"{edit}#id_safeguards_policy",
                    "safeguards_policy",
                )
            )
        elif reasons := _policy_shortfalls(policy):
            problems.append(
                Problem(
                    f"‘{policy}’ cannot be the safeguards policy: {_and(reasons)}. Put that "
                    "right on the policy register, or choose a safeguards policy that is in "
                    "force.",
                    policy.get_absolute_url(),
                    "safeguards_policy",
                )
            )
    return problems


def _dpia_problem(activity: ProcessingActivity, edit: str) -> Problem | None:
    """What the DPIA register still has to show for the activity's "DPIA required?" answer."""
    answer_url = f"{edit}#id_dpia_required_1"
    if not activity.dpia_required:
        return Problem(
            "Answer ‘DPIA required?’ (a screening that says no is an answer).",
            answer_url,
            "dpia_required",
        )
    dpias = linked_dpias(activity)
    approved = [dpia for dpia in dpias if dpia.status == APPROVED]
    screened_out = [dpia for dpia in dpias if dpia.status == SCREENED_OUT]
    in_progress = [dpia for dpia in dpias if dpia.status in OPEN_STATUSES]
    # Where it is put right: the DPIA already under way, else the start of a new one.
    start_url = (
        in_progress[0].get_absolute_url() if in_progress else reverse("governance:dpia_create")
    )
    under_way = (
        f" {dpia_label(in_progress[0])} is still ‘{in_progress[0].get_status_display()}’."
        if in_progress
        else ""
    )
    if activity.dpia_required == DpiaRequired.YES:
        if approved:
            return None
        if screened_out and not in_progress:
            return Problem(
                f"‘DPIA required?’ is yes, but the screening {dpia_label(screened_out[0])} found "
                "no DPIA was needed: correct the answer, or start a DPIA.",
                answer_url,
                "dpia_required",
            )
        return Problem(
            "A DPIA is required: link an approved DPIA to this activity before it can be "
            f"active.{under_way}",
            start_url,
            "dpia_required",
        )
    # "No": a screening in force must say so, and none may say a DPIA is required.
    contradicting = [
        dpia for dpia in approved + screened_out if dpia.screening_outcome == SCREENED_REQUIRED
    ]
    if contradicting:
        return Problem(
            f"‘DPIA required?’ is no, but the screening {dpia_label(contradicting[0])} found a "
            "DPIA is required: correct the answer.",
            answer_url,
            "dpia_required",
        )
    if screened_out:
        return None
    return Problem(
        "‘DPIA required?’ is no: link the screening that found no DPIA was needed (a DPIA "
        f"record whose screening the DPO confirmed).{under_way}",
        start_url,
        "dpia_required",
    )


def _agreement_shortfalls(agreement: Any) -> list[str]:
    reasons = []
    if agreement.kind not in PERSONAL_DATA_AGREEMENT_KINDS:
        reasons.append(f"it is a {agreement.get_kind_display().lower()}")
    if not agreement.is_active:
        reasons.append(f"its status is ‘{agreement.get_status_display()}’, not ‘Active’")
    if not agreement.allows_personal_data:
        reasons.append("it does not allow personal data")
    return reasons


def _policy_shortfalls(policy: Any) -> list[str]:
    reasons = []
    if policy.kind != "safeguards":
        reasons.append(f"it is a {policy.get_kind_display().lower()}, not a safeguards policy")
    if not policy.is_in_force:
        reasons.append(f"its status is ‘{policy.get_status_display()}’, not ‘In force’")
    return reasons


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def activity_save(
    *,
    actor: Any,
    processingactivity: ProcessingActivity,
    reason: str = "",
    expected_version: int | None = None,
) -> ProcessingActivity:
    """Save an activity; an active one must still meet the activation rules."""
    activity = processingactivity
    if activity.pk and activity.status == ActivityStatus.ACTIVE:
        problems = activity_problems(activity)
        if problems:
            # Each problem beside the field that puts it right; the lead sentence on top.
            errors: dict[str, list[str]] = {
                NON_FIELD_ERRORS: [
                    "This activity is active, so a change must keep it within the rules. "
                    "Put right what is listed below, or start a review first."
                ]
            }
            for problem in problems:
                errors.setdefault(problem.field or NON_FIELD_ERRORS, []).append(problem.message)
            raise ValidationError(errors)
    return save_register_row(
        activity, actor=actor, reason=reason, expected_version=expected_version
    )


def activity_activate(
    *, actor: Any, activity: ProcessingActivity, reason: str
) -> ProcessingActivity:
    return transition_register_row(
        activity,
        "activate",
        actor=actor,
        reason=reason,
        check=lambda current: [p.message for p in activity_problems(current)],
    )


def activity_start_review(
    *, actor: Any, activity: ProcessingActivity, reason: str
) -> ProcessingActivity:
    return transition_register_row(activity, "start_review", actor=actor, reason=reason)


def activity_retire(*, actor: Any, activity: ProcessingActivity, reason: str) -> ProcessingActivity:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the activity is being retired."})
    return transition_register_row(activity, "retire", actor=actor, reason=reason)


ACTIVITY_TRANSITIONS = {
    "activate": activity_activate,
    "start_review": activity_start_review,
    "retire": activity_retire,
}


def _check_approver(disposal: Disposal) -> None:
    approver = disposal.approved_by if disposal.approved_by_id else None
    if approver is not None and not (approver.role == Role.DPO and approver.is_active):
        raise ValidationError({"approved_by": "A disposal must be approved by the DPO."})


def disposal_record(
    *, actor: Any, disposal: Disposal, reason: str = "", expected_version: int | None = None
) -> Disposal:
    """Log a disposal and retire the record disposed of, in one transaction; nothing is
    deleted from history. The approver must be an active DPO; the person who carried it out
    defaults to ``actor``. The disposal is new, so ``expected_version`` is not used."""
    _check_approver(disposal)
    with transaction.atomic():
        disposal.carried_out_by = disposal.carried_out_by if disposal.carried_out_by_id else actor
        saved = save_register_row(disposal, actor=actor, reason=reason or "Disposal recorded")
        why = f"Retired by {saved}"
        if saved.activity_id is not None:
            activity = saved.activity
            if activity is not None and activity.status != ActivityStatus.RETIRED:
                transition_register_row(activity, "retire", actor=actor, reason=why)
        elif saved.data_source_id is not None:
            source = DataSource.objects.select_for_update().get(pk=saved.data_source_id)
            if source.retired_on is None:
                source.retired_on = saved.disposed_on or timezone.localdate()
                save_register_row(source, actor=actor, reason=why)
    return saved


def disposal_save(
    *, actor: Any, disposal: Disposal, reason: str = "", expected_version: int | None = None
) -> Disposal:
    """Correct a logged disposal. A new approver must be an active DPO; the one on record
    stays valid even after leaving the role. What was disposed of is not changed here."""
    stored = Disposal.objects.filter(pk=disposal.pk).values_list("approved_by", flat=True).first()
    if disposal.approved_by_id != stored:
        _check_approver(disposal)
    return save_register_row(
        disposal, actor=actor, reason=reason, expected_version=expected_version
    )
