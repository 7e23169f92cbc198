"""Writes to the ROPA registers: the activation rules, retention rules (a change moves the due
date of every record held under the rule, with history), and disposals (proposed by the core
team, approved or refused by the DPO; only an approval retires the record). Each service that
acts on a record takes it first: ``activity_activate(activity, /, *, actor, reason)``.

1. The partnership starts with no personal data. An activity with personal data can only be
   active with a covering agreement that allows personal data, an Art 6 basis and an answered
   "DPIA required?" backed by the DPIA register: "yes" needs a linked approved DPIA; "no" needs
   a linked screening the DPO confirmed found no DPIA needed. An answer the linked record
   contradicts is a problem too. Superseded, withdrawn and rejected DPIAs never count; one
   whose review is overdue still does (the reminders chase the review).
2. Special category or criminal offence data also needs a safeguards policy (appropriate
   policy document) from the policy register, in force.
3. An activation that fails lists everything missing at once, each with where it is fixed.
4. An activity with personal data is not active while any column the ICO template requires of
   it is empty (``ico.missing_columns``): each empty column is listed, linking to its field.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from sharing.choices import PERSONAL_DATA_AGREEMENT_KINDS
from sharing.models import DataSource
from vpp_portal.editing import constraint_message, save_links, save_register_row
from vpp_portal.workflow import transition_register_row

from .choices import ActivityStatus, DisposalStatus, DpiaRequired
from .dpia_standing import standing
from .ico import activity_dpias, column_number, dpia_label, found_required, missing_columns
from .models import Disposal, ProcessingActivity, RetentionRule
from .selectors import disposal_decision


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
    problems.extend(_empty_column_problems(activity, edit, already=problems))
    return problems


def _empty_column_problems(
    activity: ProcessingActivity, edit: str, *, already: list[Problem]
) -> list[Problem]:
    """Each column the ICO template requires of this activity that is empty (the completeness
    rule of ``ico.missing_columns``), linking to its field; a column another problem already
    names (the Art 6 basis, "DPIA required?", the conditions) is not said twice."""
    # The form knows how each field is reached (radios and checkboxes by their first option).
    from .forms.activities import field_anchor

    named = {problem.field for problem in already}
    problems = []
    for column in missing_columns(activity):
        if column.field in named:
            continue
        anchor = field_anchor(column.field)
        problems.append(
            Problem(
                f"Fill in ‘{column.heading}’ (column {column_number(column)} of the ICO "
                "record): an activity with personal data cannot be active without it.",
                f"{edit}#{anchor}" if anchor else edit,
                column.field,
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
    dpias = activity_dpias(activity)
    approved, screened_out, in_progress = dpias.approved, dpias.screened_out, dpias.in_progress
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
    contradicting = [dpia for dpia in approved + screened_out if found_required(dpia)]
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
    if policy.kind != standing().safeguards_policy_kind:
        reasons.append(f"it is a {policy.get_kind_display().lower()}, not a safeguards policy")
    if not policy.is_in_force:
        reasons.append(f"its status is ‘{policy.get_status_display()}’, not ‘In force’")
    return reasons


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def activity_save(
    activity: ProcessingActivity,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
    links: Mapping[str, Iterable[Any]] | None = None,
) -> ProcessingActivity:
    """Save an activity and its many-to-many ``links`` as one change; an active one must
    still meet the activation rules.

    One transaction: the row (locked), its links and its history row are written, then the
    rules are checked on what was saved (the categories columns are links), and a breach
    undoes all of it.
    """
    with transaction.atomic():
        saved = save_register_row(
            activity, actor=actor, reason=reason, expected_version=expected_version
        )
        if links:
            save_links(saved, links)
        problems = activity_problems(saved) if saved.status == ActivityStatus.ACTIVE else []
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
    return saved


def activity_activate(
    activity: ProcessingActivity, /, *, actor: Any, reason: str
) -> ProcessingActivity:
    """Make the activity active, if it meets every activation rule (all problems at once)."""
    return transition_register_row(
        activity,
        "activate",
        actor=actor,
        reason=reason,
        check=lambda current: [p.message for p in activity_problems(current)],
    )


def activity_start_review(
    activity: ProcessingActivity, /, *, actor: Any, reason: str
) -> ProcessingActivity:
    """Put an active activity under review, where it may change freely."""
    return transition_register_row(activity, "start_review", actor=actor, reason=reason)


def activity_retire(
    activity: ProcessingActivity, /, *, actor: Any, reason: str
) -> ProcessingActivity:
    """Retire the activity (its processing has stopped), saying why; the record is kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the activity is being retired."})
    return transition_register_row(activity, "retire", actor=actor, reason=reason)


# --- Retention rules ---------------------------------------------------------------------------

#: Rows written per query when a rule's change moves its holders' due dates.
DUE_DATE_BATCH = 500


