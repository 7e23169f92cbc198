"""Every change to the data-protection audits' findings and to the action register, and the
DPO's record that a breach's lessons need no action.

The rules:

1. An action comes from one source and links to it: an audit finding, a breach's lessons
   learnt, a DPIA measure (a DPIA risk's step 6 measure), or a Board decision (its date).
   It is added open, with an owner and a due date that has not passed.
2. Only an open or in-progress action is changed, started, completed or cancelled.
3. Completing needs the evidence of completion (words, a document, or both) and the day it
   was completed (not in the future); its owner or the DPO (``governance.manage_action``)
   records it.
4. Cancelling is the DPO's, with the reason.
5. A breach cannot be closed while its lessons learnt have no action (open, in progress or
   done), unless the DPO has recorded why none is needed (``breach_record_no_action``); the
   check is ``services.breaches.breach_close``'s, under the breach's row lock. So adding an
   action from a breach, and cancelling one, lock the breach first: cancelling the last
   action of a closed breach is refused.

Every step is atomic, locks the row, and records who and why in the history.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vpp_portal.editing import EditConflict, save_register_row

from ..choices import ACTION_LIVE_STATUSES, ActionSource, ActionStatus, BreachStatus
from ..models import Action, AuditFinding, Breach, DataProtectionAudit

CHANGE = "governance.change_action"
MANAGE = "governance.manage_action"
MANAGE_BREACH = "governance.manage_breach"

NOT_LIVE = "This action is ‘{status}’, so it cannot be changed any more."


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})


def _locked(action: Action, expected_version: int | None = None) -> Action:
    current = Action.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and current.row_version != expected_version:
        raise EditConflict(
            current=current, changed_by=current.updated_by, changed_at=current.updated_at
        )
    return current


def _refuse_not_live(current: Action) -> None:
    if current.status not in ACTION_LIVE_STATUSES:
        raise ValidationError(NOT_LIVE.format(status=current.get_status_display()))


def may_complete(action: Action, user: Any) -> bool:
    """The owner, or the DPO."""
    return bool(user.has_perm(MANAGE) or (user.pk is not None and action.owner_id == user.pk))


# --- Audit findings --------------------------------------------------------------------------


def finding_save(
    finding: AuditFinding, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> AuditFinding:
    """Save a finding; a new one takes the next number within its audit (under the audit's
    row lock, so two findings added at once never share a number)."""
    with transaction.atomic():
        if finding.pk is None:
            DataProtectionAudit.objects.select_for_update().get(pk=finding.audit_id)
            last = AuditFinding.objects.filter(audit_id=finding.audit_id).aggregate(
                last=Max("number")
            )["last"]
            finding.number = (last or 0) + 1
            return save_register_row(finding, actor=actor, reason=reason or "Finding recorded")
        return save_register_row(
            finding, actor=actor, reason=reason, expected_version=expected_version
        )


# --- Adding and editing actions --------------------------------------------------------------


def _source_problems(action: Action, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    links: dict[str, Any] = {
        ActionSource.AUDIT_FINDING: action.audit_finding_id,
        ActionSource.BREACH_LESSON: action.breach_id,
        ActionSource.DPIA_MEASURE: action.dpia_risk_id,
        ActionSource.BOARD_DECISION: action.board_decided_on,
    }
    if action.source not in links:
        problems["source"] = "Say where the action came from."
    elif links[action.source] is None or any(
        value is not None for source, value in links.items() if source != action.source
    ):
        if action.source == ActionSource.BOARD_DECISION:
            problems["board_decided_on"] = "Enter the date of the Board decision."
        else:
            problems["source"] = "An action links to exactly the record it came from."
    if action.board_decided_on is not None and action.board_decided_on > today:
        problems["board_decided_on"] = "The Board decision must be today or in the past."
    return problems


def action_create(
    action: Action, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Action:
    """Add ``action`` open, linked to the record it came from (rule 1). An action from a
    breach locks the breach first, as closing it does (rule 5)."""
    if action.pk is not None:
        return action_update(action, actor=actor, reason=reason, expected_version=expected_version)
    if not actor.has_perm(CHANGE):
        raise ValidationError("You cannot add actions.")
    today = timezone.localdate()
    action.status = ActionStatus.OPEN
    problems = _source_problems(action, today)
    if action.due_on is not None and action.due_on < today:
        problems["due_on"] = "The due date must be today or in the future."
    _raise(problems)
    with transaction.atomic():
        if action.breach_id is not None:
            Breach.objects.select_for_update().get(pk=action.breach_id)
        label = ActionSource(action.source).label.lower()
        return save_register_row(action, actor=actor, reason=reason or f"Action added ({label})")


#: What an edit may change: the source, the status and the completion have their own steps.
EDITABLE_FIELDS = ("title", "description", "owner", "due_on", "board_decided_on")


def action_update(
    action: Action, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Action:
    """Save an edit of an open or in-progress action (rule 2)."""
    if action.pk is None:
        return action_create(action, actor=actor, reason=reason)
    with transaction.atomic():
        current = _locked(action, expected_version)
        _refuse_not_live(current)
        for name in EDITABLE_FIELDS:
            setattr(current, name, getattr(action, name))
        _raise(_source_problems(current, timezone.localdate()))
        save_register_row(current, actor=actor, reason=reason)
    return current


# --- Its steps -------------------------------------------------------------------------------


def action_start(action: Action, /, *, actor: Any, reason: str = "") -> Action:
    """Open → in progress, by its owner or the DPO."""
    with transaction.atomic():
        current = _locked(action)
        if not may_complete(current, actor):
            raise ValidationError("Only the action's owner or the DPO can start it.")
        if current.status != ActionStatus.OPEN:
            raise ValidationError(
                f"This action is ‘{current.get_status_display()}’: only an open one is started."
            )
        current.status = ActionStatus.IN_PROGRESS
        save_register_row(current, actor=actor, reason=reason or "Action started")
    return current


def action_complete(
    action: Action,
    /,
    *,
    actor: Any,
    completed_on: date | None,
    evidence: str = "",
    evidence_document: Any = None,
    reason: str = "",
) -> Action:
    """Record the action done, with the evidence and the day (rule 3)."""
    evidence = (evidence or "").strip()
    problems: dict[str, str] = {}
    if not evidence and not evidence_document:
        problems["evidence"] = (
            "Describe the evidence that the action was done, or upload a document that shows it."
        )
    if completed_on is None:
        problems["completed_on"] = "Enter the day the action was completed."
    elif completed_on > timezone.localdate():
        problems["completed_on"] = "The day the action was completed must be today or earlier."
    with transaction.atomic():
        current = _locked(action)
        if not may_complete(current, actor):
            raise ValidationError("Only the action's owner or the DPO can record it as done.")
        _refuse_not_live(current)
        _raise(problems)
        current.status = ActionStatus.DONE
        current.evidence = evidence
        if evidence_document:
            current.evidence_document = evidence_document
        current.completed_on = completed_on
        current.completed_by = actor
        save_register_row(current, actor=actor, reason=reason or "Action done")
    return current


def _breach_left_without_action(breach: Breach, leaving: Action) -> bool:
    """Whether cancelling ``leaving`` leaves a closed breach's lessons with no action."""
    if breach.status != BreachStatus.CLOSED or breach.no_action_reason.strip():
        return False
    others = (
        Action.objects.filter(breach=breach)
        .exclude(pk=leaving.pk)
        .exclude(status=ActionStatus.CANCELLED)
    )
    return not others.exists()


