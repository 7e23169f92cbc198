"""Writing a DPIA's content (rule 1): the DPIA itself, its risks, and resolving the DPO's
comments on it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from vpp_portal.editing import save_register_row

from ...choices import RISK_RANK, DpiaAction, DpiaStep, ScreeningOutcome, overall_risk
from ...models import Dpia, DpiaComment, DpiaRisk
from ...querysets import overall_rank, residual_rank
from ...selectors import MANDATORY_MESSAGE, mandatory_indicators
from .timeline import add_event, refuse_content_change


def dpia_save(
    dpia: Dpia, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> Dpia:
    """Create a DPIA (its author is ``actor``, its reference the next free one) or save a
    change to its content."""
    if dpia.pk is None:
        return _dpia_create(dpia, actor=actor, reason=reason)
    with transaction.atomic():
        current = Dpia.objects.select_for_update().get(pk=dpia.pk)
        refuse_content_change(current, actor)
        # The row is locked, so nobody can submit it between this check and the save.
        dpia.status = current.status
        # Worked out from the risks, never from what the editor's copy held.
        dpia.highest_risk_rank = current.highest_risk_rank
        dpia.highest_residual_rank = current.highest_residual_rank
        if mandatory_indicators(dpia) and dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
            message = MANDATORY_MESSAGE.removeprefix("Step 1: ")  # beside the field: no step
            raise ValidationError({"screening_outcome": message[:1].upper() + message[1:]})
        save_register_row(dpia, actor=actor, reason=reason, expected_version=expected_version)
        dpia.contributors.add(actor)
    return dpia


def _dpia_create(dpia: Dpia, /, *, actor: Any, reason: str) -> Dpia:
    dpia.author = actor
    dpia.revision = 1
    for _attempt in range(5):
        try:
            with transaction.atomic():
                dpia.reference = _next_reference()
                save_register_row(dpia, actor=actor, reason=reason or "DPIA started")
                dpia.contributors.add(actor)
                add_event(dpia, actor, DpiaAction.CREATED, reason, "", dpia.status)
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
    risk: DpiaRisk, /, *, actor: Any, reason: str = "", expected_version: int | None = None
) -> DpiaRisk:
    """Add or change a risk (step 5) or its measure (step 6); the overall risk comes from the
    one matrix in ``governance.choices``."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=risk.dpia_id)
        refuse_content_change(dpia, actor)
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
        store_risk_ranks(Dpia.objects.filter(pk=dpia.pk))
        dpia.contributors.add(actor)
    return risk


def dpia_risk_remove(risk: DpiaRisk, /, *, actor: Any, reason: str) -> None:
    """Remove a risk from a draft; its history keeps what it said and who removed it."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=risk.dpia_id)
        refuse_content_change(dpia, actor)
        risk._change_reason = reason  # type: ignore[attr-defined]
        risk._history_user = actor  # type: ignore[attr-defined]
        risk.delete()
        store_risk_ranks(Dpia.objects.filter(pk=dpia.pk))
        dpia.contributors.add(actor)


def store_risk_ranks(dpias: "QuerySet[Dpia]") -> int:
    """Store the highest risk and the highest residual risk of each of ``dpias`` from its risks
    (``Dpia.highest_risk_rank``, ``Dpia.highest_residual_rank``), in one UPDATE however many
    DPIAs: every service that adds, changes or removes a risk calls it, and so does seeding.
    Not in the DPIA's history: the risks' own history says what changed."""
    risks = DpiaRisk.objects.filter(dpia_id=OuterRef("pk")).order_by().values("dpia_id")
    highest = risks.annotate(rank=Max(overall_rank())).values("rank")
    residual = risks.annotate(rank=Max(residual_rank())).values("rank")
    return dpias.order_by().update(
        highest_risk_rank=Coalesce(Subquery(highest), Value(0)),
        highest_residual_rank=Coalesce(Subquery(residual), Value(0)),
    )


def dpia_comment_resolve(
    comment: DpiaComment, /, *, actor: Any, resolution: str = ""
) -> DpiaComment:
    """The author marks a DPO comment resolved, with an optional reply."""
    with transaction.atomic():
        dpia = Dpia.objects.select_for_update().get(pk=comment.dpia_id)
        current = DpiaComment.objects.select_for_update().get(pk=comment.pk)
        if current.is_resolved:
            raise ValidationError(
                f"This comment was already resolved by {current.resolved_by} at "
                f"{timezone.localtime(current.resolved_at):%H:%M on %d %b %Y}."  # type: ignore[arg-type]
            )
        refuse_content_change(dpia, actor)
        current.resolved_by = actor
        current.resolved_at = timezone.now()
        current.resolution = resolution.strip()
        current._change_reason = "Comment resolved"  # type: ignore[attr-defined]
        current._history_user = actor  # type: ignore[attr-defined]
        current.full_clean()
        current.save()
        dpia.contributors.add(actor)  # answering for the author is writing it (rule 5)
        label = DpiaStep(current.step).label
        add_event(
            dpia,
            actor,
            DpiaAction.COMMENT_RESOLVED,
            f"{label}: {current.resolution}" if current.resolution else label,
            dpia.status,
            dpia.status,
        )
    return current
