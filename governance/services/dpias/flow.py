"""The steps of a DPIA's flow that any role takes: submitting it (rule 2), the DPO returning
it with comments (rule 3), and rejecting or withdrawing it."""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from vpp_portal.workflow import transition_register_row

from ...choices import DpiaAction, DpiaStep, ReminderKind
from ...models import Dpia, DpiaComment
from ...reminders.events import record_event
from ...selectors import AS_DEPUTY_DPO, dpia_problems
from .timeline import add_event, decided

#: The ``ValidationError`` codes a page routes on: each missing item links to its step's page
#: (``params["fix_url"]``), open comments to the first comment, no comment to the first box.
MISSING_ITEM = "missing_item"
OPEN_COMMENTS = "open_comments"
NO_STEP_COMMENTED = "no_step_commented"

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
    first: Callable[[Dpia], None] | None = None,
    check: Callable[[Dpia], list[str]] | None = None,
    before_save: Callable[[Dpia], None] | None = None,
) -> Dpia:
    """Apply one transition under the row lock and add it to the timeline: ``first`` and
    whether ``actor`` may take it (``dpia_decision``) are checked under the lock, then the
    transition's status, then ``check``. A step the SIRO takes as deputy DPO says so in its
    reason (history and timeline)."""
    with transaction.atomic():
        # Read under the row lock, so the timeline says the status the step really started from.
        locked = Dpia.objects.select_for_update().get(pk=dpia.pk)
        before = locked.status
        if first is not None:
            first(locked)
        # A wrong status is the first thing to say; ``transition_register_row`` says it.
        if (
            can_proceed(getattr(locked, transition))
            and decided(locked, actor, transition).as_deputy
        ):
            reason = f"{reason} ({AS_DEPUTY_DPO})"
        current = transition_register_row(
            dpia, transition, actor=actor, reason=reason, check=check, before_save=before_save
        )
        entry = add_event(current, actor, action, reason, before, current.status)
        if action in NOTIFIES:
            # One ledger row per timeline entry, in this transaction: sent once it commits.
            record_event(NOTIFIES[DpiaAction(action)], current, at=entry.at)
    return current


def dpia_submit(dpia: Dpia, /, *, actor: Any, reason: str = "") -> Dpia:
    """Send a draft (or a returned DPIA, its comments resolved) to the DPO (rule 2)."""

    def check(current: Dpia) -> list[str]:
        problems = [
            ValidationError(p.message, code=MISSING_ITEM, params={"fix_url": p.fix_url})
            for p in dpia_problems(current)
        ]
        open_comments = current.comments.filter(resolved_at__isnull=True).count()
        if open_comments:
            problems.append(
                ValidationError(
                    f"Resolve the DPO's {open_comments} open comment"
                    f"{'' if open_comments == 1 else 's'} before submitting again.",
                    code=OPEN_COMMENTS,
                )
            )
        if problems:
            raise ValidationError(problems)  # every problem at once, each with its code
        return []

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
            check=check,
            before_save=stamp,
        )
        current.contributors.add(actor)
    return current


def dpia_return(dpia: Dpia, /, *, actor: Any, reason: str, comments: Mapping[int, str]) -> Dpia:
    """The DPO sends it back to the author with comments on named steps (rule 3)."""
    comments = {int(step): text.strip() for step, text in comments.items() if text.strip()}
    if not comments:
        raise ValidationError(
            "Comment on at least one step, so the author knows what to change.",
            code=NO_STEP_COMMENTED,
        )
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
        before_save=record,
    )


def dpia_reject(dpia: Dpia, /, *, actor: Any, reason: str) -> Dpia:
    """The signatory refuses the processing; the reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for rejecting the DPIA."})
    return _step(dpia, "reject", DpiaAction.REJECTED, actor=actor, reason=reason)


def dpia_withdraw(dpia: Dpia, /, *, actor: Any, reason: str) -> Dpia:
    """The processing will not go ahead as assessed; the reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for withdrawing the DPIA."})
    return _step(dpia, "withdraw", DpiaAction.WITHDRAWN, actor=actor, reason=reason)
