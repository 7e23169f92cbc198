"""Required reading: saving a policy (which marks its current version required), a person's
confirmation that they have read it, and the reading tasks the reminders work from.

A confirmation is its reader's own decision: ``policy_confirm_reading`` only ever records one
for ``actor``, about the version they were shown, in one transaction with its history row.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_register_row

from ..models import Policy, PolicyConfirmation, PolicyReadingTask
from ..selectors.policy_reading import READING_PERIOD_DAYS, is_required_for, required_q

CONFIRMED_REASON = "Confirmed they have read it and will follow it"


def _reading_required_on(policy: Policy, today: date) -> date | None:
    """The day the policy's current version became required reading: kept while neither the
    version nor the requirement changes, today when either starts, none when it is not."""
    if not policy.required_for_roles:
        return None
    if policy.pk is None:
        return today
    before = (
        Policy.objects.filter(pk=policy.pk)
        .values("version", "required_for_roles", "reading_required_on")
        .first()
    )
    if (
        before is None
        or before["reading_required_on"] is None
        or not before["required_for_roles"]
        or before["version"] != policy.version
    ):
        return today
    return before["reading_required_on"]  # type: ignore[no-any-return]


def policy_save(
    policy: Policy,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> Policy:
    """Save a policy from its form. When it is required reading, a new version (or a new
    requirement) starts the reading period again, and everyone who must read it is asked."""
    with transaction.atomic():
        today = timezone.localdate()
        policy.required_for_roles = list(policy.required_for_roles or [])
        policy.reading_required_on = _reading_required_on(policy, today)
        if policy.required_for_roles and not policy.version.strip():
            raise ValidationError(
                {"version": "Enter the version: people confirm they have read a version."}
            )
        saved = save_register_row(
            policy, actor=actor, reason=reason, expected_version=expected_version
        )
        reading_tasks_sync(today=today, policy=saved)
    return saved


def policy_confirm_reading(policy: Policy, /, *, actor: Any, version: str) -> PolicyConfirmation:
    """Record that ``actor`` has read and will follow ``version`` of ``policy``.

    Refused unless the policy is required reading for them, and unless ``version`` is still the
    current one (they confirm what they were shown, not a version published since). Confirming
    again is harmless: the first confirmation stands and nothing more is written."""
    with transaction.atomic():
        current = Policy.objects.select_for_update().get(pk=policy.pk)
        if not is_required_for(current, actor):
            raise PermissionDenied("This policy is not required reading for you.")
        if version != current.version:
            raise ValidationError(
                f"{current.title} has a new version ({current.version or 'no number'}) since "
                "you opened it. Read the new version, then confirm."
            )
        existing = PolicyConfirmation.objects.filter(
            policy=current, user=actor, version=version
        ).first()
        if existing is not None:
            return existing
        confirmation = PolicyConfirmation(
            policy=current, user=actor, version=version, confirmed_at=timezone.now()
        )
        confirmation.full_clean()
        confirmation._change_reason = CONFIRMED_REASON  # type: ignore[attr-defined]
        confirmation._history_user = actor  # type: ignore[attr-defined]
        confirmation.save()
        PolicyReadingTask.objects.filter(
            policy=current, user=actor, version=version, confirmation__isnull=True
        ).update(confirmation=confirmation)
    return confirmation


def reading_tasks_sync(*, today: date | None = None, policy: Policy | None = None) -> int:
    """Ask everyone who must read a required policy's current version and has not been asked
    (nor confirmed it): one reading task each, due ``READING_PERIOD_DAYS`` after the version was
    marked required, or after today for someone asked later (a new starter, a new role).

    Run when a policy is saved and before each daily reminder sweep. Safe to run any number of
    times: a task already there is left alone. Three queries per required policy."""
    today = today or timezone.localdate()
    policies = Policy.objects.filter(required_q())
    if policy is not None:
        policies = policies.filter(pk=policy.pk)
    users = get_user_model()._default_manager
    created = 0
    for required in policies.order_by("pk"):
        assert required.reading_required_on is not None  # required_q
        due_on = max(required.reading_required_on, today) + timedelta(days=READING_PERIOD_DAYS)
        asked = PolicyReadingTask.objects.filter(policy=required, version=required.version).values(
            "user_id"
        )
        confirmed = PolicyConfirmation.objects.filter(
            policy=required, version=required.version
        ).values("user_id")
        to_ask = (
            users.filter(is_active=True, role__in=required.required_for_roles)
            .exclude(pk__in=asked)
            .exclude(pk__in=confirmed)
            .values_list("pk", flat=True)
        )
        tasks = [
            PolicyReadingTask(
                policy=required, user_id=user_id, version=required.version, due_on=due_on
            )
            for user_id in to_ask
        ]
        created += len(
            PolicyReadingTask.objects.bulk_create(tasks, ignore_conflicts=True, batch_size=500)
        )
    return created
