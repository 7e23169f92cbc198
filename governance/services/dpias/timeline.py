"""What every DPIA service shares: whether the actor may take a step (rule 5), whether the
content may change (rule 1), and the DPIA's timeline."""

from typing import Any

from django.core.exceptions import ValidationError

from accounts.deciders import Decision

from ...models import Dpia, DpiaEvent
from ...selectors import dpia_decision, dpo_actor_ids


def decided(current: Dpia, actor: Any, step: str) -> Decision:
    """``dpia_decision`` for ``actor`` on the locked row: its refusal, or the decision."""
    decision = dpia_decision(actor, current, step)
    if not decision:
        raise ValidationError(decision.refusal)
    return decision


def refuse_content_change(dpia: Dpia, actor: Any) -> None:
    """Rule 1: only a draft or returned DPIA changes, and not by whoever acted as its DPO."""
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


def add_event(
    dpia: Dpia, actor: Any, action: str, comment: str, before: str, after: str
) -> DpiaEvent:
    """One entry of the DPIA's timeline."""
    return DpiaEvent.objects.create(
        dpia=dpia,
        action=action,
        actor=actor,
        comment=comment,
        status_before=before,
        status_after=after,
    )