def retention_rule_save(
    rule: RetentionRule,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> RetentionRule:
    """Save a retention rule, then re-derive the stored due date of every activity and data
    source held under it (a changed period moves them all): one transaction, and each record
    whose date moves gets a history row by ``actor`` with the rule's ``reason``."""
    with transaction.atomic():
        saved = save_register_row(
            rule, actor=actor, reason=reason, expected_version=expected_version
        )
        why = reason or f"Retention rule ‘{saved.record_class}’ changed"
        model: Any
        for model in (ProcessingActivity, DataSource):
            moved = []
            for record in model.objects.filter(retention_rule=saved.pk).select_for_update():
                due_on = saved.due_on(record.retention_trigger_on)
                if due_on != record.retention_due_on:
                    record.retention_due_on = due_on
                    moved.append(record)
            if moved:
                bulk_update_with_history(
                    moved,
                    model,
                    ["retention_due_on"],
                    batch_size=DUE_DATE_BATCH,
                    default_user=actor,
                    default_change_reason=why,
                )
    return saved


# --- Disposals: proposed by the core team, decided by the DPO ----------------------------------


def _disposed_record_field(disposal: Disposal) -> str:
    return "activity" if disposal.activity_id is not None else "data_source"


def _lock_open_proposal(disposal: Disposal) -> Disposal:
    """The stored disposal, locked; refused unless it still awaits the DPO's decision."""
    current = (
        Disposal.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=disposal.pk)
    )
    if current.status != DisposalStatus.PROPOSED:
        when = timezone.localtime(current.decided_at) if current.decided_at else None
        raise ValidationError(
            f"This disposal was {current.get_status_display().lower()} by {current.decided_by}"
            + (f" on {when.day} {when:%B %Y at %H:%M}" if when else "")
            + ", so it can no longer be changed or decided. Propose a new disposal if needed."
        )
    return current


def disposal_propose(
    disposal: Disposal, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Disposal:
    """Propose a disposal for the DPO to approve: nothing is retired yet. The record it
    disposes of is locked so that two proposals for it cannot both be waiting. The person who
    carried it out defaults to ``actor``; the proposal is new, so ``expected_version`` is not
    used."""
    if disposal.pk is not None:
        raise ValueError("disposal_propose takes a new disposal; use disposal_save to correct it.")
    with transaction.atomic():
        field = _disposed_record_field(disposal)
        record_id = getattr(disposal, f"{field}_id")
        if record_id is not None:
            model = ProcessingActivity if field == "activity" else DataSource
            model.objects.select_for_update().filter(pk=record_id).first()
            if Disposal.objects.filter(
                **{field: record_id}, status=DisposalStatus.PROPOSED
            ).exists():
                constraint = f"ropa_disposal_one_proposal_per_{field}"
                raise ValidationError({field: constraint_message(Disposal, constraint)})
        disposal.status = DisposalStatus.PROPOSED
        disposal.proposed_by = actor
        disposal.proposed_at = timezone.now()
        disposal.carried_out_by = disposal.carried_out_by if disposal.carried_out_by_id else actor
        return save_register_row(disposal, actor=actor, reason=reason or "Disposal proposed")


def disposal_save(
    disposal: Disposal, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Disposal:
    """Correct a proposal before the DPO decides it. A decided disposal is what the DPO
    decided on, so it no longer changes; what is disposed of is not changed here."""
    with transaction.atomic():
        _lock_open_proposal(disposal)
        return save_register_row(
            disposal, actor=actor, reason=reason, expected_version=expected_version
        )


def _decide(disposal: Disposal, /, *, actor: Any, status: str, reason: str, verb: str) -> Disposal:
    """Lock the proposal, check under the lock that ``actor`` may decide it, and record the
    decision: who, when, why and whether as deputy DPO."""
    current = _lock_open_proposal(disposal)
    decision = disposal_decision(actor, current)
    if not decision:
        raise ValidationError(decision.refusal)
    current.status = status
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decision_reason = reason.strip()
    current.is_deputy_decision = decision.as_deputy
    capacity = "as deputy DPO" if decision.as_deputy else "by the DPO"
    why = f"{verb} {capacity}" + (f": {reason.strip()}" if reason.strip() else "")
    return save_register_row(current, actor=actor, reason=why)


def _retire_disposed_record(disposal: Disposal, *, actor: Any) -> None:
    """Retire what an approved disposal disposes of; its history is kept in full."""
    why = f"Retired by {disposal}"
    if disposal.activity_id is not None:
        activity = ProcessingActivity.objects.get(pk=disposal.activity_id)
        if activity.status != ActivityStatus.RETIRED:
            transition_register_row(activity, "retire", actor=actor, reason=why)
    elif disposal.data_source_id is not None:
        source = DataSource.objects.select_for_update().get(pk=disposal.data_source_id)
        if source.retired_on is None:
            # A planned disposal retires the source the day it is approved, not before.
            source.retired_on = min(disposal.disposed_on, timezone.localdate())
            save_register_row(source, actor=actor, reason=why)


def disposal_approve(disposal: Disposal, /, *, actor: Any, reason: str = "") -> Disposal:
    """The DPO approves a proposed disposal, which retires its record: one transaction, so
    a failure while retiring leaves the proposal waiting and the record as it was. The
    proposer never approves their own proposal; on one a DPO wrote, the SIRO may, as deputy."""
    with transaction.atomic():
        approved = _decide(
            disposal,
            actor=actor,
            status=DisposalStatus.APPROVED,
            reason=reason,
            verb="Approved",
        )
        _retire_disposed_record(approved, actor=actor)
    return approved


def disposal_refuse(disposal: Disposal, /, *, actor: Any, reason: str) -> Disposal:
    """The DPO refuses a proposed disposal, saying why; the record stays as it was."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Enter why you refuse the disposal, so the proposer knows what to do."}
        )
    with transaction.atomic():
        refused = _decide(
            disposal,
            actor=actor,
            status=DisposalStatus.REFUSED,
            reason=reason,
            verb="Refused",
        )
    return refused
