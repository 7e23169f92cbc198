"""Findings about requests from individuals: a request past its statutory time limit, and
one nearing it with nobody handling it."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from .base import Category, QueryKind, Severity
from .wording import day, overdue_since

#: How near the due date a request with no handler becomes a finding.
NO_HANDLER_WITHIN_DAYS = 7


def _overdue(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
    return rows.overdue(today).order_by("due_on", "pk")  # type: ignore[attr-defined]


def _no_handler(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
    return (
        rows.due_within(today, NO_HANDLER_WITHIN_DAYS)  # type: ignore[attr-defined]
        .filter(handler__isnull=True)
        .order_by("due_on", "pk")
    )


RIGHTS_REQUEST_OVERDUE = QueryKind(
    slug="rights-request-overdue",
    title="Requests from individuals past their time limit",
    severity=Severity.HIGH,
    category=Category.RIGHTS,
    register="Requests from individuals",
    register_key="governance.rightsrequest",
    model_label="governance.RightsRequest",
    offending=_overdue,
    describe=lambda request, today: (
        f"The response {overdue_since(request.due_on, today)} and has not been recorded."
    ),
    fix=lambda request: (
        reverse(
            "governance:rightsrequest_transition",
            kwargs={"pk": request.pk, "transition": "respond"},
        ),
        "Respond, or record the response",
    ),
)

RIGHTS_REQUEST_NO_HANDLER = QueryKind(
    slug="rights-request-no-handler",
    title="Requests from individuals nearly due with nobody handling them",
    severity=Severity.MEDIUM,
    category=Category.RIGHTS,
    register="Requests from individuals",
    register_key="governance.rightsrequest",
    model_label="governance.RightsRequest",
    offending=_no_handler,
    describe=lambda request, today: (
        f"It is due on {day(request.due_on)} and nobody has been named to handle it."
    ),
    fix=lambda request: (
        reverse("governance:rightsrequest_update", kwargs={"pk": request.pk}) + "#id_handler",
        "Name the handler",
    ),
)

KINDS = (RIGHTS_REQUEST_OVERDUE, RIGHTS_REQUEST_NO_HANDLER)
