"""Every change to the rights request register: logging a request, editing it, pausing it
while the requester is asked for identification or clarification, resuming it, extending it,
recording the response, and asking a partner organisation to search (and its answer).

The rules:

1. Logging needs ``governance.add_rightsrequest``; every later step is the DPO's
   (``governance.manage_rightsrequest``) or the request's handler's.
2. No date is in the future; nothing happens before the request was received.
3. The due date is stored and recomputed on every step from the clock's start, the days
   paused and the extension (``governance.rights.clocks``): none while paused.
4. Resuming after identification starts the clock again on the day it arrived (and for FOI
   and EIR after clarification too); resuming a UK GDPR request after clarification adds the
   days paused.
5. Only a UK GDPR request (one or two months) or an EIR request (40 working days) can be
   extended, with a reason, before its current due date has passed.
6. A response has an outcome; one disclosed in part or refused names the exemption relied on.
7. A partner organisation is asked to search once per request, while it is open; the partner's
   own users (or the DPO or handler on its behalf) answer.

Every step is atomic, locks the row, and records who and why in the history.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django_fsm import can_proceed

from vpp_portal.editing import EditConflict, save_links, save_register_row

from ..models.rights import RightsRequest, RightsSearch
from ..rights import clocks
from ..rights.choices import (
    GDPR_KINDS,
    OUTCOMES_WITH_EXEMPTION,
    PauseReason,
    RightsOutcome,
    RightsRequestStatus,
    SearchAnswer,
    regime_of,
)

MANAGE = "governance.manage_rightsrequest"
ADD = "governance.add_rightsrequest"
ANSWER = "governance.answer_rightssearch"
REFERENCE_PREFIX = "RR-"

NOT_YOURS = "Only the Data Protection Officer or the request's handler can {what}."
S = RightsRequestStatus


# --- Who may do what ------------------------------------------------------------------------------


def may_act(user: Any, rights_request: RightsRequest) -> bool:
    """The DPO, or the request's handler (rule 1)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_partner", False):
        return False
    return bool(user.has_perm(MANAGE) or rights_request.handler_id == user.pk)


def may_see_requester(user: Any, rights_request: RightsRequest) -> bool:
    """A UK GDPR requester's details are personal data: only the DPO and the handler see them.
    An FOI or EIR requester's are seen by the core team. A partner sees none."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_partner", False):
        return False
    if rights_request.kind not in GDPR_KINDS:
        return bool(user.has_perm("governance.view_rightsrequest"))
    return bool(user.has_perm(MANAGE) or rights_request.handler_id == user.pk)


def may_answer(user: Any, search: RightsSearch) -> bool:
    """The organisation asked (its users with the answer permission), or on its behalf the
    DPO or the request's handler."""
    own = getattr(user, "organisation_id", None) == search.organisation_id and user.has_perm(ANSWER)
    return bool(own) or may_act(user, search.rights_request)


def _refuse_unless_allowed(actor: Any, rights_request: RightsRequest, what: str) -> None:
    if not may_act(actor, rights_request):
        raise ValidationError(NOT_YOURS.format(what=what))


# --- The clock ------------------------------------------------------------------------------------


def compute_due_on(rights_request: RightsRequest) -> date | None:
    """Rule 3: the due date as the clock now stands (none while paused)."""
    if rights_request.status == S.PAUSED or rights_request.clock_started_on is None:
        return None
    regime = regime_of(rights_request.kind)
    return clocks.due_on(
        regime,
        rights_request.clock_started_on,
        extension_months=rights_request.extension_months if regime == clocks.Regime.GDPR else 0,
        is_extended=regime == clocks.Regime.EIR and bool(rights_request.extension_reason),
        days_paused=rights_request.days_paused if regime == clocks.Regime.GDPR else 0,
    )


def request_clock(rights_request: RightsRequest, today: date | None = None) -> clocks.Clock:
    """The clock in words for the request's page and the list."""
    return clocks.clock(
        regime=regime_of(rights_request.kind),
        today=today or timezone.localdate(),
        due=rights_request.due_on,
        paused_on=rights_request.paused_on if rights_request.status == S.PAUSED else None,
        pause_reason=rights_request.pause_reason if rights_request.status == S.PAUSED else "",
        responded_on=rights_request.responded_on,
    )


