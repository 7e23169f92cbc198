"""One DPIA's page, as data the template lays out: each step's rows (with their Change links
while it can be written), the sign-off block and the task list."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone

from ..choices import (
    AdviceDecision,
    DpiaStatus,
    DpiaStep,
    ScreeningOutcome,
)
from ..models import Dpia, DpiaComment, DpiaRisk
from ..services import dpias as services

NOT_WRITTEN = "Not written yet"


# --- One DPIA: its page, as rows -----------------------------------------------------------------


@dataclass
class Row:
    """One line of a step's summary list."""

    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    change_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.items


@dataclass
class Section:
    """One of the seven steps as the page shows it, with the DPO's comments on it."""

    number: int
    title: str
    is_needed: bool
    rows: list[Row] = field(default_factory=list)
    comments: list[DpiaComment] = field(default_factory=list)
    #: Said instead of the rows when there is nothing to show yet.
    note: str = ""


@dataclass
class RiskRow:
    """A risk in the step 5 and 6 tables, with its levels as tags."""

    risk: DpiaRisk
    overall: dict[str, str] | None
    residual: dict[str, str] | None


@dataclass
class Task:
    """One line of the task list shown while the DPIA is written."""

    title: str
    url: str
    status: str  # "completed", "incomplete", "not_needed" or "cannot_start"
    hint: str = ""

    @property
    def status_label(self) -> str:
        return {
            "completed": "Completed",
            "incomplete": "Incomplete",
            "not_needed": "Not needed",
            "cannot_start": "Cannot start yet",
        }[self.status]


