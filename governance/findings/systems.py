"""Findings about the systems register: personal data held by a supplier's system without
an active Art 28 contract, security assurance more than twelve months old, and Board reviews
overdue."""

from typing import Any

from django.urls import reverse

from .base import Category, QueryKind, Severity
from .wording import day, overdue_since


def _edit(system: Any, anchor: str) -> str:
    return reverse("governance:system_update", kwargs={"pk": system.pk}) + anchor


def _describe_contract(system: Any, today: Any) -> str:
    contract = system.art28_contract
    if contract is None:
        return "It holds personal data, and no Art 28 contract with its supplier is recorded."
    return (
        f"It holds personal data, and its Art 28 contract ‘{contract}’ is "
        f"{contract.get_status_display().lower()}, not active."
    )


SYSTEM_WITHOUT_CONTRACT = QueryKind(
    slug="system-personal-data-without-contract",
    title="Systems holding personal data without an active Art 28 contract",
    severity=Severity.HIGH,
    category=Category.CONTRACTS,
    register="Systems",
    register_key="governance.system",
    model_label="governance.System",
    offending=lambda rows, today: (
        rows.in_use()  # type: ignore[attr-defined]  # SystemQuerySet's
        .holding_personal_data()
        .without_active_contract()
        # The core team's own systems are not a processor's: no Art 28 contract is needed.
        .exclude(supplier__is_core_team_host=True)
        .order_by("name", "pk")
    ),
    describe=_describe_contract,
    fix=lambda system: (_edit(system, "#id_art28_contract"), "Record its active Art 28 contract"),
    related=lambda rows: rows.select_related("art28_contract"),
)


def _describe_assurance(system: Any, today: Any) -> str:
    if system.assured_on is None or not system.assurance_kind:
        return "It holds personal data, and no security assurance is recorded."
    status = system.get_assurance_status_display().lower() or "of unknown status"
    return (
        f"Its security assurance ({system.get_assurance_kind_display()}, {status}) is dated "
        f"{day(system.assured_on)}: more than twelve months ago, or not certified."
    )


SYSTEM_ASSURANCE_OUT_OF_DATE = QueryKind(
    slug="system-assurance-out-of-date",
    title="Systems holding personal data without security assurance from the last 12 months",
    severity=Severity.MEDIUM,
    category=Category.RECORDS,
    register="Systems",
    register_key="governance.system",
    model_label="governance.System",
    offending=lambda rows, today: (
        rows.in_use()  # type: ignore[attr-defined]  # SystemQuerySet's
        .holding_personal_data()
        .assurance_out_of_date(today)
        .order_by("name", "pk")
    ),
    describe=_describe_assurance,
    fix=lambda system: (_edit(system, "#id_assurance_kind"), "Record its current assurance"),
)

SYSTEM_REVIEW_OVERDUE = QueryKind(
    slug="system-review-overdue",
    title="Systems overdue for Board review",
    severity=Severity.LOW,
    category=Category.RECORDS,
    register="Systems",
    register_key="governance.system",
    model_label="governance.System",
    offending=lambda rows, today: rows.review_overdue(today).order_by(  # type: ignore[attr-defined]
        "next_board_review_on", "pk"
    ),
    describe=lambda system, today: (
        f"Its Board review {overdue_since(system.next_board_review_on, today)}."
    ),
    fix=lambda system: (
        reverse("governance:system_decision", kwargs={"pk": system.pk}),
        "Record the Board's decision",
    ),
)

KINDS = (SYSTEM_WITHOUT_CONTRACT, SYSTEM_ASSURANCE_OUT_OF_DATE, SYSTEM_REVIEW_OVERDUE)
