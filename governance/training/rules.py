"""Who is in date with their training, as SQL conditions on people (``accounts.User`` rows),
and the same rules for one person in Python (their training page).

A course applies to a person when it is for everyone, for their portal role, or for a key role
(SIRO, DPO, Director) they currently hold on the role-holder register. For each course that
applies, a person is:

- **in date** when one of their records of it has not expired (no expiry, or expiring today or
  later); **due** when that record expires within ``DUE_SOON_DAYS`` — still in date;
- **expired** when they have records of it and all have expired;
- **never done** when they have none — except the induction before its due date (30 days after
  their recorded start), which is **due**.

A person is *in date* when no course that applies to them is expired or never done. The
conditions need no query of their own: the list filters, the dashboard's single aggregate and
the findings embed them.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from sharing.models import RoleHolder

from ..models import Course, TrainingProfile, TrainingRecord
from .choices import DUE_SOON_DAYS, KEY_ROLE_FLAGS, Audience, TrainingState


def people_visible_to(user: Any) -> QuerySet[Any]:
    """The active people whose training ``user`` may see: a partner only their own
    organisation's, an internal role everyone's."""
    from django.contrib.auth import get_user_model

    people = get_user_model()._default_manager.filter(is_active=True)
    if not getattr(user, "is_authenticated", False):
        return people.none()
    if getattr(user, "is_partner", False):
        if user.organisation_id is None:
            return people.none()
        return people.filter(organisation_id=user.organisation_id)
    return people


def _records_of_course(today: date | None) -> Exists:
    """Inside a course subquery of a person: whether the person has a record of the course
    (in date on ``today`` when given)."""
    rows = TrainingRecord.objects.filter(person=OuterRef(OuterRef("pk")), course=OuterRef("pk"))
    if today is not None:
        rows = rows.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    return Exists(rows)


def holds(kind: str, today: date) -> Exists:
    """Whether the outer person currently holds key role ``kind`` (a ``HolderRole`` value)."""
    return Exists(
        RoleHolder.objects.current(today).filter(user=OuterRef("pk"), role=kind)  # type: ignore[attr-defined]
    )


def _lacking(courses: QuerySet[Any], today: date | None) -> Exists:
    return Exists(courses.filter(~Q(_records_of_course(today))))


def out_of_date(today: date) -> Q:
    """People with at least one course that applies to them expired or never done."""
    courses = Course.objects.all()
    everyone = courses.filter(audience=Audience.EVERYONE)
    within_induction_window = Q(training_profile__induction_due_on__gte=today)
    condition = (
        Q(_lacking(everyone.filter(is_induction=False), today))
        | (Q(_lacking(everyone.filter(is_induction=True), today)) & ~within_induction_window)
        | Q(_lacking(courses.filter(audience=Audience.ROLE, role=OuterRef("role")), today))
    )
    for kind, flag in KEY_ROLE_FLAGS:
        key_courses = courses.filter(audience=Audience.KEY_ROLES, **{flag: True})
        condition |= Q(holds(kind, today)) & Q(_lacking(key_courses, today))
    return condition


def in_date(today: date) -> Q:
    return ~out_of_date(today)


def induction_overdue(today: date) -> Q:
    """New starters more than 30 days past their recorded start without the induction."""
    inducted = TrainingRecord.objects.filter(person=OuterRef("pk"), course__is_induction=True)
    return Q(training_profile__induction_due_on__lt=today) & ~Q(Exists(inducted))


def key_role_course_missing(today: date) -> Q:
    """Current key-role holders who have never completed a specialist course for that role."""
    condition = Q(pk__in=[])
    for kind, flag in KEY_ROLE_FLAGS:
        key_courses = Course.objects.filter(audience=Audience.KEY_ROLES, **{flag: True})
        condition |= Q(holds(kind, today)) & Q(_lacking(key_courses, None))
    return condition


#: The people list's ``state`` filter: value → (label, condition).
STATE_FILTERS = {
    "out_of_date": ("Not in date with their training", out_of_date),
    "in_date": ("In date with their training", in_date),
    "induction_overdue": ("New starters without induction after 30 days", induction_overdue),
    "key_role_missing": (
        "Key-role holders without their specialist course",
        key_role_course_missing,
    ),
}


# --- One person, in Python (their page) -------------------------------------------------------


@dataclass(frozen=True)
class CourseStanding:
    """Where one person stands on one course that applies to them."""

    course: Course
    state: TrainingState
    #: The record shown: the latest, or ``None`` when never done.
    latest: TrainingRecord | None
    #: The date the state's words name: expiry, or the induction's due date.
    on: date | None

    @property
    def text(self) -> str:
        if self.state == TrainingState.DUE and self.on is not None:
            return f"Due by {self.on:%-d %B %Y}"
        if self.state == TrainingState.EXPIRED and self.on is not None:
            return f"Expired {self.on:%-d %B %Y}"
        return str(self.state.label)

    @property
    def is_out_of_date(self) -> bool:
        return self.state in (TrainingState.EXPIRED, TrainingState.NEVER_DONE)


def applies(course: Course, role: str, held: set[str]) -> bool:
    if course.audience == Audience.EVERYONE:
        return True
    if course.audience == Audience.ROLE:
        return course.role == role
    return any(kind in held for kind in course.key_roles)


def standing(
    course: Course,
    records: list[TrainingRecord],
    profile: TrainingProfile | None,
    today: date,
) -> CourseStanding:
    """``records``: the person's records of ``course``, any order."""
    if not records:
        if course.is_induction and profile is not None and profile.induction_due_on >= today:
            return CourseStanding(course, TrainingState.DUE, None, profile.induction_due_on)
        return CourseStanding(course, TrainingState.NEVER_DONE, None, None)
    latest = max(records, key=lambda record: (record.completed_on, record.pk))
    valid = [r for r in records if r.expires_on is None or r.expires_on >= today]
    if not valid:
        return CourseStanding(course, TrainingState.EXPIRED, latest, latest.expires_on)
    expiry = None if any(r.expires_on is None for r in valid) else max(r.expires_on for r in valid)  # type: ignore[type-var]
    if expiry is not None and expiry <= today + timedelta(days=DUE_SOON_DAYS):
        return CourseStanding(course, TrainingState.DUE, latest, expiry)
    return CourseStanding(course, TrainingState.IN_DATE, latest, expiry)


def person_standings(person: Any, today: date) -> list[CourseStanding]:
    """Each course that applies to ``person`` with where they stand: four queries (courses,
    their records, their start date, the key roles they hold), whatever the numbers."""
    held = set(
        RoleHolder.objects.current(today).filter(user=person).values_list("role", flat=True)  # type: ignore[attr-defined]
    )
    profile = TrainingProfile.objects.filter(person=person).first()
    by_course: dict[int, list[TrainingRecord]] = {}
    for record in TrainingRecord.objects.filter(person=person).order_by("-completed_on", "pk"):
        by_course.setdefault(record.course_id, []).append(record)
    return [
        standing(course, by_course.get(course.pk, []), profile, today)
        for course in Course.objects.order_by("-is_induction", "title")
        if applies(course, person.role, held)
    ]
