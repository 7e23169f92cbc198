"""Findings about training and awareness: new starters without induction, expired training,
key-role holders without their specialist course."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from ..training.choices import KEY_ROLE_FLAGS, Audience
from .base import Category, QueryKind, Severity
from .wording import day, overdue_since

#: The key-role names as the findings say them.
KEY_ROLE_NAMES = {"siro": "SIRO", "dpo": "DPO", "director": "Director"}


def record_training_url(**params: Any) -> str:
    return f"{reverse('governance:trainingrecord_create')}?{urlencode(params)}"


def _holders_missing_course(rows: Any, today: date) -> QuerySet[Any]:
    """Current key-role holders with a portal account who have never completed a specialist
    course for the role they hold (when such a course is on the catalogue)."""
    from ..models import Course, TrainingRecord

    condition = Q(pk__in=[])
    for kind, flag in KEY_ROLE_FLAGS:
        done = TrainingRecord.objects.filter(
            person=OuterRef(OuterRef("user")), course=OuterRef("pk")
        )
        courses = Course.objects.filter(audience=Audience.KEY_ROLES, **{flag: True}).filter(
            ~Q(Exists(done))
        )
        condition |= Q(role=kind) & Q(Exists(courses))
    return (
        rows.current(today)
        .filter(user__isnull=False, user__is_active=True)
        .filter(condition)
        .order_by("pk")
    )


INDUCTION_OVERDUE = QueryKind(
    slug="training-induction-overdue",
    title="New starters without induction after 30 days",
    severity=Severity.HIGH,
    category=Category.TRAINING,
    register="Training",
    register_key="governance.trainingprofile",
    model_label="governance.TrainingProfile",
    offending=lambda rows, today: rows.induction_overdue(today).order_by("induction_due_on", "pk"),  # type: ignore[attr-defined]
    describe=lambda profile, today: (
        f"{profile.person} started on {day(profile.started_on)}: their induction "
        f"{overdue_since(profile.induction_due_on, today)} and is not recorded."
    ),
    fix=lambda profile: (record_training_url(person=profile.person_id), "Record their induction"),
    related=lambda rows: rows.select_related("person"),
)

TRAINING_EXPIRED = QueryKind(
    slug="training-expired",
    title="Training expired and not renewed",
    severity=Severity.MEDIUM,
    category=Category.TRAINING,
    register="Training",
    register_key="governance.trainingrecord",
    model_label="governance.TrainingRecord",
    offending=lambda rows, today: rows.expired(today).order_by("expires_on", "pk"),  # type: ignore[attr-defined]
    describe=lambda record, today: (
        f"{record.person}'s ‘{record.course}’ {overdue_since(record.expires_on, today)} for "
        "renewal."
    ),
    fix=lambda record: (
        record_training_url(person=record.person_id, course=record.course_id),
        "Record the renewed training",
    ),
    related=lambda rows: rows.select_related("person", "course"),
)

KEY_ROLE_COURSE_MISSING = QueryKind(
    slug="training-key-role-course-missing",
    title="Key-role holders without their specialist course",
    severity=Severity.MEDIUM,
    category=Category.TRAINING,
    register="Role holders",
    register_key="sharing.roleholder",
    model_label="sharing.RoleHolder",
    offending=_holders_missing_course,
    describe=lambda holder, today: (
        f"{holder.name} is {KEY_ROLE_NAMES.get(holder.role, holder.role)} at "
        f"{holder.organisation} but has not completed the specialist course for that role."
    ),
    fix=lambda holder: (
        record_training_url(person=holder.user_id),
        "Record their specialist course",
    ),
    related=lambda rows: rows.select_related("organisation", "user"),
)

KINDS = (INDUCTION_OVERDUE, TRAINING_EXPIRED, KEY_ROLE_COURSE_MISSING)
