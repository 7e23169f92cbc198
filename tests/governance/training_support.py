"""Builders for the training tests: courses, records and start dates saved through the
services (so expiry and induction due dates are worked out as in the portal)."""

from datetime import date
from typing import Any

from governance.models import Course, TrainingProfile, TrainingRecord
from governance.services.training import course_save, training_profile_save, training_record_save

_courses = 0


def course(actor: Any, **values: Any) -> Course:
    global _courses
    _courses += 1
    values.setdefault("title", f"Course {_courses}")
    return course_save(Course(**values), actor=actor, reason="Test course")


def induction(actor: Any) -> Course:
    return course(actor, title="Induction", is_induction=True)


def refresher(actor: Any, months: int = 12) -> Course:
    return course(actor, title="Data protection refresher", renewal_months=months)


def specialist(actor: Any, **flags: bool) -> Course:
    return course(
        actor,
        title="SIRO and DPO specialist training",
        audience="key_roles",
        renewal_months=24,
        **(flags or {"is_for_siro": True, "is_for_dpo": True}),
    )


def record(
    actor: Any, person: Any, of: Course, completed_on: date, **values: Any
) -> TrainingRecord:
    return training_record_save(
        TrainingRecord(person=person, course=of, completed_on=completed_on, **values),
        actor=actor,
        reason="Test record",
    )


def started(actor: Any, person: Any, on: date) -> TrainingProfile:
    return training_profile_save(
        TrainingProfile(person=person, started_on=on), actor=actor, reason="Test start"
    )


def make_url_records(hull: Any, staff: Any) -> dict[str, Any]:
    """The records the URL matrices point at (keyed as the URL names spell the models): a
    course, and a Hull contact (``person``) with a start date and a training record whose
    evidence is an uploaded file — so the Hull partner may open them and the police partner
    may not."""
    from django.core.files.base import ContentFile

    from accounts.choices import Role
    from tests.conftest import MINIMAL_PDF
    from tests.factories import UserFactory

    person = UserFactory(
        email="trainee.hull@test.vpp",
        full_name="Tess Trainee",
        role=Role.PARTNER,
        organisation=hull,
    )
    yearly = course(staff, title="Data protection refresher (matrix)", renewal_months=12)
    return {
        "course": yearly,
        "person": person,
        "trainingprofile": started(staff, person, date(2026, 1, 5)),
        "trainingrecord": record(
            staff,
            person,
            yearly,
            date(2026, 1, 12),
            evidence_reference="LMS-1",
            evidence_document=ContentFile(MINIMAL_PDF, name="certificate.pdf"),
        ),
    }


def remindable(kind: str, owner: Any, n: int, **extra: Any) -> Any:
    """For the reminder engine's tests (``reminder_support.build``): a training record of
    ``owner`` expiring today, or ``owner``'s start date with the induction due today."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    if kind == "training_expiry":
        yearly = course(owner, title=f"Refresher {n}", renewal_months=12)
        done = record(owner, owner, yearly, today - timedelta(days=200))
        TrainingRecord.objects.filter(pk=done.pk).update(expires_on=today, **extra)
        return TrainingRecord.objects.get(pk=done.pk)
    profile = TrainingProfile.objects.filter(person=owner).first() or started(
        owner, owner, today - timedelta(days=30)
    )
    TrainingProfile.objects.filter(pk=profile.pk).update(induction_due_on=today, **extra)
    return TrainingProfile.objects.get(pk=profile.pk)


def dashboard_mix(staff: Any, new_starter: Any, key_holder: Any) -> None:
    """For the dashboard's tests: ``new_starter`` 40 days in without induction, ``key_holder``
    a partner organisation's current SIRO without the specialist course, ``staff`` inducted."""
    from datetime import timedelta

    from django.utils import timezone

    from sharing.models import RoleHolder
    from tests.factories import OrganisationFactory

    today = timezone.localdate()
    intro = induction(staff)
    specialist(staff, is_for_siro=True)
    record(staff, staff, intro, today - timedelta(days=5))
    started(staff, new_starter, today - timedelta(days=40))
    RoleHolder.objects.create(
        organisation=OrganisationFactory(name="Mix Training Council"),
        role="siro",
        name="Kim Keyrole",
        user=key_holder,
        starts_on=today - timedelta(days=100),
    )
