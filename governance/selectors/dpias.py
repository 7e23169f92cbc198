"""What a DPIA still needs before it can be submitted, its highest risks and who must sign
it off, who has acted as its DPO, and whether a review of it can start."""

from dataclasses import dataclass

from django.urls import reverse

from ..choices import (
    DPIA_IN_FORCE_STATUSES,
    DPIA_SETTLED_STATUSES,
    MANDATORY_INDICATORS,
    RISK_RANK,
    DpiaAction,
    DpiaStep,
    RiskLevel,
    ScreeningOutcome,
)
from ..models import Dpia, DpiaRisk


@dataclass(frozen=True)
class StepProblem:
    """Something missing from one step, and where it is put right."""

    step: int
    message: str
    fix_url: str

    def __str__(self) -> str:
        return self.message


#: The steps a screening's outcome calls for: a screening that finds no DPIA needed stops at 1.
def steps_needed(dpia: Dpia) -> tuple[int, ...]:
    if dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
        return (DpiaStep.NEED,)
    return (
        DpiaStep.NEED,
        DpiaStep.DESCRIPTION,
        DpiaStep.CONSULTATION,
        DpiaStep.NECESSITY,
        DpiaStep.RISKS,
        DpiaStep.MEASURES,
    )


def step_url(dpia: Dpia, step: int) -> str:
    """The page where ``step`` of ``dpia`` is written."""
    names: dict[int, str] = {
        DpiaStep.NEED: "governance:dpia_screening",
        DpiaStep.DESCRIPTION: "governance:dpia_description",
        DpiaStep.CONSULTATION: "governance:dpia_consultation",
        DpiaStep.NECESSITY: "governance:dpia_necessity",
    }
    if step in names:
        return reverse(names[step], kwargs={"pk": dpia.pk})
    if step == DpiaStep.RISKS:
        return reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    return f"{dpia.get_absolute_url()}#step-{step}"


def dpia_problems(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> list[StepProblem]:
    """Everything that stops ``dpia`` being submitted, step by step, all at once."""
    risks = list(dpia.risks.all()) if risks is None else risks
    problems: list[StepProblem] = []

    def need(step: int, message: str, url: str = "") -> None:
        problems.append(StepProblem(step, message, url or step_url(dpia, step)))

    has_links = (
        bool(list(dpia.activities.all()))
        or bool(list(dpia.agreements.all()))
        or bool(list(dpia.data_sources.all()))
    )
    if not has_links:
        need(
            DpiaStep.NEED,
            "Link the DPIA to the processing activities, agreements or data sources it assesses.",
            reverse("governance:dpia_update", kwargs={"pk": dpia.pk}),
        )
    if not dpia.screening_outcome:
        need(DpiaStep.NEED, "Step 1: choose the screening outcome.")
    elif not dpia.screening_reason:
        need(DpiaStep.NEED, "Step 1: give the reason for the screening outcome.")
    if mandatory_indicators(dpia) and dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
        need(DpiaStep.NEED, MANDATORY_MESSAGE)
    if DpiaStep.DESCRIPTION in steps_needed(dpia):
        missing = [
            str(Dpia._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in (
                "processing_nature",
                "processing_scope",
                "processing_context",
                "processing_purposes",
            )
            if not getattr(dpia, name)
        ]
        if missing:
            need(DpiaStep.DESCRIPTION, f"Step 2: describe the {_and(missing)}.")
        if not dpia.consultation and not dpia.consultation_not_sought_reason:
            need(
                DpiaStep.CONSULTATION,
                "Step 3: say who was consulted and how, or why individuals' views were not sought.",
            )
        if not dpia.necessity_and_proportionality:
            need(DpiaStep.NECESSITY, "Step 4: describe the necessity and proportionality.")
        if not risks:
            need(DpiaStep.RISKS, "Step 5: record at least one risk to individuals.")
        for risk in risks:
            if risk.needs_measure and not risk.has_measure:
                need(
                    DpiaStep.MEASURES,
                    f"Step 6: risk {risk.number} is {risk.get_overall_risk_display().lower()}: "
                    "record the options to reduce it, their effect and the residual risk.",
                    reverse("governance:dpiarisk_measure", kwargs={"pk": risk.pk}),
                )
    return problems


MANDATORY_MESSAGE = (
    "Step 1: one of the Art 35(3) cases applies, so a DPIA is mandatory: choose ‘A DPIA is "
    "required’."
)


def mandatory_indicators(dpia: Dpia) -> list[str]:
    return [code for code in dpia.screening_indicators or [] if code in MANDATORY_INDICATORS]


def highest_residual_risk(risks: list[DpiaRisk]) -> str:
    """The highest risk left once the measures are in place (low with no risks at all)."""
    if not risks:
        return RiskLevel.LOW
    return max((risk.effective_residual_risk for risk in risks), key=_rank)


def highest_overall_risk(risks: list[DpiaRisk]) -> str:
    if not risks:
        return ""
    return max((risk.overall_risk for risk in risks), key=_rank)


def _rank(level: str) -> int:
    return RISK_RANK.get(level, 0)  # type: ignore[call-overload]


def sign_off_permission(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> str:
    """The permission whoever signs ``dpia`` off needs: the SIRO's for high residual risk."""
    risks = list(dpia.risks.all()) if risks is None else risks
    if highest_residual_risk(risks) == RiskLevel.HIGH:
        return "governance.sign_off_high_risk_dpia"
    return "governance.sign_off_dpia"


def signer_title(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> str:
    high = sign_off_permission(dpia, risks).endswith("high_risk_dpia")
    return "the SIRO" if high else "the Director"


def needs_ico_consultation(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> bool:
    """High residual risk that the measures cannot reduce: Art 36 prior consultation."""
    risks = list(dpia.risks.all()) if risks is None else risks
    return highest_residual_risk(risks) == RiskLevel.HIGH


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


#: The timeline entries of someone acting as the DPIA's DPO (or as deputy DPO).
DPO_ACTIONS = (DpiaAction.RETURNED, DpiaAction.ADVISED, DpiaAction.SCREENING_CONFIRMED)


def dpo_actor_ids(dpia: Dpia) -> set[int]:
    """Everyone who has acted as this DPIA's DPO (returned it, advised or confirmed it): none of
    them may write, submit or sign it off."""
    return set(dpia.events.filter(action__in=DPO_ACTIONS).values_list("actor_id", flat=True))


def review_can_start(dpia: Dpia) -> bool:
    """In force (approved, or screened out), and no revision of it under way."""
    return dpia.status in DPIA_IN_FORCE_STATUSES and not any(
        revision.status not in DPIA_SETTLED_STATUSES for revision in dpia.revisions.all()
    )
