"""Every change to a DPIA: saving its steps and risks, and each step of its flow.

The rules:

1. Content (steps 1 to 6 and the links) changes only while the DPIA is a draft or returned,
   and never by someone who has already acted as its DPO.
2. Submitting needs every step the screening calls for, and every DPO comment resolved.
3. The DPO returns it (with comments on named steps) or gives advice; a screening that found
   no DPIA needed is confirmed by the DPO instead, and is then in force on its own.
4. Sign-off is the Director's while the highest residual risk is low or medium, the SIRO's when
   it is high; high residual risk also needs the prior consultation with the ICO (Art 36)
   recorded first.
5. Nobody advises on or signs off a DPIA they wrote, and one person takes one step only. On
   a DPIA a DPO wrote, another DPO or the SIRO as deputy DPO takes the DPO's steps
   (``accounts.deciders.dpo_decision``); whoever took the DPO's step does not sign it off.
   ``governance.selectors.dpia_decision`` holds these rules, for the pages too.
6. Approval freezes a snapshot; a review starts a new revision from the approved one, which
   it supersedes once the revision is itself approved.

Every step runs whole in one transaction: it locks the row, checks the rules under the lock,
records who, when and why in the history, adds an entry to the DPIA's timeline and (at
approval) freezes the snapshot and supersedes the previous revision, or does none of it.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from accounts.deciders import Decision
from vpp_portal.editing import EditConflict, save_links, save_register_row
from vpp_portal.workflow import transition_register_row

from ..choices import (
    RISK_RANK,
    AdviceDecision,
    DpiaAction,
    DpiaStatus,
    DpiaStep,
    DpoRecommendation,
    ReminderKind,
    ScreeningOutcome,
    overall_risk,
)
from ..models import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from ..reminders.events import record_event
from ..selectors import (
    AS_DEPUTY_DPO,
    MANDATORY_MESSAGE,
    ONLY_DPO_OR_SIRO_RECORD_ICO,
    StepProblem,
    dpia_decision,
    dpia_problems,
    dpo_actor_ids,
    highest_overall_risk,
    highest_residual_risk,
    mandatory_indicators,
    needs_ico_consultation,
    sign_off_permission,
    signer_title,
    step_url,
    steps_needed,
)

# --- Who may take which step (rule 5) ------------------------------------------------------------


def _decided(current: Dpia, actor: Any, step: str) -> Decision:
    """``dpia_decision`` for ``actor`` on the locked row: its refusal, or the decision."""
    decision = dpia_decision(actor, current, step)
    if not decision:
        raise ValidationError(decision.refusal)
    return decision


SCREENING_SAYS_REQUIRED = (
    "The screening found that a DPIA is required: give your advice on it, or return it for changes."
)
SCREENING_SAYS_NOT_REQUIRED = (
    "The screening found that no DPIA is needed: confirm the screening, or return it for changes."
)


def _refuse_other_outcome(current: Dpia, *, required: bool) -> None:
    """Advice is for a DPIA the screening calls for, confirmation for one it does not. The
    transitions' conditions say the same, but would read as a wrong status."""
    if current.status != DpiaStatus.SUBMITTED:
        return
    outcome = current.screening_outcome
    if (outcome == ScreeningOutcome.REQUIRED) != required:
        says_required = outcome == ScreeningOutcome.REQUIRED
        raise ValidationError(
            SCREENING_SAYS_REQUIRED if says_required else SCREENING_SAYS_NOT_REQUIRED
        )


def _refuse_content_change(dpia: Dpia, actor: Any) -> None:
    if not dpia.is_editable:
        raise ValidationError(
            f"This DPIA is ‘{dpia.get_status_display()}’: it can only be changed while it is a "
            "draft or returned for changes."
        )
    if actor.pk in dpo_actor_ids(dpia):
        raise ValidationError(
            "You reviewed this DPIA as its DPO, so you cannot also write it: its author makes "
            "the changes."
        )


