"""The decisions on a submitted DPIA: the DPO's advice, or their confirmation that no DPIA
is needed (rule 3); the prior consultation with the ICO and the sign-off (rule 4)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_register_row

from ...choices import (
    AdviceDecision,
    DpiaAction,
    DpiaStatus,
    DpoRecommendation,
    ScreeningOutcome,
)
from ...models import Dpia
from ...selectors import ONLY_DPO_OR_SIRO_RECORD_ICO, needs_ico_consultation
from .flow import _step
from .revisions import _freeze, _supersede_previous
from .timeline import add_event, decided

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


def dpia_give_advice(
    dpia: Dpia, /, *, actor: Any, reason: str = "", recommendation: str, advice: str
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
        first=lambda current: _refuse_other_outcome(current, required=True),
        before_save=record,
    )


def dpia_confirm_screening(
    dpia: Dpia,
    /,
    *,
    actor: Any,
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
            first=lambda current: _refuse_other_outcome(current, required=False),
            before_save=record,
        )
        _freeze(current, actor)
        _supersede_previous(current, actor)
    return current


def dpia_record_ico_consultation(
    dpia: Dpia,
    /,
    *,
    actor: Any,
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
        decided(current, actor, "ico_consultation")
        current.ico_consulted_on = consulted_on
        current.ico_reference = ico_reference.strip()
        current.ico_outcome = outcome.strip()
        save_register_row(
            current,
            actor=actor,
            reason=reason or "ICO prior consultation recorded",
            expected_version=expected_version,
        )
        add_event(
            current,
            actor,
            DpiaAction.ICO_CONSULTED,
            current.ico_outcome,
            current.status,
            current.status,
        )
    return current


def dpia_approve(
    dpia: Dpia,
    /,
    *,
    actor: Any,
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
            check=check,
            before_save=record,
        )
        _freeze(current, actor)
        _supersede_previous(current, actor)
    return current