def _date_problems(rights_request: RightsRequest, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if rights_request.received_on and rights_request.received_on > today:
        problems["received_on"] = "The date the request was received must be today or earlier."
    return problems


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})


def _save(current: RightsRequest, *, actor: Any, reason: str) -> RightsRequest:
    current.due_on = compute_due_on(current)
    return save_register_row(current, actor=actor, reason=reason)


def _locked(rights_request: RightsRequest, expected_version: int | None = None) -> RightsRequest:
    current = RightsRequest.objects.select_for_update().get(pk=rights_request.pk)
    if expected_version is not None and current.row_version != expected_version:
        raise EditConflict(
            current=current, changed_by=current.updated_by, changed_at=current.updated_at
        )
    return current


# --- Logging and editing --------------------------------------------------------------------------


def _next_reference() -> str:
    """One more than the highest RR- number (compared as numbers)."""
    last = (
        RightsRequest.objects.filter(reference__startswith=REFERENCE_PREFIX)
        .annotate(length=Length("reference"))
        .order_by("-length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = last.removeprefix(REFERENCE_PREFIX) if last else "0"
    return f"{REFERENCE_PREFIX}{int(number) + 1 if number.isdigit() else 1:03d}"


def rights_request_log(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    links: dict[str, Any] | None = None,
) -> RightsRequest:
    """Log a new request under the next free reference (RR-001…): its clock starts on the day
    it was received."""
    if not actor.has_perm(ADD):
        raise ValidationError("You cannot log requests from individuals.")
    _raise(_date_problems(rights_request, timezone.localdate()))
    rights_request.status = S.RECEIVED
    rights_request.clock_started_on = rights_request.received_on
    rights_request.days_paused = 0
    for _attempt in range(5):
        try:
            with transaction.atomic():
                rights_request.reference = _next_reference()
                _save(rights_request, actor=actor, reason=reason or "Request logged")
                save_links(rights_request, links or {})
                return rights_request
        except (IntegrityError, ValidationError) as error:
            if isinstance(error, ValidationError) and set(getattr(error, "error_dict", {})) != {
                "reference"
            }:
                raise
            rights_request.pk = None
            rights_request.row_version = 1
    raise ValidationError("The request could not be given a reference: please try again.")


#: What an edit may change: the clock and the response have their own steps.
EDITABLE_FIELDS = (
    "kind",
    "received_on",
    "requester_name",
    "requester_contact",
    "summary",
    "handler",
)


def rights_request_update(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
    links: dict[str, Any] | None = None,
) -> RightsRequest:
    """Save an edit of the request's details. A new date of receipt moves the clock's start
    (unless it restarted when identification arrived); a new kind recomputes the due date."""
    if rights_request.pk is None:
        return rights_request_log(rights_request, actor=actor, reason=reason, links=links)
    with transaction.atomic():
        current = _locked(rights_request, expected_version)
        _refuse_unless_allowed(actor, current, "change this request")
        if current.status == S.RESPONDED:
            raise ValidationError("This request has been responded to: it can no longer change.")
        old_regime = regime_of(current.kind)
        if current.clock_started_on == current.received_on:
            current.clock_started_on = rights_request.received_on
        for name in EDITABLE_FIELDS:
            setattr(current, name, getattr(rights_request, name))
        if current.status == S.EXTENDED and regime_of(current.kind) != old_regime:
            raise ValidationError(
                {
                    "kind": [
                        "This request has been extended under its own rules: its kind "
                        "cannot move to another regime."
                    ]
                }
            )
        if current.received_on and current.clock_started_on < current.received_on:
            current.clock_started_on = current.received_on
        _raise(_date_problems(current, timezone.localdate()))
        _save(current, actor=actor, reason=reason)
        save_links(current, links or {})
    return current


# --- The steps ------------------------------------------------------------------------------------


def _step(
    rights_request: RightsRequest,
    name: str,
    *,
    actor: Any,
    reason: str,
    what: str,
    change: Any,
    row_version: int | None = None,
) -> RightsRequest:
    """Lock, check who and the status, apply ``change`` (which may raise), take transition
    ``name`` and save with ``reason``; nothing changes if anything is refused."""
    with transaction.atomic():
        current = _locked(rights_request, row_version)
        _refuse_unless_allowed(actor, current, what)
        transition = getattr(current, name)
        if not can_proceed(transition):
            raise ValidationError(
                f"This cannot be done while the request is ‘{current.get_status_display()}’."
            )
        change(current)
        transition()
        _save(current, actor=actor, reason=reason)
    return current


def _not_future(value: date | None, field: str, words: str) -> None:
    if value is None:
        raise ValidationError({field: [f"Enter {words}."]})
    if value > timezone.localdate():
        raise ValidationError({field: [f"{words[0].upper()}{words[1:]} must be today or earlier."]})


def rights_request_pause(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    waiting_for: str,
    asked_on: date | None,
    row_version: int | None = None,
) -> RightsRequest:
    """Pause the clock from the day the requester was asked for identification or
    clarification: the request has no due date until the answer arrives."""
    if waiting_for not in PauseReason.values:
        raise ValidationError({"waiting_for": ["Choose what the request is waiting for."]})
    _not_future(asked_on, "asked_on", "the date the requester was asked")

    def change(current: RightsRequest) -> None:
        assert asked_on is not None
        if asked_on < current.received_on:
            raise ValidationError(
                {"asked_on": ["The requester cannot be asked before the request was received."]}
            )
        current.paused_on = asked_on
        current.pause_reason = waiting_for

    label = PauseReason(waiting_for).label.lower()
    return _step(
        rights_request,
        "pause",
        actor=actor,
        reason=reason or f"Paused: {label}",
        what="pause this request",
        change=change,
        row_version=row_version,
    )


def rights_request_resume(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    information_received_on: date | None,
    row_version: int | None = None,
) -> RightsRequest:
    """The awaited information arrived (rule 4): the clock runs again and the due date is
    worked out anew."""
    _not_future(information_received_on, "information_received_on", "the date it arrived")

    def change(current: RightsRequest) -> None:
        arrived = information_received_on
        assert arrived is not None and current.paused_on is not None
        if arrived < current.paused_on:
            raise ValidationError(
                {
                    "information_received_on": [
                        "The information cannot arrive before it was asked for "
                        f"({clocks.long_date(current.paused_on)})."
                    ]
                }
            )
        is_gdpr_clarification = (
            current.kind in GDPR_KINDS and current.pause_reason == PauseReason.CLARIFICATION
        )
        if is_gdpr_clarification:
            current.days_paused += clocks.clarification_days(current.paused_on, arrived)
        else:
            current.clock_started_on = arrived
            current.days_paused = 0
        current.paused_on = None
        current.pause_reason = ""

    return _step(
        rights_request,
        "resume",
        actor=actor,
        reason=reason or "Information received: the clock runs again",
        what="resume this request",
        change=change,
        row_version=row_version,
    )


def rights_request_extend(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    extension_reason: str,
    months: int | None = None,
    row_version: int | None = None,
) -> RightsRequest:
    """Extend a complex or numerous UK GDPR request by one or two months, or a complex EIR
    request to 40 working days (rule 5), with the reason recorded."""
    extension_reason = (extension_reason or "").strip()
    if not extension_reason:
        raise ValidationError(
            {"extension_reason": ["Enter why the request is complex or numerous."]}
        )

    def change(current: RightsRequest) -> None:
        regime = regime_of(current.kind)
        if regime == clocks.Regime.FOI:
            raise ValidationError(
                "An FOI request cannot be extended: it is due 20 working days after receipt."
            )
        if current.due_on is not None and current.due_on < timezone.localdate():
            raise ValidationError(
                "The due date has passed: a request can only be extended before it is due."
            )
        if regime == clocks.Regime.GDPR:
            if months not in (1, 2):
                raise ValidationError({"months": ["Choose one or two further months."]})
            current.extension_months = months
        current.extension_reason = extension_reason
        current.extended_by = actor

    return _step(
        rights_request,
        "extend",
        actor=actor,
        reason=reason or f"Extended: {extension_reason}",
        what="extend this request",
        change=change,
        row_version=row_version,
    )


def rights_request_respond(
    rights_request: RightsRequest,
    /,
    *,
    actor: Any,
    reason: str = "",
    outcome: str,
    responded_on: date | None,
    exemption: str = "",
    row_version: int | None = None,
) -> RightsRequest:
    """Record the response: its outcome, the exemption relied on (rule 6) and its date."""
    if outcome not in RightsOutcome.values:
        raise ValidationError({"outcome": ["Choose the outcome of the request."]})
    exemption = (exemption or "").strip()
    if outcome in OUTCOMES_WITH_EXEMPTION and not exemption:
        raise ValidationError(
            {"exemption": ["Name the exemption relied on to withhold information."]}
        )
    _not_future(responded_on, "responded_on", "the date of the response")

    def change(current: RightsRequest) -> None:
        assert responded_on is not None
        if responded_on < current.received_on:
            raise ValidationError(
                {"responded_on": ["The response cannot be before the request was received."]}
            )
        current.outcome = outcome
        current.exemption = exemption if outcome in OUTCOMES_WITH_EXEMPTION else ""
        current.responded_on = responded_on
        current.responded_by = actor

    return _step(
        rights_request,
        "respond",
        actor=actor,
        reason=reason or f"Responded: {RightsOutcome(outcome).label.lower()}",
        what="record the response",
        change=change,
        row_version=row_version,
    )


# --- Searches by partner organisations ------------------------------------------------------------


def rights_search_ask(
    search: RightsSearch,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> RightsSearch:
    """Ask a partner organisation to search for an open request (or change the question or
    the date), once per organisation (rule 7)."""
    with transaction.atomic():
        parent = RightsRequest.objects.select_for_update().get(pk=search.rights_request_id)
        _refuse_unless_allowed(actor, parent, "ask a partner to search")
        if parent.status == S.RESPONDED:
            raise ValidationError("This request has been responded to: no more searches.")
        organisation = search.organisation if search.organisation_id else None
        if organisation is not None and organisation.is_core_team_host:
            raise ValidationError(
                {
                    "organisation": [
                        "Choose a partner organisation: the core team searches its own records."
                    ]
                }
            )
        if (
            organisation is not None
            and RightsSearch.objects.filter(rights_request=parent, organisation=organisation)
            .exclude(pk=search.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "organisation": [
                        f"{organisation} has already been asked to search for this request."
                    ]
                }
            )
        if search.pk is None:
            search.requested_by = actor
        return save_register_row(
            search,
            actor=actor,
            reason=reason or (f"Asked {organisation} to search" if search.pk is None else ""),
            expected_version=expected_version,
        )


def rights_search_answer(
    search: RightsSearch,
    /,
    *,
    actor: Any,
    answer: str,
    notes: str = "",
    expected_version: int | None = None,
) -> RightsSearch:
    """Record the organisation's answer: its own users answer; the DPO or the handler may
    record one received another way."""
    if answer not in SearchAnswer.values or answer == SearchAnswer.PENDING:
        raise ValidationError({"answer": ["Choose what your organisation found."]})
    with transaction.atomic():
        current = RightsSearch.objects.select_for_update().get(pk=search.pk)
        parent = RightsRequest.objects.get(pk=current.rights_request_id)
        own = getattr(actor, "organisation_id", None) == current.organisation_id and actor.has_perm(
            ANSWER
        )
        if not may_answer(actor, current):
            raise ValidationError("Only the organisation asked, the DPO or the handler can answer.")
        if parent.status == S.RESPONDED:
            raise ValidationError(
                "The request has been responded to: answers can no longer change."
            )
        current.answer = answer
        current.notes = (notes or "").strip()
        current.answered_at = timezone.now()
        current.answered_by = actor
        why = f"Answered: {SearchAnswer(answer).label}"
        if not own:
            why += f" (recorded on behalf of {current.organisation})"
        saved = save_register_row(
            current, actor=actor, reason=why, expected_version=expected_version
        )
    return saved
