"""Every change to the breach log: recording a breach, editing it, the DPO's decision whether
the ICO must be told, and its flow open → contained → closed (and back to open).

The rules:

1. The partnership cannot become aware of a breach before it was detected, and neither time
   is in the future.
2. A decision on telling the ICO ("report" or "not required") comes with its reasons; the time
   the ICO was told exists only with "report", and is not before awareness nor in the future.
3. Individuals told: the time they were told goes with "Told", and only with it.
4. Containing needs the actions taken. Closing needs the ICO decision (and, with "report", the
   time the ICO was told), the lessons learnt with an action on the action register (or the
   DPO's record of why none is needed, ``services.actions``), and for a high risk a decision
   on telling the individuals. Reopening needs a reason.
5. Deciding on the ICO, closing and reopening are the DPO's (``governance.manage_breach``).
6. A closed breach is not changed: reopen it first.
7. A breach involving a partner's data (``organisation`` a partner, not the core-team host)
   asks the DPO to decide whether to tell that partner: a decision with reasons, recorded by
   the DPO. Once the partner has been told, that decision stands (it cannot be untold).

Every step is atomic, locks the row, refuses a save over a change made since the editor opened
the form (``EditConflict``), and records who and why in the history. Recording a breach, or
moving when the partnership became aware of it, starts the 72-hour reminders as soon as the
transaction commits. Recording it with a partner's data (or changing whose data it was) asks
the DPO to decide about telling the partner, and a decision to tell notifies the partner's
contacts: each a workflow event written in the same transaction (``reminders.events``).
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django_fsm import can_proceed

from vpp_portal.editing import EditConflict, constraint_message, save_register_row

from ..choices import (
    BreachRisk,
    BreachStatus,
    IcoDecision,
    IndividualsTold,
    PartnerDecision,
    ReminderKind,
)
from ..models import Breach
from ..reminders.events import record_event
from .actions import breach_lessons_without_action

MANAGE = "governance.manage_breach"
REFERENCE_PREFIX = "BR-"

NOT_THE_DPO = "Only the Data Protection Officer can {what}."
CLOSED = "This breach is closed, so it cannot be changed: reopen it first."


# --- The rules ------------------------------------------------------------------------------------


def _in_future(value: datetime | None, now: datetime) -> bool:
    return value is not None and value > now


def _time_problems(breach: Breach, now: datetime) -> dict[str, str]:
    """Rule 1 and the timing half of rules 2 and 3, each keyed by the field to fix."""
    problems: dict[str, str] = {}
    if _in_future(breach.detected_at, now):
        problems["detected_at"] = "The time the breach was detected must be now or in the past."
    if _in_future(breach.became_aware_at, now):
        problems["became_aware_at"] = (
            "The time the partnership became aware must be now or in the past."
        )
    elif (
        breach.detected_at
        and breach.became_aware_at
        and breach.became_aware_at < breach.detected_at
    ):
        problems["became_aware_at"] = constraint_message(
            Breach, "governance_breach_aware_after_detected"
        )
    if breach.individuals_told == IndividualsTold.TOLD:
        if breach.individuals_told_at is None:
            problems["individuals_told_at"] = "Enter when the individuals were told."
        elif _in_future(breach.individuals_told_at, now):
            problems["individuals_told_at"] = (
                "The time the individuals were told must be now or in the past."
            )
        elif breach.detected_at and breach.individuals_told_at < breach.detected_at:
            problems["individuals_told_at"] = (
                "The individuals cannot have been told before the breach was detected."
            )
    elif breach.individuals_told_at is not None:
        problems["individuals_told_at"] = (
            "Only enter when the individuals were told if you chose ‘Told’: clear the time, "
            "or change the answer to ‘Told’."
        )
    return problems


def _decision_problems(breach: Breach, now: datetime) -> dict[str, str]:
    """Rule 2: reasons for a decision; the time the ICO was told only after a "report"."""
    problems: dict[str, str] = {}
    if breach.ico_decision != IcoDecision.UNDECIDED and not breach.ico_decision_reasons.strip():
        problems["ico_decision_reasons"] = constraint_message(
            Breach, "governance_breach_decision_has_reasons"
        )
    if breach.ico_told_at is not None:
        if breach.ico_decision != IcoDecision.REPORT:
            problems["ico_told_at"] = (
                "Only enter when the ICO was told if the decision is that the ICO must be told."
            )
        elif _in_future(breach.ico_told_at, now):
            problems["ico_told_at"] = "The time the ICO was told must be now or in the past."
        elif breach.became_aware_at and breach.ico_told_at < breach.became_aware_at:
            problems["ico_told_at"] = (
                "The ICO cannot have been told before the partnership became aware of the breach."
            )
    if breach.ico_reference.strip() and breach.ico_decision != IcoDecision.REPORT:
        problems["ico_reference"] = (
            "Only enter the ICO's case reference if the decision is that the ICO must be told."
        )
    return problems


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})


def _refuse_closed(current: Breach) -> None:
    if current.status == BreachStatus.CLOSED:
        raise ValidationError(CLOSED)


def _refuse_unless_dpo(actor: Any, what: str) -> None:
    if not actor.has_perm(MANAGE):
        raise ValidationError(NOT_THE_DPO.format(what=what))


def _locked(breach: Breach, expected_version: int | None) -> Breach:
    """The current row, locked; ``EditConflict`` if it changed since the form was opened."""
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    if expected_version is not None and current.row_version != expected_version:
        raise EditConflict(
            current=current, changed_by=current.updated_by, changed_at=current.updated_at
        )
    return current


def _save(breach: Breach, *, actor: Any, reason: str) -> Breach:
    """Save a locked, checked row (the version was compared already)."""
    _derive_deadline(breach)
    return save_register_row(breach, actor=actor, reason=reason)


def _derive_deadline(breach: Breach) -> None:
    # ``save()`` derives it too, but ``full_clean()`` runs first and needs it filled in.
    if breach.became_aware_at is not None:
        breach.ico_deadline_at = Breach.deadline_for(breach.became_aware_at)


def _start_reminders(breach: Breach) -> None:
    # Imported here: the task module pulls in the reminder machinery, which reads the models.
    from ..tasks import breach_recorded

    breach_recorded.delay_on_commit(breach.pk)


# --- Recording and editing ------------------------------------------------------------------------


def breach_record(breach: Breach, /, *, actor: Any, reason: str = "") -> Breach:
    """Record a new breach as ``actor`` under the next free reference (BR-001, BR-002…), and
    start its 72-hour reminders once the record is committed. The ICO decision starts
    undecided and the status open: those have their own steps."""
    now = timezone.now()
    breach.ico_decision = IcoDecision.UNDECIDED
    breach.ico_decision_reasons = ""
    breach.ico_told_at = None
    breach.ico_reference = ""
    breach.status = BreachStatus.OPEN
    if breach.reported_by_id is None:
        breach.reported_by = actor
    _raise(_time_problems(breach, now))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                breach.reference = _next_reference()
                _derive_deadline(breach)
                save_register_row(breach, actor=actor, reason=reason or "Breach recorded")
                _start_reminders(breach)
                _ask_about_partner(breach)
                return breach
        except (IntegrityError, ValidationError) as error:
            # Another breach took the reference in between (seen by ``full_clean`` or, in a
            # race, by the unique index): take the next one. Any other problem is the user's.
            if isinstance(error, ValidationError) and not _only_reference_taken(error):
                raise
            breach.pk = None
            breach.row_version = 1
    raise ValidationError("The breach could not be given a reference: please try again.")


def _only_reference_taken(error: ValidationError) -> bool:
    return set(getattr(error, "error_dict", {})) == {"reference"}


def _next_reference() -> str:
    """One more than the highest BR- number (compared as numbers: BR-1000 follows BR-999)."""
    last = (
        Breach.objects.filter(reference__startswith=REFERENCE_PREFIX)
        .annotate(length=Length("reference"))
        .order_by("-length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = last.removeprefix(REFERENCE_PREFIX) if last else "0"
    return f"{REFERENCE_PREFIX}{int(number) + 1 if number.isdigit() else 1:03d}"


#: What an edit may change: the ICO decision and the status have their own steps.
EDITABLE_FIELDS = (
    "title",
    "detected_at",
    "became_aware_at",
    "reported_by",
    "owner",
    "description",
    "data_affected",
    "people_affected",
    "involves_personal_data",
    "organisation",
    "risk",
    "risk_assessment",
    "individuals_told",
    "individuals_told_at",
    "actions",
    "lessons_learnt",
)


def breach_update(
    breach: Breach, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Breach:
    """Save an edit of what happened, who it affected, the risk and what was done. A new
    awareness time moves the 72-hour deadline, so its reminders are planned again."""
    if breach.pk is None:
        return breach_record(breach, actor=actor, reason=reason)
    with transaction.atomic():
        current = _locked(breach, expected_version)
        _refuse_closed(current)
        aware_moved = current.became_aware_at != breach.became_aware_at
        organisation_changed = current.organisation_id != breach.organisation_id
        for name in EDITABLE_FIELDS:
            setattr(current, name, getattr(breach, name))
        _raise(_time_problems(current, timezone.now()))
        _save(current, actor=actor, reason=reason)
        if aware_moved:
            _start_reminders(current)
        if organisation_changed:
            _ask_about_partner(current)
    _copy_saved(current, breach)
    return current


def _copy_saved(saved: Breach, into: Breach) -> None:
    """Let the caller's instance (a form's) show what was saved."""
    for field in Breach._meta.concrete_fields:
        setattr(into, field.attname, getattr(saved, field.attname))


def breach_record_ico_decision(
    breach: Breach,
    /,
    *,
    actor: Any,
    ico_decision: str,
    ico_decision_reasons: str = "",
    ico_told_at: datetime | None = None,
    ico_reference: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Breach:
    """The DPO's decision whether the ICO must be told, with reasons, and once it has been
    told, when and under which case reference."""
    _refuse_unless_dpo(actor, "decide whether the ICO must be told")
    with transaction.atomic():
        current = _locked(breach, expected_version)
        _refuse_closed(current)
        current.ico_decision = ico_decision
        current.ico_decision_reasons = (ico_decision_reasons or "").strip()
        current.ico_told_at = ico_told_at
        current.ico_reference = (ico_reference or "").strip()
        _raise(_decision_problems(current, timezone.now()))
        _save(current, actor=actor, reason=reason or "ICO decision recorded")
    return current


# --- The flow -------------------------------------------------------------------------------------


def _close_problems(breach: Breach) -> dict[str, str]:
    problems: dict[str, str] = {}
    if breach.ico_decision == IcoDecision.UNDECIDED:
        problems["ico_decision"] = "Decide whether the ICO must be told before closing the breach."
    elif breach.ico_decision == IcoDecision.REPORT and breach.ico_told_at is None:
        problems["ico_told_at"] = (
            "The ICO must be told about this breach: record when it was told before closing."
        )
    if not breach.lessons_learnt.strip():
        problems["lessons_learnt"] = "Enter the lessons learnt before closing the breach."
    if breach.risk == BreachRisk.HIGH and breach.individuals_told == IndividualsTold.UNDECIDED:
        problems["individuals_told"] = (
            "The risk to people is high: decide whether the individuals are told before "
            "closing the breach."
        )
    # Read under the breach's row lock (``_step``): adding an action from a breach and
    # cancelling one lock the breach first (``services.actions``).
    if breach_lessons_without_action(breach):
        problems["no_action_reason"] = (
            "The lessons learnt have no action on the action register: add an action from the "
            "breach's page, or the Data Protection Officer records why none is needed, before "
            "closing the breach."
        )
    return problems


def _step(
    breach: Breach,
    name: str,
    *,
    actor: Any,
    reason: str,
    changes: dict[str, Any] | None = None,
    check: Any = None,
    expected_version: int | None = None,
) -> Breach:
    """Lock the row, apply ``changes``, check, take transition ``name`` and save with
    ``reason``: every problem at once, and nothing changes if there is one."""
    with transaction.atomic():
        current = _locked(breach, expected_version)
        transition = getattr(current, name)
        if not can_proceed(transition):
            raise ValidationError(
                f"This cannot be done while the breach is ‘{current.get_status_display()}’."
            )
        for field, value in (changes or {}).items():
            setattr(current, field, value)
        _raise(check(current) if check else {})
        transition()
        _save(current, actor=actor, reason=reason)
    return current


def breach_contain(
    breach: Breach,
    /,
    *,
    actor: Any,
    reason: str = "",
    actions: str | None = None,
    row_version: int | None = None,
) -> Breach:
    """Mark an open breach contained: the actions taken to contain it must be recorded.
    ``row_version`` is the version the step's form showed (``EditConflict`` if it changed)."""
    if not actor.has_perm("governance.change_breach"):
        raise ValidationError("You cannot change the breach log.")
    changes: dict[str, Any] = {"contained_at": timezone.now()}
    if actions is not None:
        changes["actions"] = actions.strip()

    def check(current: Breach) -> dict[str, str]:
        if not current.actions.strip():
            return {"actions": "Enter the actions taken to contain the breach."}
        return {}

    return _step(
        breach,
        "contain",
        actor=actor,
        reason=reason or "Breach contained",
        changes=changes,
        check=check,
        expected_version=row_version,
    )


