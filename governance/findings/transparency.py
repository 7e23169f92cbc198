"""Findings about transparency: processing that no privacy notice tells people about (UK GDPR
Arts 13 and 14)."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from ..choices import PolicyKind
from .base import Category, QueryKind, Severity
from .ropa import LIVE_STATUSES


def _without_notice(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    # The register's own rule (``ProcessingActivityQuerySet.notice_covered_condition``).
    return (
        queryset.filter(status__in=LIVE_STATUSES, has_personal_data=True)
        .exclude(queryset.notice_covered_condition())  # type: ignore[attr-defined]
        .order_by("name", "pk")
    )


def _describe(activity: Any, today: date) -> str:
    notice = activity.privacy_notice
    if notice is None:
        return (
            "It processes personal data, but no privacy notice is linked to it: people are not "
            "shown to be told about this processing."
        )
    if notice.kind != PolicyKind.PRIVACY_NOTICE:
        return f"‘{notice}’ is a {notice.get_kind_display().lower()}, not a privacy notice."
    return f"Its privacy notice ‘{notice}’ is withdrawn."


ACTIVITY_WITHOUT_NOTICE = QueryKind(
    slug="activity-without-privacy-notice",
    title="Active personal-data activities no privacy notice covers",
    severity=Severity.MEDIUM,
    category=Category.TRANSPARENCY,
    register="Processing activities",
    register_key="ropa.processingactivity",
    model_label="ropa.ProcessingActivity",
    offending=_without_notice,
    describe=_describe,
    fix=lambda activity: (
        reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})
        + "#id_privacy_notice",
        "Link the privacy notice that covers it",
    ),
    related=lambda rows: rows.select_related("privacy_notice"),
)

KINDS = (ACTIVITY_WITHOUT_NOTICE,)
