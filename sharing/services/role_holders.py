"""Role holders: one holder of each role at an organisation at a time (rule 6)."""

import datetime
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.dateformat import format as format_date

from vpp_portal.editing import save_register_row

from ..models import Organisation, RoleHolder


def _day(value: datetime.date) -> str:
    return format_date(value, "j F Y")


def overlapping_role_holder(holder: RoleHolder) -> RoleHolder | None:
    """Another holder of the same role at the same organisation whose period (inclusive dates)
    overlaps ``holder``'s; the earliest-starting one if several do."""
    if not (holder.organisation_id and holder.role and holder.starts_on):
        return None
    others = (
        RoleHolder.objects.filter(organisation=holder.organisation_id, role=holder.role)
        .exclude(pk=holder.pk)
        .select_related("organisation")
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=holder.starts_on))
    )
    if holder.ends_on is not None:
        others = others.filter(starts_on__lte=holder.ends_on)
    return others.order_by("starts_on", "pk").first()


def _overlap_problem(holder: RoleHolder, other: RoleHolder) -> tuple[str, str]:
    """The field to fix and what to say: who holds the role, from when, and how to hand over."""
    held = (
        f"{other.name} is the {other.get_role_display()} at {other.organisation} from "
        f"{_day(other.starts_on)}"
    )
    if other.starts_on > holder.starts_on:
        # This period runs on into a later holder's: end it before they start.
        latest = other.starts_on - datetime.timedelta(days=1)
        return "ends_on", (
            f"{held}. Periods cannot overlap: end this one on {_day(latest)} at the latest."
        )
    if other.ends_on is None:
        before = holder.starts_on - datetime.timedelta(days=1)
        return "starts_on", (
            f"{held}, with no end date. Periods cannot overlap: set their end date first (to "
            f"{_day(before)}, the day before this holder starts), then save this one."
        )
    after = other.ends_on + datetime.timedelta(days=1)
    return "starts_on", (
        f"{held} to {_day(other.ends_on)}. Periods cannot overlap: start this one on "
        f"{_day(after)} or later, or change their end date first."
    )


def role_holder_problems(holder: RoleHolder) -> dict[str, list[str]]:
    """What stops ``holder`` being saved, by field: dates in order, no overlap with another
    holder of the role, and a portal account that can receive the role's reminders."""
    problems: dict[str, list[str]] = defaultdict(list)
    if holder.starts_on and holder.ends_on and holder.ends_on < holder.starts_on:
        problems["ends_on"].append(
            f"The end date must be on or after the start date ({_day(holder.starts_on)})."
        )
    elif (other := overlapping_role_holder(holder)) is not None:
        field, message = _overlap_problem(holder, other)
        problems[field].append(message)
    account = holder.user if holder.user_id else None
    organisation = holder.organisation if holder.organisation_id else None
    if account is not None:
        if not account.is_active:
            problems["user"].append(
                f"{account}'s portal account is deactivated: choose an active account, or "
                "leave it empty."
            )
        elif account.is_partner and organisation is not None:
            if organisation.is_core_team_host:
                problems["user"].append(
                    f"{account} is a partner user: the core team's role holders need an "
                    "internal account, or none."
                )
            elif account.organisation_id != organisation.pk:
                problems["user"].append(
                    f"{account} is a partner user at another organisation: choose an account "
                    f"at {organisation} or an internal one, or leave it empty."
                )
    return dict(problems)


def role_holder_save(
    role_holder: RoleHolder,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> RoleHolder:
    """Record who holds a role at an organisation, or change their details or dates.

    The organisation's row is locked first, so two saves for the same organisation run one
    after the other: two people recording overlapping holders at once cannot both pass the
    overlap check.
    """
    with transaction.atomic():
        if role_holder.organisation_id is not None:
            list(
                Organisation.objects.select_for_update()
                .filter(pk=role_holder.organisation_id)
                .values_list("pk", flat=True)
            )
        problems = role_holder_problems(role_holder)
        if problems:
            raise ValidationError(problems)
        return save_register_row(
            role_holder, actor=actor, reason=reason, expected_version=expected_version
        )