def breach_close(
    breach: Breach,
    /,
    *,
    actor: Any,
    reason: str = "",
    lessons_learnt: str | None = None,
    row_version: int | None = None,
) -> Breach:
    """Close a breach once the ICO question is settled, the lessons are written down and, for a
    high risk, telling the individuals has been decided (``row_version`` as for containing)."""
    _refuse_unless_dpo(actor, "close a breach")
    changes: dict[str, Any] = {"closed_at": timezone.now()}
    if lessons_learnt is not None:
        changes["lessons_learnt"] = lessons_learnt.strip()
    return _step(
        breach,
        "close",
        actor=actor,
        reason=reason or "Breach closed",
        changes=changes,
        check=_close_problems,
        expected_version=row_version,
    )


def breach_reopen(
    breach: Breach, /, *, actor: Any, reason: str, row_version: int | None = None
) -> Breach:
    """Reopen a contained or closed breach, saying why (new facts, a complaint, the ICO);
    ``row_version`` as for containing."""
    _refuse_unless_dpo(actor, "reopen a breach")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter why the breach is being reopened."]})
    return _step(
        breach,
        "reopen",
        actor=actor,
        reason=reason.strip(),
        changes={"contained_at": None, "closed_at": None},
        expected_version=row_version,
    )


# --- Telling the partner (rule 7) -----------------------------------------------------------------


