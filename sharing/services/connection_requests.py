"""Connection requests via forums: the forum's decision, and the agreement it leads to."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_register_row
from vpp_portal.workflow import transition_register_row

from ..choices import (
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    ForumConnectionStatus,
    PartyRole,
)
from ..models import Agreement, AgreementParty, ConnectionRequest, Organisation


def connection_request_connect(
    request: ConnectionRequest,
    /,
    *,
    actor: Any,
    reason: str,
    agreement: Agreement | None = None,
    create_agreement: bool = False,
) -> ConnectionRequest:
    """The forum has connected the VPP: link the agreement it leads to (or start one).

    ``create_agreement`` starts a draft ISA via the forum, with the core team's host and the
    members to connect as controllers, in the same transaction as the decision.
    """
    if agreement is None and not create_agreement:
        raise ValidationError(
            {
                "agreement": (
                    "Select the agreement the connection leads to, or tick the box to start "
                    "a new one."
                )
            }
        )
    with transaction.atomic():
        # Decided once: checked under the row lock, before any agreement is started.
        _still_requested(
            ConnectionRequest.objects.select_for_update().get(pk=request.pk), "connected"
        )
        if agreement is None:
            agreement = _agreement_via_forum(actor, request)

        def link(current: ConnectionRequest) -> None:
            current.agreement = agreement
            current.decided_on = timezone.localdate()
            current.decision_notes = reason

        return transition_register_row(
            request, "connect", actor=actor, reason=reason, before_save=link
        )


def _agreement_via_forum(actor: Any, request: ConnectionRequest) -> Agreement:
    forum = request.forum
    members = list(request.organisations.all())
    title = f"ISA with {', '.join(m.name for m in members)} via {forum}"
    if len(title) > Agreement._meta.get_field("title").max_length:  # type: ignore[operator]
        title = f"ISA with {len(members)} members of {forum}"
    agreement = save_register_row(
        Agreement(
            title=title,
            kind=AgreementKind.ISA,
            template=AgreementTemplate.HIGA_ISA,
            via_forum=forum,
            purpose=request.purpose,
            status=AgreementStatus.DRAFTING,
            owner=actor,
        ),
        actor=actor,
        reason=f"Started from {request}",
    )
    host = Organisation.objects.filter(is_core_team_host=True).first()
    # The host may itself be one of the forum's members: it is a party once.
    for organisation in dict.fromkeys([*([host] if host else []), *members]):
        save_register_row(
            AgreementParty(
                agreement=agreement, organisation=organisation, role=PartyRole.CONTROLLER
            ),
            actor=actor,
            reason=f"Started from {request}",
        )
    return agreement


def connection_request_decline(
    request: ConnectionRequest, /, *, actor: Any, reason: str
) -> ConnectionRequest:
    """The forum has said no: record when and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Record why the forum declined."})

    def record(current: ConnectionRequest) -> None:
        current.decided_on = timezone.localdate()
        current.decision_notes = reason

    with transaction.atomic():
        _still_requested(
            ConnectionRequest.objects.select_for_update().get(pk=request.pk), "declined"
        )
        return transition_register_row(
            request, "decline", actor=actor, reason=reason, before_save=record
        )


def _still_requested(request: ConnectionRequest, outcome: str) -> None:
    """A forum decides a request once: a decided one is refused with what happened to it."""
    if request.status != ForumConnectionStatus.REQUESTED:
        when = f" on {request.decided_on:%d %B %Y}" if request.decided_on else ""
        raise ValidationError(
            f"This request was already {request.get_status_display().lower()}{when}, so it "
            f"cannot be {outcome}. To ask the forum again, make a new connection request."
        )