# --- Writing the content (rule 1) ----------------------------------------------------------------


def dpia_save(
    *, actor: Any, dpia: Dpia, reason: str = "", expected_version: int | None = None
) -> Dpia:
    """Create a DPIA (its author is ``actor``, its reference the next free one) or save a
    change to its content."""
    if dpia.pk is None:
        return _dpia_create(actor=actor, dpia=dpia, reason=reason)
    with transaction.atomic():
        current = Dpia.objects.select_for_update().get(pk=dpia.pk)
        _refuse_content_change(current, actor)
        # The row is locked, so nobody can submit it between this check and the save.
        dpia.status = current.status
        if mandatory_indicators(dpia) and dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
            message = MANDATORY_MESSAGE.removeprefix("Step 1: ")  # beside the field: no step
            raise ValidationError({"screening_outcome": message[:1].upper() + message[1:]})
        save_register_row(dpia, actor=actor, reason=reason, expected_version=expected_version)
        dpia.contributors.add(actor)
    return dpia


def _dpia_create(*, actor: Any, dpia: Dpia, reason: str) -> Dpia:
    dpia.author = actor
    dpia.revision = 1
    for _attempt in range(5):
        try:
            with transaction.atomic():
                dpia.reference = _next_reference()
                save_register_row(dpia, actor=actor, reason=reason or "DPIA started")
                dpia.contributors.add(actor)
                _event(dpia, actor, DpiaAction.CREATED, reason, "", dpia.status)
                return dpia
        except IntegrityError:  # another DPIA took the reference in between: take the next
            dpia.pk = None
    raise ValidationError("The DPIA could not be given a reference: please try again.")


def _next_reference() -> str:
    numbers = [
        int(ref.removeprefix("DPIA-"))
        for ref in Dpia.objects.filter(reference__startswith="DPIA-").values_list(
            "reference", flat=True
        )
        if ref.removeprefix("DPIA-").isdigit()
    ]
    return f"DPIA-{max(numbers, default=0) + 1:03d}"


def dpia_risk_save(
    *, actor: Any, risk: DpiaRisk, reason: str = "", expected_version: int | None = None
) -> DpiaRisk:
    """Add or change a risk (step 5) or its measure (step 6); the overall risk comes from the
    one matrix in ``governance.choices``."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=risk.dpia_id)
        _refuse_content_change(dpia, actor)
        if risk.pk is None:
            last = dpia.risks.order_by("-number").values_list("number", flat=True).first()
            risk.number = (last or 0) + 1
        if risk.likelihood and risk.severity:
            risk.overall_risk = overall_risk(risk.likelihood, risk.severity)
        if (
            risk.needs_measure
            and risk.residual_risk
            and RISK_RANK[risk.residual_risk] > RISK_RANK[risk.overall_risk]  # type: ignore[index]
        ):
            raise ValidationError(
                {
                    "residual_risk": "The residual risk cannot be higher than the risk before "
                    f"the measure ({risk.get_overall_risk_display().lower()})."
                }
            )
        save_register_row(risk, actor=actor, reason=reason, expected_version=expected_version)
        dpia.contributors.add(actor)
    return risk


def dpia_risk_remove(*, actor: Any, risk: DpiaRisk, reason: str) -> None:
    """Remove a risk from a draft; its history keeps what it said and who removed it."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=risk.dpia_id)
        _refuse_content_change(dpia, actor)
        risk._change_reason = reason  # type: ignore[attr-defined]
        risk._history_user = actor  # type: ignore[attr-defined]
        risk.delete()
        dpia.contributors.add(actor)


# --- The flow ------------------------------------------------------------------------------------


def _event(dpia: Dpia, actor: Any, action: str, comment: str, before: str, after: str) -> DpiaEvent:
    return DpiaEvent.objects.create(
        dpia=dpia,
        action=action,
        actor=actor,
        comment=comment,
        status_before=before,
        status_after=after,
    )


