"""Findings about DPIAs: reviews overdue, and submissions left waiting for the DPO."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from ..choices import DPIA_OPEN_STATUSES
from ..models import Dpia
from .base import Category, QueryKind, Severity, moment_of
from .wording import day, days, overdue_since


def _review_overdue(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
    # ``Dpia.is_review_overdue``: in force (approved or screened out) and the date has passed.
    return rows.in_force().filter(next_review_on__lt=today).order_by("next_review_on", "pk")  # type: ignore[attr-defined]


def _describe_review(dpia: Any, today: date) -> str:
    # A review under way is a revision being written: this one stays in force (and overdue)
    # until the revision is approved.
    under_way = dpia.open_revisions[0] if dpia.open_revisions else None
    text = f"Its review {overdue_since(dpia.next_review_on, today)}."
    if under_way is not None:
        text += f" Revision {under_way.revision} is ‘{under_way.get_status_display()}’."
    return text


def _fix_review(dpia: Any) -> tuple[str, str]:
    if dpia.open_revisions:
        return dpia.open_revisions[0].get_absolute_url(), "Finish the revision"
    start = reverse(
        "governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": "start_review"}
    )
    return start, "Start the review"


DPIA_REVIEW_OVERDUE = QueryKind(
    slug="dpia-review-overdue",
    title="DPIAs overdue for review",
    severity=Severity.MEDIUM,
    category=Category.RISKS,
    register="DPIAs",
    register_key="governance.dpia",
    model_label="governance.Dpia",
    offending=_review_overdue,
    describe=_describe_review,
    fix=_fix_review,
    related=lambda rows: rows.prefetch_related(
        Prefetch(
            "revisions",
            queryset=Dpia.objects.filter(status__in=DPIA_OPEN_STATUSES).order_by("-revision"),
            to_attr="open_revisions",
        )
    ),
)


def wait_days() -> int:
    """How long a submitted DPIA may wait for the DPO's advice (``FINDINGS_DPO_WAIT_DAYS``)."""
    return int(settings.FINDINGS_DPO_WAIT_DAYS)


def _waiting(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
    since = moment_of(today) - timedelta(days=wait_days())
    return rows.awaiting_advice().filter(submitted_at__lt=since)  # type: ignore[attr-defined]


def _describe_waiting(dpia: Any, today: date) -> str:
    submitted = timezone.localtime(dpia.submitted_at).date()
    waited = (today - submitted).days
    return (
        f"Submitted on {day(submitted)}, it has waited {days(waited)} for the DPO's advice "
        f"(more than {days(wait_days())})."
    )


DPIA_WAITING_FOR_DPO = QueryKind(
    slug="dpia-waiting-for-dpo",
    title="DPIAs waiting too long for the DPO",
    severity=Severity.MEDIUM,
    category=Category.RISKS,
    register="DPIAs",
    register_key="governance.dpia",
    model_label="governance.Dpia",
    offending=_waiting,
    describe=_describe_waiting,
    fix=lambda dpia: (dpia.get_absolute_url(), "Give the DPO's advice"),
)

KINDS = (DPIA_WAITING_FOR_DPO, DPIA_REVIEW_OVERDUE)
