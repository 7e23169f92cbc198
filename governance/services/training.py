"""Every change to the training registers: courses, training records and start dates.

The rules:

1. A training record's expiry date is worked out here, never typed: the completion date plus
   the course's renewal period in months (the last day of the month where the day does not
   exist: 31 January + 1 month is 28 or 29 February); no renewal period, no expiry.
2. Training cannot be completed in the future, nor a start date lie in the future.
3. A start date puts the induction due ``INDUCTION_DAYS`` (30) days later.
4. Changing a course's renewal period works out again the expiry of every record of it, each
   with its own history row.

Each service is one transaction, refuses a save over a newer change (``EditConflict``) and
records who and why in the history (``save_register_row``).
"""

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_register_row

from ..models import Course, TrainingProfile, TrainingRecord
from ..training.choices import INDUCTION_DAYS


def expiry_of(course: Course, completed_on: date) -> date | None:
    """When training completed on ``completed_on`` must be renewed (rule 1)."""
    if not course.renewal_months:
        return None
    return completed_on + relativedelta(months=course.renewal_months)


def training_record_save(
    record: TrainingRecord,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> TrainingRecord:
    """Record (or correct) one person's completion of a course, with its expiry worked out."""
    today = timezone.localdate()
    if record.completed_on is not None and record.completed_on > today:
        raise ValidationError(
            {"completed_on": "The completion date cannot be in the future."}, code="future"
        )
    if record.course_id is not None and record.completed_on is not None:
        record.expires_on = expiry_of(record.course, record.completed_on)
    return save_register_row(
        record,
        actor=actor,
        reason=reason or ("Training recorded" if record.pk is None else ""),
        expected_version=expected_version,
    )


def training_profile_save(
    profile: TrainingProfile,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> TrainingProfile:
    """Record (or correct) when a person started; their induction falls due 30 days later."""
    if profile.started_on is not None:
        if profile.started_on > timezone.localdate():
            raise ValidationError(
                {"started_on": "The start date cannot be in the future."}, code="future"
            )
        profile.induction_due_on = profile.started_on + timedelta(days=INDUCTION_DAYS)
    return save_register_row(profile, actor=actor, reason=reason, expected_version=expected_version)


def course_save(
    course: Course,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> Course:
    """Save a course; a changed renewal period moves the expiry of its records (rule 4)."""
    with transaction.atomic():
        before = (
            Course.objects.filter(pk=course.pk).values_list("renewal_months", flat=True).first()
            if course.pk
            else None
        )
        saved = save_register_row(
            course, actor=actor, reason=reason, expected_version=expected_version
        )
        if course.pk and before != saved.renewal_months:
            for record in TrainingRecord.objects.filter(course=saved).select_for_update():
                expires_on = expiry_of(saved, record.completed_on)
                if expires_on != record.expires_on:
                    record.course = saved
                    record.expires_on = expires_on
                    save_register_row(
                        record,
                        actor=actor,
                        reason=f"Renewal period of ‘{saved}’ changed",
                    )
    return saved