def action_cancel(action: Action, /, *, actor: Any, reason: str) -> Action:
    """The DPO cancels an open or in-progress action, saying why (rule 4)."""
    if not actor.has_perm(MANAGE):
        raise ValidationError("Only the Data Protection Officer can cancel an action.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why the action is cancelled."]})
    with transaction.atomic():
        breach_id = Action.objects.filter(pk=action.pk).values_list("breach_id", flat=True).get()
        # The breach before the action, in the same order as closing the breach takes them.
        breach = Breach.objects.select_for_update().get(pk=breach_id) if breach_id else None
        current = _locked(action)
        _refuse_not_live(current)
        if breach is not None and _breach_left_without_action(breach, current):
            raise ValidationError(
                f"{breach} is closed and this is the only action on its lessons learnt: reopen "
                "the breach, add another action, or record why no action is needed first."
            )
        current.status = ActionStatus.CANCELLED
        current.cancelled_reason = reason
        current.cancelled_by = actor
        save_register_row(current, actor=actor, reason=f"Action cancelled: {reason}")
    return current


# --- A breach whose lessons need no action ---------------------------------------------------


def breach_record_no_action(breach: Breach, /, *, actor: Any, reason: str) -> Breach:
    """The DPO records why a breach's lessons learnt need no action on the register, so that
    it may be closed without one (rule 5)."""
    if not actor.has_perm(MANAGE_BREACH):
        raise ValidationError(
            "Only the Data Protection Officer can record that no action is needed."
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ["Enter why no action is needed: it is kept on the record."]}
        )
    with transaction.atomic():
        current = Breach.objects.select_for_update().get(pk=breach.pk)
        if current.status == BreachStatus.CLOSED:
            raise ValidationError(
                "This breach is closed, so it cannot be changed: reopen it first."
            )
        current.no_action_reason = reason
        current.no_action_decided_by = actor
        current.no_action_decided_at = timezone.now()
        save_register_row(current, actor=actor, reason=f"No action needed: {reason}")
    return current


def breach_lessons_without_action(breach: Breach) -> bool:
    """The breach's lessons learnt are written, none of its actions stands (open, in progress
    or done), and the DPO has not recorded why none is needed: closing it is refused."""
    if not breach.lessons_learnt.strip() or breach.no_action_reason.strip():
        return False
    return (
        not Action.objects.filter(breach_id=breach.pk)
        .exclude(status=ActionStatus.CANCELLED)
        .exists()
    )
