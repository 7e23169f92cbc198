"""The DPIA queues: submitted DPIAs waiting for the DPO (and, for a DPIA a DPO wrote, for the
SIRO as deputy DPO), advised ones waiting for the Director's or the SIRO's sign-off, their
counts (every queue a user works added up in one query), and the rows of one page of a queue
with the step each reader may take."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.deciders import Decision
from ropa.models import ProcessingActivity

from ..choices import RISK_COLOURS, RISK_RANK, RiskLevel
from ..models import Dpia
from ..querysets import AWAITING_ADVICE, DpiaQuerySet, awaiting_sign_off
from .deciders import ADVISE, SIGN_OFF, SIGN_OFF_HIGH_RISK, dpia_decision, with_decision_facts

#: The queues' pages, by what their counts are called.
REVIEW_QUEUE = "governance:dpia_review_queue"
DIRECTOR_QUEUE = "governance:dpia_director_queue"
SIRO_QUEUE = "governance:dpia_siro_queue"


def review_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs waiting for the DPO, oldest first (the queue and its badge)."""
    return Dpia.objects.visible_to(user).awaiting_advice()


#: Submitted, and a DPO wrote it: what ``with_decision_facts`` annotates is filtered on.
_DEPUTY = AWAITING_ADVICE & Q(written_by_dpo=True)


def deputy_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs a DPO wrote, oldest first: the SIRO takes the DPO's step on them as
    deputy DPO when no other DPO does (``accounts.deciders.dpo_decision``)."""
    queue = with_decision_facts(review_queue(user), user)
    return queue.filter(_DEPUTY)  # type: ignore[return-value]


def sign_off_queue(user: Any, *, high_residual_risk: bool) -> DpiaQuerySet:
    """Advised DPIAs waiting for the SIRO (``high_residual_risk``) or the Director."""
    return Dpia.objects.visible_to(user).awaiting_sign_off(high_residual_risk=high_residual_risk)


@dataclass(frozen=True)
class Tally:
    """How many DPIAs one condition holds, and since when the oldest has waited."""

    count: int
    oldest: datetime | None = None


#: A condition over the DPIAs a user sees, and the moment its age is counted from (or none).
Condition = tuple[Q, str | None]


def queue_conditions(user: Any) -> dict[str, Condition]:
    """The conditions of the queues ``user`` works, by permission: "review", "director",
    "siro", and with it "deputy" (what the SIRO's page lists as awaiting the deputy DPO)."""
    conditions: dict[str, Condition] = {}
    if user.has_perm(ADVISE):
        conditions["review"] = (AWAITING_ADVICE, "submitted_at")
    if user.has_perm(SIGN_OFF):
        conditions["director"] = (awaiting_sign_off(high_residual_risk=False), "advised_at")
    if user.has_perm(SIGN_OFF_HIGH_RISK):
        conditions["siro"] = (awaiting_sign_off(high_residual_risk=True), "advised_at")
        conditions["deputy"] = (_DEPUTY, "submitted_at")
    return conditions


def dpia_tallies(user: Any, conditions: dict[str, Condition]) -> dict[str, Tally]:
    """Each condition's count (and oldest moment) over the DPIAs ``user`` sees, all in one
    conditional aggregate query, or none when there is nothing to count."""
    if not conditions:
        return {}
    aggregates: dict[str, Any] = {}
    for name, (condition, moment) in conditions.items():
        aggregates[f"{name}__count"] = Count("pk", filter=condition)
        if moment:
            aggregates[f"{name}__oldest"] = Min(moment, filter=condition)
    dpias: QuerySet[Dpia] = Dpia.objects.visible_to(user)
    if "deputy" in conditions:
        dpias = with_decision_facts(dpias, user)
    row = dpias.order_by().aggregate(**aggregates)
    return {name: Tally(row[f"{name}__count"], row.get(f"{name}__oldest")) for name in conditions}


def queue_counts(user: Any) -> dict[str, int]:
    """How many DPIAs wait in each queue page ``user`` works, by URL name, from one query: the
    SIRO's counts the DPIAs awaiting them as deputy DPO too."""
    tallies = dpia_tallies(user, queue_conditions(user))
    counts = {}
    if "review" in tallies:
        counts[REVIEW_QUEUE] = tallies["review"].count
    if "director" in tallies:
        counts[DIRECTOR_QUEUE] = tallies["director"].count
    if "siro" in tallies:
        deputy = tallies.get("deputy")
        counts[SIRO_QUEUE] = tallies["siro"].count + (deputy.count if deputy else 0)
    return counts


def with_activities(queryset: DpiaQuerySet) -> QuerySet[Dpia]:
    """A queue with what its rows show: the author and the activities (a page's rows only:
    the prefetch runs for the rows the page reads)."""
    activities = Prefetch(
        "activities", queryset=ProcessingActivity.objects.only("pk", "name").order_by("name")
    )
    return queryset.select_related("author").prefetch_related(activities)


def risk_level(rank: int) -> str:
    """The risk level for a stored rank (``Dpia.highest_risk_rank``; "" for no risks)."""
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
    """One page of submitted DPIAs, each with the DPO's step ``user`` may take on it (advice,
    or confirming a screening that found none needed), or who must take it instead."""
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
                *_risk(dpia.highest_risk_rank),
                **_action(dpia, step, label, decision),
            )
        )
    return rows


def sign_off_rows(dpias: list[Dpia], user: Any, today: date) -> list[QueueRow]:
    """One page of advised DPIAs, each with the sign-off ``user`` may give, or who must give it."""
    rows = []
    for dpia in dpias:
        level = risk_level(dpia.highest_residual_rank)
        decision = dpia_decision(user, dpia, "approve", residual_risk=level or "low")
        rows.append(
            QueueRow(
                dpia,
                dpia.advised_at,
                _days_since(dpia.advised_at, today),
                *_risk(dpia.highest_residual_rank),
                **_action(dpia, "approve", "Sign off", decision),
            )
        )
    return rows
