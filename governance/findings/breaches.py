"""Findings about the breach log: the ICO's 72 hours (UK GDPR Art 33) passed undecided, or
passed with the ICO still not told."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..choices import IcoDecision
from .base import Category, QueryKind, Severity, moment_of


def _past_deadline(decision: str) -> Any:
    def offending(rows: QuerySet[Any], today: date) -> QuerySet[Any]:
        # The breach clock's own rule (``BreachQuerySet.ico_clock_running``), past its deadline.
        return (
            rows.ico_clock_running()  # type: ignore[attr-defined]
            .filter(ico_decision=decision, ico_deadline_at__lt=moment_of(today))
            .order_by("ico_deadline_at", "pk")
        )

    return offending


def _deadline(breach: Any) -> str:
    return date_format(timezone.localtime(breach.ico_deadline_at), "j F Y, H:i")


def _fix(breach: Any) -> tuple[str, str]:
    return reverse("governance:breach_ico", kwargs={"pk": breach.pk}), "Record the ICO decision"


BREACH_UNDECIDED = QueryKind(
    slug="breach-past-72-hours-undecided",
    title="Breaches past 72 hours without an ICO decision",
    severity=Severity.HIGH,
    category=Category.BREACHES,
    register="Breaches",
    register_key="governance.breach",
    model_label="governance.Breach",
    offending=_past_deadline(IcoDecision.UNDECIDED),
    describe=lambda breach, today: (
        f"The 72 hours to tell the ICO ended on {_deadline(breach)} and nobody has decided "
        "whether the ICO must be told."
    ),
    fix=_fix,
)

BREACH_NOT_TOLD = QueryKind(
    slug="breach-past-72-hours-not-told",
    title="Reportable breaches past 72 hours with the ICO not told",
    severity=Severity.HIGH,
    category=Category.BREACHES,
    register="Breaches",
    register_key="governance.breach",
    model_label="governance.Breach",
    offending=_past_deadline(IcoDecision.REPORT),
    describe=lambda breach, today: (
        f"The ICO must be told, the 72 hours ended on {_deadline(breach)} and no report to the "
        "ICO is recorded."
    ),
    fix=lambda breach: (
        reverse("governance:breach_ico", kwargs={"pk": breach.pk}),
        "Record when the ICO was told",
    ),
)

KINDS = (BREACH_UNDECIDED, BREACH_NOT_TOLD)
