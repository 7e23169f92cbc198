"""Writes to the systems register.

``system_save`` saves a system and its links, and ``system_record_decision`` records the
Board's decision (the SIRO's). Both keep ROPA column 20 true in the same transaction: each
processing activity a system holds has as its ``location`` the hosting and location of every
system holding it (``location_for``), changed with its own history row and reason. ropa owns
the field and never reads this register; it only asks, through ``ropa.locations``, whether an
activity's location is kept from here.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ropa.models import ProcessingActivity
from vpp_portal.editing import EditConflict, save_links, save_register_row

from ..models.systems import EXIT_DECISIONS, BoardDecision, System

DECIDE = "governance.decide_system"
#: Between two systems' locations in an activity's column 20.
LOCATION_SEPARATOR = "; "
LOCATION_MAX_LENGTH = ProcessingActivity._meta.get_field("location").max_length or 250


def location_for(hostings: Iterable[str]) -> str:
    """Column 20 for an activity held in systems hosted at ``hostings`` (in system order):
    each place once, in that order."""
    places = [text.strip() for text in hostings if text and text.strip()]
    return LOCATION_SEPARATOR.join(dict.fromkeys(places))


def _activity_locations(activity_ids: Iterable[int]) -> dict[int, str]:
    """The location each activity's systems give it (activities with no system left out)."""
    through = System.activities.through
    hostings: dict[int, list[str]] = {}
    rows = (
        through.objects.filter(processingactivity_id__in=list(activity_ids))
        .order_by("system__name", "system_id")
        .values_list("processingactivity_id", "system__hosting")
    )
    for activity_id, hosting in rows:
        hostings.setdefault(activity_id, []).append(hosting)
    return {activity_id: location_for(places) for activity_id, places in hostings.items()}


def sync_activity_locations(activity_ids: Iterable[int], *, actor: Any, reason: str) -> int:
    """Set the ``location`` of each activity that has systems to what they say, with a history
    row naming ``reason``; an activity left without systems keeps its last location (it becomes
    editable on its own form again). Returns how many activities changed. Runs in the caller's
    transaction; refuses (``ValidationError`` on ``hosting``) a location too long for the
    column rather than cutting it short."""
    ids = set(activity_ids)
    if not ids:
        return 0
    wanted = _activity_locations(ids)
    too_long = [location for location in wanted.values() if len(location) > LOCATION_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "hosting": f"Together with the other systems holding the same processing "
                f"activity, the hosting and locations come to {len(too_long[0])} characters; an "
                f"activity's location holds at most {LOCATION_MAX_LENGTH}. Shorten them."
            }
        )
    changed = 0
    activities = ProcessingActivity.objects.select_for_update().filter(pk__in=list(wanted))
    for activity in activities.order_by("pk"):
        location = wanted[activity.pk]
        if activity.location == location:
            continue
        activity.location = location
        activity.row_version += 1
        activity.updated_by = actor
        activity._change_reason = reason  # type: ignore[attr-defined]
        activity._history_user = actor  # type: ignore[attr-defined]
        # Only the location (and the audit columns): the activity's other rules are its own.
        activity.save(update_fields=["location", "row_version", "updated_by", "updated_at"])
        changed += 1
    return changed


def _activity_ids(system: System) -> set[int]:
    if system.pk is None:
        return set()
    return set(
        System.activities.through.objects.filter(system=system).values_list(
            "processingactivity_id", flat=True
        )
    )


def system_save(
    system: System,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
    links: Mapping[str, Iterable[Any]] | None = None,
) -> System:
    """Add or change a system and its data sources and activities: one history row for the
    system, and one for each activity whose location of the data changes with it."""
    with transaction.atomic():
        before = _activity_ids(system)
        saved = save_register_row(
            system, actor=actor, reason=reason, expected_version=expected_version
        )
        save_links(saved, dict(links or {}))
        after = _activity_ids(saved)
        sync_activity_locations(
            before | after,
            actor=actor,
            reason=f"Location of the data kept from its systems: system ‘{saved}’ saved"
            + (f" ({reason})" if reason else ""),
        )
    return saved


def system_record_decision(
    system: System,
    /,
    *,
    actor: Any,
    decision: str,
    decided_on: date,
    reason: str,
    exit_plan: str = "",
    next_review_on: date | None = None,
    expected_version: int | None = None,
) -> System:
    """Record the Board's decision on ``system`` (the SIRO records it): continue, replace or
    withdraw, with the reasons; replace and withdraw need an exit plan. The next Board review
    date may be set with it."""
    if not actor.has_perm(DECIDE):
        raise ValidationError("Only the SIRO records the Board's decisions on systems.")
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    exit_plan = (exit_plan or "").strip()
    if decision not in {BoardDecision.CONTINUE, BoardDecision.REPLACE, BoardDecision.WITHDRAW}:
        errors["decision"] = ["Choose the Board's decision: continue, replace or withdraw."]
    if not reason:
        errors["reason"] = ["Enter the reasons for the decision, as the Board minuted them."]
    if decided_on is None:
        errors["decided_on"] = ["Enter the date of the Board's decision."]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = ["The date of the decision must be today or in the past."]
    with transaction.atomic():
        current = System.objects.select_for_update().get(pk=system.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise EditConflict(
                current=current, changed_by=current.updated_by, changed_at=current.updated_at
            )
        plan = exit_plan or current.exit_plan
        if decision in EXIT_DECISIONS and not plan:
            errors["exit_plan"] = [
                "Enter the exit plan: how the system is withdrawn in phases and what happens "
                "to its data. A decision to replace or withdraw needs one."
            ]
        if errors:
            raise ValidationError(errors)
        current.board_decision = decision
        current.board_decided_on = decided_on
        current.board_decision_reason = reason
        current.board_decision_recorded_by = actor
        current.exit_plan = plan
        if next_review_on is not None:
            current.next_board_review_on = next_review_on
        label = BoardDecision(decision).label
        saved = save_register_row(
            current,
            actor=actor,
            reason=f"Board decision ({decided_on:%d %B %Y}): {label}. {reason}",
        )
    return saved