#: The workflow event each timeline action notifies (``governance.reminders.events``).
NOTIFIES = {
    DpiaAction.SUBMITTED: ReminderKind.DPIA_SUBMITTED,
    DpiaAction.RETURNED: ReminderKind.DPIA_RETURNED,
    DpiaAction.ADVISED: ReminderKind.DPIA_SIGN_OFF,
    DpiaAction.APPROVED: ReminderKind.DPIA_DECIDED,
    DpiaAction.REJECTED: ReminderKind.DPIA_DECIDED,
}


def _step(
    dpia: Dpia,
    transition: str,
    action: str,
    *,
    actor: Any,
    reason: str,
    step: str,
    first: Callable[[Dpia], None] | None = None,
    check: Callable[[Dpia], list[str]] | None = None,
    before_save: Callable[[Dpia], None] | None = None,
) -> Dpia:
    """Apply one transition under the row lock and add it to the timeline: ``first`` and
    whether ``actor`` may take ``step`` (``dpia_decision``) are checked under the lock, then
    the transition's status, then ``check``. A step the SIRO takes as deputy DPO says so in
    its reason (history and timeline)."""
    with transaction.atomic():
        # Read under the row lock, so the timeline says the status the step really started from.
        locked = Dpia.objects.select_for_update().get(pk=dpia.pk)
        before = locked.status
        if first is not None:
            first(locked)
        # A wrong status is the first thing to say; ``transition_register_row`` says it.
        if can_proceed(getattr(locked, transition)) and _decided(locked, actor, step).as_deputy:
            reason = f"{reason} ({AS_DEPUTY_DPO})"
        current = transition_register_row(
            dpia, transition, actor=actor, reason=reason, check=check, before_save=before_save
        )
        entry = _event(current, actor, action, reason, before, current.status)
        if action in NOTIFIES:
            # One ledger row per timeline entry, in this transaction: sent once it commits.
            record_event(NOTIFIES[DpiaAction(action)], current, at=entry.at)
    return current


def dpia_submit(*, actor: Any, dpia: Dpia, reason: str = "") -> Dpia:
    """Send a draft (or a returned DPIA, its comments resolved) to the DPO (rule 2)."""

    def check(current: Dpia) -> list[str]:
        problems = [p.message for p in dpia_problems(current)]
        open_comments = current.comments.filter(resolved_at__isnull=True).count()
        if open_comments:
            problems.append(
                f"Resolve the DPO's {open_comments} open comment"
                f"{'' if open_comments == 1 else 's'} before submitting again."
            )
        return problems

    def stamp(current: Dpia) -> None:
        current.submitted_by = actor
        current.submitted_at = timezone.now()

    with transaction.atomic():
        current = _step(
            dpia,
            "submit",
            DpiaAction.SUBMITTED,
            actor=actor,
            reason=reason or "Submitted to the DPO",
            step="submit",
            check=check,
            before_save=stamp,
        )
        current.contributors.add(actor)
    return current


def dpia_return(*, actor: Any, dpia: Dpia, reason: str, comments: Mapping[int, str]) -> Dpia:
    """The DPO sends it back to the author with comments on named steps (rule 3)."""
    comments = {int(step): text.strip() for step, text in comments.items() if text.strip()}
    if not comments:
        raise ValidationError("Comment on at least one step, so the author knows what to change.")
    unknown = set(comments) - set(DpiaStep.values)
    if unknown:
        raise ValidationError(f"There is no step {min(unknown)}.")

    def record(current: Dpia) -> None:
        DpiaComment.objects.bulk_create(
            DpiaComment(dpia=current, step=step, text=text, made_by=actor)
            for step, text in sorted(comments.items())
        )

    return _step(
        dpia,
        "return_for_changes",
        DpiaAction.RETURNED,
        actor=actor,
        reason=reason or "Returned for changes",
        step="return",
        before_save=record,
    )


