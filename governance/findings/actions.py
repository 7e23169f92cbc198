"""Findings about the action register: actions past their due date (leadership and oversight:
the partnership follows through on its audits, lessons, measures and Board decisions), and open
breaches whose lessons learnt have led to no action (closing one is refused until they do)."""

from django.urls import reverse

from ..querysets_actions import breach_has_live_action
from .base import Category, QueryKind, Severity
from .wording import overdue_since

ACTION_OVERDUE = QueryKind(
    slug="action-overdue",
    title="Actions past their due date",
    severity=Severity.MEDIUM,
    category=Category.LEADERSHIP,
    register="Actions",
    register_key="governance.action",
    model_label="governance.Action",
    # The register's own rule: open or in progress, and the due date has passed.
    offending=lambda rows, today: rows.overdue(today).order_by("due_on", "pk"),  # type: ignore[attr-defined]  # ActionQuerySet's
    describe=lambda action, today: (
        f"It {overdue_since(action.due_on, today)} and is still "
        f"‘{action.get_status_display().lower()}’ (owner: {action.owner})."
    ),
    fix=lambda action: (
        reverse("governance:action_complete", kwargs={"pk": action.pk}),
        "Record it as done, with the evidence",
    ),
    related=lambda rows: rows.select_related("owner"),
)


def _lessons_without_action(rows, today):  # type: ignore[no-untyped-def]
    return (
        rows.exclude(status="closed")
        .exclude(lessons_learnt="")
        .filter(no_action_reason="")
        .exclude(breach_has_live_action())
        .order_by("became_aware_at", "pk")
    )


BREACH_LESSONS_WITHOUT_ACTION = QueryKind(
    slug="breach-lessons-without-action",
    title="Breaches whose lessons learnt have no action",
    severity=Severity.LOW,
    category=Category.BREACHES,
    register="Breaches",
    register_key="governance.breach",
    model_label="governance.Breach",
    offending=_lessons_without_action,
    describe=lambda breach, today: (
        "Its lessons learnt are written down but no action on the action register puts them "
        "into practice, and the DPO has not recorded why none is needed."
    ),
    fix=lambda breach: (
        reverse("governance:breach_add_action", kwargs={"pk": breach.pk}),
        "Add an action",
    ),
)

KINDS = (ACTION_OVERDUE, BREACH_LESSONS_WITHOUT_ACTION)