def _label(name: str) -> str:
    label = str(getattr(Dpia._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def _when(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def by_whom(user: Any, at: datetime | None) -> str:
    if user is None:
        return ""
    return f"{user}, {_when(at)}" if at else str(user)


def _text_row(dpia: Dpia, name: str, change_url: str = "") -> Row:
    display = getattr(dpia, f"get_{name}_display", None)
    value = getattr(dpia, name)
    text = str(display()) if display and value else str(value or "")
    return Row(_label(name), text, change_url=f"{change_url}#id_{name}" if change_url else "")


def step_sections(
    dpia: Dpia, risks: list[DpiaRisk], comments: list[DpiaComment], *, can_change: bool
) -> list[Section]:
    """Steps 1 to 7 of ``dpia``: what is written in each (risks and measures are tables of
    their own), with a change link per answer for someone who may change it now."""
    needed = services.steps_needed(dpia)

    def url(step: int) -> str:
        return services.step_url(dpia, step) if can_change else ""

    screening = url(DpiaStep.NEED)
    indicators = dpia.screening_indicator_labels
    if not indicators and dpia.screening_outcome:
        indicators = ["None of them applies"]
    sections = [
        Section(
            DpiaStep.NEED,
            DpiaStep.NEED.label,
            True,
            [
                Row(
                    "High-risk indicators that apply",
                    items=indicators,
                    change_url=f"{screening}#id_screening_indicators_1" if screening else "",
                ),
                Row(
                    _label("screening_outcome"),
                    str(dpia.get_screening_outcome_display()) if dpia.screening_outcome else "",
                    change_url=f"{screening}#id_screening_outcome_1" if screening else "",
                ),
                _text_row(dpia, "screening_reason", screening),
            ],
        ),
        Section(
            DpiaStep.DESCRIPTION,
            DpiaStep.DESCRIPTION.label,
            DpiaStep.DESCRIPTION in needed,
            [
                _text_row(dpia, name, url(DpiaStep.DESCRIPTION))
                for name in (
                    "processing_nature",
                    "processing_scope",
                    "processing_context",
                    "processing_purposes",
                )
            ],
        ),
        Section(
            DpiaStep.CONSULTATION,
            DpiaStep.CONSULTATION.label,
            DpiaStep.CONSULTATION in needed,
            # Either who was consulted or why nobody was: an empty other half is no gap.
            [
                row
                for row in (
                    _text_row(dpia, "consultation", url(DpiaStep.CONSULTATION)),
                    _text_row(dpia, "consultation_not_sought_reason", url(DpiaStep.CONSULTATION)),
                )
                if not row.is_empty
                or not (dpia.consultation or dpia.consultation_not_sought_reason)
            ],
        ),
        Section(
            DpiaStep.NECESSITY,
            DpiaStep.NECESSITY.label,
            DpiaStep.NECESSITY in needed,
            [_text_row(dpia, "necessity_and_proportionality", url(DpiaStep.NECESSITY))],
        ),
        Section(DpiaStep.RISKS, DpiaStep.RISKS.label, DpiaStep.RISKS in needed),
        Section(DpiaStep.MEASURES, DpiaStep.MEASURES.label, DpiaStep.MEASURES in needed),
        Section(DpiaStep.SIGN_OFF, DpiaStep.SIGN_OFF.label, True, sign_off_rows(dpia, risks)),
    ]
    if not any(row.text for row in sections[-1].rows):
        sections[-1].rows = []
        sections[-1].note = (
            "Nothing is recorded yet. Once the screening is submitted, the DPO confirms that "
            "no DPIA is needed."
            if dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED
            else "Nothing is recorded yet. Once the DPIA is submitted, the DPO gives advice, "
            "then the Director signs it off (the SIRO when a high residual risk remains)."
        )
    for section in sections:
        section.comments = [c for c in comments if c.step == section.number]
    return sections


def sign_off_rows(dpia: Dpia, risks: list[DpiaRisk]) -> list[Row]:
    """Step 7: the DPO's advice, any prior consultation with the ICO, and the sign-off."""
    if dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
        return [
            Row("Screening confirmed by the DPO", by_whom(dpia.advised_by, dpia.advised_at)),
            Row("The DPO's reasons", dpia.dpo_advice),
            Row("Next review date", _when(dpia.next_review_on)),
        ]
    rows = [
        Row(_label("dpo_recommendation"), str(dpia.get_dpo_recommendation_display() or "")),
        Row(_label("dpo_advice"), dpia.dpo_advice),
        Row("DPO advice given by", by_whom(dpia.advised_by, dpia.advised_at)),
    ]
    if services.needs_ico_consultation(dpia, risks) or dpia.ico_consulted_on:
        rows += [
            Row("Prior consultation with the ICO (UK GDPR Art 36)", _when(dpia.ico_consulted_on)),
            Row(_label("ico_reference"), dpia.ico_reference),
            Row(_label("ico_outcome"), dpia.ico_outcome),
        ]
    signed = by_whom(dpia.signed_off_by, dpia.signed_off_at)
    if not signed and dpia.status == DpiaStatus.AWAITING_SIGN_OFF:
        signed = f"Awaiting sign-off by {services.signer_title(dpia, risks)}"
    decision = str(dpia.get_advice_decision_display() or "")
    if dpia.advice_decision == AdviceDecision.OVERRULED:
        decision = f"{decision}: {dpia.advice_overruled_reasons}"
    rows += [
        Row("Measures approved and residual risks accepted by", signed),
        Row(_label("advice_decision"), decision),
        Row(
            "Consultation responses reviewed by",
            (
                f"{signed}. The decision departs from them: {dpia.consultation_departure_reasons}"
                if dpia.consultation_departure_reasons
                else signed
            )
            if dpia.signed_off_by_id
            else "",
        ),
        Row("Kept under review by", str(dpia.review_owner or "")),
        Row("Next review date", _when(dpia.next_review_on)),
    ]
    return rows


def task_list(
    dpia: Dpia,
    risks: list[DpiaRisk],
    problems: list[services.StepProblem],
    open_comments: list[DpiaComment],
) -> list[Task]:
    """What there is to write, step by step, and how far each has got. A step the DPO
    commented on is not complete until the comment is resolved."""
    commented = {comment.step for comment in open_comments}
    update_url = reverse("governance:dpia_update", kwargs={"pk": dpia.pk})
    links_missing = any(p.fix_url == update_url for p in problems)
    by_step: dict[int, list[services.StepProblem]] = {}
    for problem in problems:
        if problem.fix_url != update_url:
            by_step.setdefault(problem.step, []).append(problem)
    needed = services.steps_needed(dpia)
    tasks = [
        Task(
            "Processing activities, agreements and data sources it assesses",
            update_url,
            "incomplete" if links_missing else "completed",
        )
    ]
    for step in DpiaStep:
        if step == DpiaStep.SIGN_OFF:
            continue
        url = services.step_url(dpia, step)
        if step not in needed:
            tasks.append(
                Task(step.label, "", "not_needed", "The screening found no DPIA is needed.")
            )
            continue
        if step == DpiaStep.RISKS and risks:
            url = f"{dpia.get_absolute_url()}#step-{step}"
        if step == DpiaStep.MEASURES:
            if not risks:
                tasks.append(Task(step.label, "", "cannot_start", "Record the risks first."))
                continue
            if not any(risk.needs_measure for risk in risks):
                tasks.append(Task(step.label, "", "not_needed", "No risk is medium or high."))
                continue
            if by_step.get(step):
                url = by_step[step][0].fix_url
        if step in commented:
            tasks.append(Task(step.label, url, "incomplete", "The DPO commented on this step."))
            continue
        tasks.append(Task(step.label, url, "incomplete" if by_step.get(step) else "completed"))
    return tasks