def dpia_comment_resolve(*, actor: Any, comment: DpiaComment, resolution: str = "") -> DpiaComment:
    """The author marks a DPO comment resolved, with an optional reply."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=comment.dpia_id)
        current = DpiaComment.objects.select_for_update().get(pk=comment.pk)
        if current.is_resolved:
            raise ValidationError(
                f"This comment was already resolved by {current.resolved_by} at "
                f"{timezone.localtime(current.resolved_at):%H:%M on %d %b %Y}."  # type: ignore[arg-type]
            )
        _refuse_content_change(dpia, actor)
        current.resolved_by = actor
        current.resolved_at = timezone.now()
        current.resolution = resolution.strip()
        current._change_reason = "Comment resolved"  # type: ignore[attr-defined]
        current._history_user = actor  # type: ignore[attr-defined]
        current.full_clean()
        current.save()
        dpia.contributors.add(actor)  # answering for the author is writing it (rule 5)
        label = DpiaStep(current.step).label
        _event(
            dpia,
            actor,
            DpiaAction.COMMENT_RESOLVED,
            f"{label}: {current.resolution}" if current.resolution else label,
            dpia.status,
            dpia.status,
        )
    return current


def dpia_give_advice(
    *, actor: Any, dpia: Dpia, reason: str = "", recommendation: str, advice: str
) -> Dpia:
    """The DPO's advice (step 7), which passes the DPIA on for sign-off."""
    errors: dict[str, str] = {}
    if recommendation not in DpoRecommendation.values:
        errors["recommendation"] = "Choose your recommendation."
    if not advice.strip():
        errors["advice"] = "Enter a summary of your advice."
    if errors:
        raise ValidationError(errors)

    def record(current: Dpia) -> None:
        current.dpo_recommendation = recommendation
        current.dpo_advice = advice.strip()
        current.advised_by = actor
        current.advised_at = timezone.now()

    return _step(
        dpia,
        "give_advice",
        DpiaAction.ADVISED,
        actor=actor,
        reason=reason or "DPO advice given",
        step="advise",
        first=lambda current: _refuse_other_outcome(current, required=True),
        before_save=record,
    )


def dpia_confirm_screening(
    *,
    actor: Any,
    dpia: Dpia,
    reason: str = "",
    advice: str,
    next_review_on: date | None = None,
) -> Dpia:
    """The DPO agrees that no DPIA is needed: the screening is then the record (rule 3)."""
    errors: dict[str, str] = {}
    if not advice.strip():
        errors["advice"] = "Enter why you agree that no DPIA is needed."
    if next_review_on is not None and next_review_on <= timezone.localdate():
        errors["next_review_on"] = "The next review date must be in the future."
    if errors:
        raise ValidationError(errors)

    def record(current: Dpia) -> None:
        current.dpo_advice = advice.strip()
        current.advised_by = actor
        current.advised_at = timezone.now()
        current.next_review_on = next_review_on

    with transaction.atomic():  # the confirmation, its snapshot and the supersession: all or none
        current = _step(
            dpia,
            "confirm_screening",
            DpiaAction.SCREENING_CONFIRMED,
            actor=actor,
            reason=reason or "No DPIA needed",
            step="confirm_screening",
            first=lambda current: _refuse_other_outcome(current, required=False),
            before_save=record,
        )
        _freeze(current, actor)
        _supersede_previous(current, actor)
    return current


