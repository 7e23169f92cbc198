"""The contracts and data sharing panel and the records of processing panel: one read of the data
source table and one of the processing activities, shared with the records-management panel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q

from ropa.choices import ActivityStatus
from ropa.models import ProcessingActivity
from sharing.choices import AgreementKind, AgreementStatus, DataClassification
from sharing.code_items import missing_condition
from sharing.models import Agreement, DataSource
from sharing.selectors import EXPIRY_WARNING_DAYS

from .figures import RETENTION_DUE_DAYS, Figure, day_text, list_url, plural

# --- Contracts and data sharing ----------------------------------------------------------------


def source_figures(user: Any, today: date) -> dict[str, Any]:
    """The one read of the data source table: by classification, the uncovered ones and their
    retention (for the records-management panel)."""
    partner_shared = Q(classification=DataClassification.PARTNER_SHARED)
    live = Q(retired_on__isnull=True)
    due_by = today + timedelta(days=RETENTION_DUE_DAYS)
    return DataSource.objects.visible_to(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(classification=DataClassification.OPEN)),
        one_off=Count("pk", filter=Q(classification=DataClassification.ONE_OFF_PUBLIC)),
        partner=Count("pk", filter=partner_shared),
        uncovered=Count(
            "pk", filter=partner_shared & ~Q(covering_agreement__status=AgreementStatus.ACTIVE)
        ),
        retention_overdue=Count("pk", filter=live & Q(retention_due_on__lte=today)),
        retention_due=Count(
            "pk", filter=live & Q(retention_due_on__gt=today, retention_due_on__lte=due_by)
        ),
    )


def contract_figures(user: Any, today: date, sources: dict[str, Any]) -> list[Figure]:
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    active = Q(status=AgreementStatus.ACTIVE)
    active_isa = active & Q(kind=AgreementKind.ISA)
    agreements = Agreement.objects.visible_to(user).aggregate(
        active=Count("pk", filter=active),
        expiring=Count("pk", filter=active & Q(expires_on__lt=horizon)),
        # What an ISA covers has one definition (``sharing.code_items``), here in its SQL form.
        active_isas=Count("pk", filter=active_isa),
        isas_complete=Count("pk", filter=active_isa & ~missing_condition()),
    )
    public = sources["open"] + sources["one_off"]
    share = round(100 * public / sources["total"]) if sources["total"] else 0
    agreement_list, source_list = "sharing:agreement_list", "sharing:datasource_list"
    return [
        Figure(
            "Active agreements", agreements["active"], list_url(agreement_list, status="active")
        ),
        Figure(
            f"Expiring within {EXPIRY_WARNING_DAYS} days",
            agreements["expiring"],
            list_url(agreement_list, status="active", expires_before=horizon.isoformat()),
            f"Active agreements whose expiry date is before {day_text(horizon)}.",
        ),
        Figure(
            "Active ISAs covering every item",
            agreements["isas_complete"],
            list_url(agreement_list, status="active", kind="isa", code_items="complete"),
            f"Of {plural(agreements['active_isas'], 'active ISA')}: every item the ICO's data "
            "sharing code expects is covered.",
        ),
        Figure(
            "Partner-shared data without an active agreement",
            sources["uncovered"],
            list_url(source_list, uncovered="true"),
        ),
        Figure(
            "Open data (class 1)",
            sources["open"],
            list_url(source_list, classification=DataClassification.OPEN.value),
        ),
        Figure(
            "One-off public data (class 2)",
            sources["one_off"],
            list_url(source_list, classification=DataClassification.ONE_OFF_PUBLIC.value),
        ),
        Figure(
            "Partner-shared data (class 3)",
            sources["partner"],
            list_url(source_list, classification=DataClassification.PARTNER_SHARED.value),
        ),
        Figure(
            "Open or one-off public",
            public,
            list_url(source_list, open_or_public="true"),
            f"{share}% of {plural(sources['total'], 'data source')}: the strategy prefers "
            "classes 1 and 2 to partner-shared data.",
        ),
    ]


# --- Records of processing and lawful basis ----------------------------------------------------


def activity_figures(user: Any, today: date) -> dict[str, Any]:
    """The one read of the ROPA table: activities by status, the active ones with personal
    data and how many of those leave an ICO column empty, and their retention (for the
    records-management panel)."""
    live = ~Q(status=ActivityStatus.RETIRED)
    due_by = today + timedelta(days=RETENTION_DUE_DAYS)
    rows = ProcessingActivity.objects.visible_to(user)
    active_personal = Q(status=ActivityStatus.ACTIVE, has_personal_data=True)
    return rows.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in ActivityStatus},
        active_personal=Count("pk", filter=active_personal),
        # Completeness has one definition (``ropa.ico``), here in its SQL form.
        incomplete=Count("pk", filter=active_personal & rows.incomplete_condition()),
        # The transparency panel's: covered by a privacy notice (``notice_covered_condition``).
        notice_covered=Count("pk", filter=active_personal & rows.notice_covered_condition()),
        retention_overdue=Count("pk", filter=live & Q(retention_due_on__lte=today)),
        retention_due=Count(
            "pk", filter=live & Q(retention_due_on__gt=today, retention_due_on__lte=due_by)
        ),
    )


def ropa_figures(activities: dict[str, Any]) -> list[Figure]:
    incomplete = activities["incomplete"]
    total = activities["active_personal"]
    complete = total - incomplete
    share = round(100 * complete / total) if total else 100
    activity_list = "ropa:processingactivity_list"
    personal = {"status": "active", "has_personal_data": "true"}
    figures = [
        Figure(
            "Active with personal data",
            total,
            list_url(activity_list, **personal),
        ),
        Figure(
            "Complete ICO record",
            complete,
            list_url(activity_list, **personal, completeness="complete"),
            f"{share}% of active activities with personal data have every required ICO column.",
        ),
        Figure(
            "Required ICO columns missing",
            incomplete,
            list_url(activity_list, **personal, completeness="incomplete"),
        ),
    ]
    for status in ActivityStatus:
        figures.append(
            Figure(
                f"{status.label} activities",
                activities[status.value],
                list_url(activity_list, status=status.value),
            )
        )
    return figures
