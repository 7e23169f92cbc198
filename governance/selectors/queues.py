"""The DPIA queues: submitted DPIAs waiting for the DPO (and, for a DPIA a DPO wrote, for the
SIRO as deputy DPO), advised ones waiting for the Director's or the SIRO's sign-off, their
badge counts, and their rows with the step each reader may take."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.deciders import Decision
from ropa.models import ProcessingActivity

from ..choices import RISK_COLOURS, RISK_RANK, RiskLevel
from ..models import Dpia
from ..querysets import DpiaQuerySet
from .deciders import dpia_decision, with_decision_facts


def review_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs waiting for the DPO, oldest first (the queue and its badge)."""
    return Dpia.objects.visible_to(user).awaiting_advice()


def deputy_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs a DPO wrote, oldest first: the SIRO takes the DPO's step on them as
    deputy DPO when no other DPO does (``accounts.deciders.dpo_decision``)."""
    queue = with_decision_facts(review_queue(user), user)
    return queue.filter(written_by_dpo=True)  # type: ignore[misc,return-value]


def sign_off_queue(user: Any, *, high_residual_risk: bool) -> DpiaQuerySet:
    """Advised DPIAs waiting for the SIRO (``high_residual_risk``) or the Director."""
    return Dpia.objects.visible_to(user).awaiting_sign_off(high_residual_risk=high_residual_risk)


def queue_count(url_name: str, user: Any) -> int:
    """How many DPIAs wait in the queue at ``url_name``: one COUNT query (the SIRO's counts
    the DPIAs awaiting them as deputy DPO too)."""

    def siro() -> QuerySet[Dpia]:
        high = sign_off_queue(user, high_residual_risk=True).values("pk")
        deputy = deputy_queue(user).values("pk")
        return Dpia.objects.filter(Q(pk__in=high) | Q(pk__in=deputy))

    queues = {
        "governance:dpia_review_queue": lambda: review_queue(user),
        "governance:dpia_director_queue": lambda: sign_off_queue(user, high_residual_risk=False),
        "governance:dpia_siro_queue": siro,
    }
    return queues[url_name]().count()


def with_activities(queryset: DpiaQuerySet) -> QuerySet[Dpia]:
    """A queue with what its rows show: risk levels, the author and the activities."""
    activities = Prefetch(
        "activities", queryset=ProcessingActivity.objects.only("pk", "name").order_by("name")
    )
    return queryset.with_risk_levels().select_related("author").prefetch_related(activities)


def risk_level(rank: int) -> str:
    """The risk level for a rank of ``DpiaQuerySet.with_risk_levels`` ("" for no risks)."""
    return next((str(level) for level, value in RISK_RANK.items() if value == rank), "")


@dataclass(frozen=True)
class QueueRow:
    """One DPIA in a queue, with the step its reader may take on it, or why they may not
    and who can (``refusal``, instead of a link)."""

    dpia: Dpia
    waiting_since: datetime | None
    days_waiting: int
    risk: str  # the highest overall risk (review queue) or residual risk (sign-off)
    risk_label: str
    risk_colour: str
    action_url: str
    action_label: str
    refusal: str = ""

    @property
    def days_waiting_text(self) -> str:
        return f"{self.days_waiting} day{'' if self.days_waiting == 1 else 's'}"


def _days_since(moment: datetime | None, today: date) -> int:
    return (today - timezone.localtime(moment).date()).days if moment else 0


def _action(dpia: Dpia, step: str, label: str, decision: Decision) -> dict[str, str]:
    if not decision:
        return {"action_url": "", "action_label": "", "refusal": decision.refusal}
    url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": step})
    return {"action_url": url, "action_label": label, "refusal": ""}


def _risk(rank: int) -> tuple[str, str, str]:
    level = risk_level(rank)
    if not level:
        return "", "No risks recorded", "grey"
    return level, str(RiskLevel(level).label), RISK_COLOURS[level]


def review_rows(dpias: list[Dpia], user: Any, today: date) -> list[QueueRow]:
    """Submitted DPIAs, each with the DPO's step ``user`` may take on it (advice, or confirming
    a screening that found none needed), or who must take it instead."""
    rows = []
    for dpia in dpias:
        step, label = (
            ("give_advice", "Give advice")
            if dpia.is_dpia_required
            else ("confirm_screening", "Confirm the screening")
        )
        decision = dpia_decision(user, dpia, step)  # the facts are annotated: no query
        if decision.as_deputy:
            label = f"{label} as deputy DPO"
        rows.append(
            QueueRow(
                dpia,
                dpia.submitted_at,
                _days_since(dpia.submitted_at, today),
                *_risk(dpia.highest_risk_rank),  # type: ignore[attr-defined]
                **_action(dpia, step, label, decision),
            )
        )
    return rows


def sign_off_rows(dpias: list[Dpia], user: Any, today: date) -> list[QueueRow]:
    """Advised DPIAs, each with the sign-off ``user`` may give, or who must give it."""
    rows = []
    for dpia in dpias:
        level = risk_level(dpia.highest_residual_rank)  # type: ignore[attr-defined]
        decision = dpia_decision(user, dpia, "approve", residual_risk=level or "low")
        rows.append(
            QueueRow(
                dpia,
                dpia.advised_at,
                _days_since(dpia.advised_at, today),
                *_risk(dpia.highest_residual_rank),  # type: ignore[attr-defined]
                **_action(dpia, "approve", "Sign off", decision),
            )
        )
    return rows
