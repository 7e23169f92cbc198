"""The leadership and policies panels' figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sharing.choices import HolderRole
from sharing.models import Organisation, RoleHolder

from ..choices import (
    PolicyKind,
    PolicyStatus,
    ReportJobKind,
    ReportJobStatus,
)
from ..models import Policy, ReportJob
from ..selectors.policy_reading import reading_share
from .figures import Figure, day_text, list_url

# --- Leadership and oversight ------------------------------------------------------------------


def leadership_figures(today: date) -> list[Figure]:
    host_pk = (
        Organisation.objects.filter(is_core_team_host=True).values_list("pk", flat=True).first()
    )
    holders: dict[str, list[tuple[str, date]]] = defaultdict(list)
    rows = (
        RoleHolder.objects.current(today)
        .filter(organisation__is_core_team_host=True)
        .order_by("starts_on", "pk")
        .values_list("role", "name", "starts_on")
    )
    for role, name, starts_on in rows:
        holders[role].append((name, starts_on))
    figures = []
    for role in HolderRole:
        held = holders.get(role.value, [])
        if not held:
            value, hint = "Nobody in post", "Nobody holds this role at the host organisation."
        else:
            value = ", ".join(name for name, _ in held)
            hint = f"In post since {day_text(held[0][1])}." if len(held) == 1 else "A handover."
        label = "DPO in post" if role == HolderRole.DPO else str(role.label)
        url = list_url(
            "sharing:roleholder_list", role=role.value, current="true", organisation=host_pk
        )
        figures.append(Figure(label, value, url, hint))
    figures.append(last_board_report())
    return figures


def last_board_report() -> Figure:
    job = (
        ReportJob.objects.filter(kind=ReportJobKind.BOARD_REPORT, status=ReportJobStatus.DONE)
        .select_related("requested_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    try:
        url = reverse("governance:board_report")
    except NoReverseMatch:  # the Board report page is not installed yet
        url = ""
    if job is None or job.finished_at is None:
        return Figure("Last Board report", "No Board report produced in the portal yet", url)
    hint = f"{job.title}, produced by {job.requested_by}." if job.title else ""
    return Figure("Last Board report", day_text(timezone.localtime(job.finished_at)), url, hint)


# --- Policies and procedures -------------------------------------------------------------------


def policy_figures(user: Any, today: date) -> list[Figure]:
    figures = Policy.objects.visible_to(user).aggregate(
        in_force=Count("pk", filter=Q(status=PolicyStatus.IN_FORCE)),
        overdue=Count("pk", filter=Q(next_review_on__lt=today) & ~Q(status=PolicyStatus.WITHDRAWN)),
        safeguards=Count("pk", filter=Q(kind=PolicyKind.SAFEGUARDS, status=PolicyStatus.IN_FORCE)),
    )
    policy_list = "governance:policy_list"
    return [
        Figure("In force", figures["in_force"], list_url(policy_list, status="in_force")),
        Figure(
            "Overdue for review",
            figures["overdue"],
            list_url(policy_list, review_overdue="true"),
            "Past their next review date (withdrawn policies are not reviewed).",
        ),
        Figure(
            "Safeguards policies in force",
            figures["safeguards"],
            list_url(policy_list, kind=PolicyKind.SAFEGUARDS.value, status="in_force"),
            "Appropriate policy documents: special category and criminal offence data need one.",
        ),
        reading_figure(),
    ]


def reading_figure() -> Figure:
    """The share of required reading confirmed: of everyone asked to read the current version
    of each policy that is required reading, how many have confirmed it."""
    share = reading_share()
    url = list_url("governance:policy_list", reading="required")
    if share.percent is None:
        return Figure("Required reading confirmed", "No required reading", url)
    return Figure(
        "Required reading confirmed",
        f"{share.percent}%",
        url,
        f"{share.confirmed} of {share.required} confirmations of the current versions made.",
    )