def dpia_record_ico_consultation(
    *,
    actor: Any,
    dpia: Dpia,
    reason: str = "",
    consulted_on: date,
    outcome: str,
    ico_reference: str = "",
    expected_version: int | None = None,
) -> Dpia:
    """Record the prior consultation with the ICO (Art 36) while the DPIA awaits sign-off: the
    SIRO, or the DPO (not on a DPIA they wrote)."""
    if not (
        actor.has_perm("governance.advise_dpia")
        or actor.has_perm("governance.sign_off_high_risk_dpia")
    ):
        raise ValidationError(ONLY_DPO_OR_SIRO_RECORD_ICO)
    if consulted_on > timezone.localdate():
        raise ValidationError(
            {"consulted_on": "The date the ICO was consulted must be today or in the past."}
        )
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome of the consultation with the ICO."})
    with transaction.atomic():
        current = Dpia.objects.select_for_update().get(pk=dpia.pk)
        if current.status != DpiaStatus.AWAITING_SIGN_OFF:
            raise ValidationError(
                "The prior consultation with the ICO is recorded while the DPIA awaits sign-off."
            )
        _decided(current, actor, "ico_consultation")
        current.ico_consulted_on = consulted_on
        current.ico_reference = ico_reference.strip()
        current.ico_outcome = outcome.strip()
        save_register_row(
            current,
            actor=actor,
            reason=reason or "ICO prior consultation recorded",
            expected_version=expected_version,
        )
        _event(
            current,
            actor,
            DpiaAction.ICO_CONSULTED,
            current.ico_outcome,
            current.status,
            current.status,
        )
    return current


def dpia_approve(
    *,
    actor: Any,
    dpia: Dpia,
    reason: str = "",
    advice_decision: str,
    advice_overruled_reasons: str = "",
    consultation_departure_reasons: str = "",
    review_owner: Any,
    next_review_on: date,
) -> Dpia:
    """Sign-off (step 7): measures approved and residual risks accepted by ``actor``, the
    DPO's advice accepted or overruled, a review owner and date; then freeze it (rule 6)."""
    errors: dict[str, str] = {}
    if advice_decision not in AdviceDecision.values:
        errors["advice_decision"] = "Say whether you accept or overrule the DPO's advice."
    if advice_decision == AdviceDecision.OVERRULED and not advice_overruled_reasons.strip():
        errors["advice_overruled_reasons"] = "Give the reasons for overruling the DPO's advice."
    if next_review_on is None or next_review_on <= timezone.localdate():
        errors["next_review_on"] = "The next review date must be in the future."
    if review_owner is None:
        errors["review_owner"] = "Choose who keeps the DPIA under review."
    if errors:
        raise ValidationError(errors)

    def check(current: Dpia) -> list[str]:
        if needs_ico_consultation(current) and not (
            current.ico_consulted_on and current.ico_outcome
        ):
            return [
                "The highest residual risk is high: record the prior consultation with the ICO "
                "(UK GDPR Art 36) and its outcome before approving."
            ]
        return []

    def record(current: Dpia) -> None:
        current.signed_off_by = actor
        current.signed_off_at = timezone.now()
        current.advice_decision = advice_decision
        current.advice_overruled_reasons = advice_overruled_reasons.strip()
        current.consultation_departure_reasons = consultation_departure_reasons.strip()
        current.review_owner = review_owner
        current.next_review_on = next_review_on

    with transaction.atomic():  # the approval, its snapshot and the supersession: all or none
        current = _step(
            dpia,
            "approve",
            DpiaAction.APPROVED,
            actor=actor,
            reason=reason or "Approved",
            step="approve",
            check=check,
            before_save=record,
        )
        _freeze(current, actor)
        _supersede_previous(current, actor)
    return current


def dpia_reject(*, actor: Any, dpia: Dpia, reason: str) -> Dpia:
    """The signatory refuses the processing; the reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for rejecting the DPIA."})

    return _step(dpia, "reject", DpiaAction.REJECTED, actor=actor, reason=reason, step="reject")


def dpia_withdraw(*, actor: Any, dpia: Dpia, reason: str) -> Dpia:
    """The processing will not go ahead as assessed; the reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for withdrawing the DPIA."})
    return _step(
        dpia, "withdraw", DpiaAction.WITHDRAWN, actor=actor, reason=reason, step="withdraw"
    )