def involves_partner(breach: Breach) -> bool:
    """The data was a partner organisation's (not the core team's own)."""
    organisation = breach.organisation if breach.organisation_id else None
    return organisation is not None and not organisation.is_core_team_host


def _ask_about_partner(breach: Breach) -> None:
    """Ask the DPO to decide, if the data was a partner's and nothing is decided yet."""
    if involves_partner(breach) and breach.partner_decision == PartnerDecision.UNDECIDED:
        record_event(ReminderKind.BREACH_PARTNER_DATA, breach)


def breach_partner_decision(breach: Breach, /, *, actor: Any, tell: bool, reason: str) -> Breach:
    """The DPO's decision whether to tell the partner whose data the breach involved, with
    the reasons; telling notifies that partner's contacts who have portal accounts."""
    _refuse_unless_dpo(actor, "decide whether to tell the partner")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ["Enter why the partner is told, or why not: it is kept on the record."]}
        )
    with transaction.atomic():
        current = Breach.objects.select_for_update(of=("self",)).get(pk=breach.pk)
        _refuse_closed(current)
        if not involves_partner(current):
            raise ValidationError(
                "This breach does not involve a partner's data: record whose data it was first."
            )
        if current.partner_decision == PartnerDecision.TELL:
            raise ValidationError(
                f"{current.organisation} was told on "
                f"{timezone.localtime(current.partner_decided_at):%d %B %Y}: "  # type: ignore[arg-type]
                "that decision cannot be changed."
            )
        now = timezone.now()
        current.partner_decision = PartnerDecision.TELL if tell else PartnerDecision.DO_NOT_TELL
        current.partner_decision_reason = reason
        current.partner_decided_by = actor
        current.partner_decided_at = now
        what = "tell" if tell else "not to tell"
        _save(current, actor=actor, reason=f"Decided to {what} {current.organisation}: {reason}")
        if tell:
            record_event(ReminderKind.BREACH_PARTNER_TOLD, current, at=now)
    _copy_saved(current, breach)
    return current