def dpia_start_review(*, actor: Any, dpia: Dpia, reason: str = "") -> Dpia:
    """Start the review of an approved DPIA (or screening): a new draft revision copied from
    it, linked back to it. The approved one stays in force until the revision is approved."""
    with transaction.atomic():
        current = Dpia.objects.select_for_update().get(pk=dpia.pk)
        if current.status not in (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT):
            raise ValidationError(
                "Only an approved DPIA can be reviewed; this one is "
                f"‘{current.get_status_display()}’."
            )
        _decided(current, actor, "start_review")
        in_progress = current.revisions.exclude(
            status__in=(DpiaStatus.WITHDRAWN, DpiaStatus.REJECTED)
        ).first()
        if in_progress is not None:
            raise ValidationError(
                f"A review is already under way: {in_progress} is "
                f"‘{in_progress.get_status_display()}’."
            )
        revision = Dpia(
            reference=current.reference,
            revision=_next_revision(current),
            revision_of=current,
            author=actor,
            **{name: getattr(current, name) for name in COPIED_FIELDS},
        )
        save_register_row(
            revision,
            actor=actor,
            reason=reason or f"Review of revision {current.revision} started",
        )
        save_links(
            revision,
            {
                "activities": current.activities.all(),
                "agreements": current.agreements.all(),
                "data_sources": current.data_sources.all(),
            },
        )
        revision.contributors.add(actor)
        for risk in current.risks.all():
            copy = DpiaRisk(
                dpia=revision,
                number=risk.number,
                **{name: getattr(risk, name) for name in COPIED_RISK_FIELDS},
            )
            save_register_row(copy, actor=actor, reason="Copied from the approved revision")
        comment = reason or "Review started"
        _event(revision, actor, DpiaAction.REVIEW_STARTED, comment, "", revision.status)
        _event(current, actor, DpiaAction.REVIEW_STARTED, comment, current.status, current.status)
    return revision


def _next_revision(dpia: Dpia) -> int:
    latest = (
        Dpia.objects.filter(reference=dpia.reference)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    return (latest or dpia.revision) + 1


#: What a new revision starts from: the content of steps 1 to 4 (steps 5 and 6 are its risks).
COPIED_FIELDS = (
    "title",
    "screening_indicators",
    "screening_outcome",
    "screening_reason",
    "processing_nature",
    "processing_scope",
    "processing_context",
    "processing_purposes",
    "consultation",
    "consultation_not_sought_reason",
    "necessity_and_proportionality",
)
COPIED_RISK_FIELDS = (
    "description",
    "likelihood",
    "severity",
    "overall_risk",
    "measure_options",
    "measure_effect",
    "residual_risk",
)


def _supersede_previous(dpia: Dpia, actor: Any) -> None:
    previous = dpia.revision_of
    if previous is None or previous.status not in (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT):
        return
    reason = f"Superseded by revision {dpia.revision}"
    before = previous.status
    current = transition_register_row(previous, "supersede", actor=actor, reason=reason)
    _event(current, actor, DpiaAction.SUPERSEDED, reason, before, current.status)


def _freeze(dpia: Dpia, actor: Any) -> DpiaSnapshot:
    """Keep the DPIA as approved: its whole document as data, with a digest to prove it."""
    from ..documents import dpia_document  # the document is built from the services' view

    content = dpia_document(Dpia.objects.with_related().get(pk=dpia.pk))
    return DpiaSnapshot.objects.create(
        dpia=dpia, taken_by=actor, content=content, digest=snapshot_digest(content)
    )


def snapshot_digest(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


__all__ = [
    "EditConflict",
    "StepProblem",
    "dpia_approve",
    "dpia_comment_resolve",
    "dpia_confirm_screening",
    "dpia_give_advice",
    "dpia_problems",
    "dpia_record_ico_consultation",
    "dpia_reject",
    "dpia_return",
    "dpia_risk_remove",
    "dpia_risk_save",
    "dpia_save",
    "dpia_start_review",
    "dpia_submit",
    "dpia_withdraw",
    "dpo_actor_ids",
    "highest_overall_risk",
    "highest_residual_risk",
    "needs_ico_consultation",
    "sign_off_permission",
    "signer_title",
    "snapshot_digest",
    "step_url",
    "steps_needed",
]
