"""The training registers' querysets: scoping (a partner sees its own people's rows), related
rows and the conditions the lists, findings and reminders share."""

from datetime import date
from typing import Self

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from vpp_portal.querysets import RegisterQuerySet


def later_record_exists() -> Exists:
    """Whether the outer training record has been renewed: the same person completed the same
    course again on a later day."""
    records = apps.get_model("governance", "TrainingRecord")._default_manager
    return Exists(
        records.filter(
            person=OuterRef("person"),
            course=OuterRef("course"),
            completed_on__gt=OuterRef("completed_on"),
        )
    )


def induction_done_by(person: str = "person") -> Exists:
    """Whether the outer row's person (``person`` names the field) has completed the induction."""
    records = apps.get_model("governance", "TrainingRecord")._default_manager
    return Exists(records.filter(person=OuterRef(person), course__is_induction=True))


class CourseQuerySet(RegisterQuerySet):
    """The course catalogue is not confidential: a partner sees every course (their people's
    records name them)."""

    search_fields = ("title", "provider", "description")

    def for_partner(self, organisation_id: int | None) -> Self:
        return self


class TrainingRecordQuerySet(RegisterQuerySet):
    """A partner sees the records of people in their own organisation; internal roles see all."""

    search_fields = ("course__title", "person__full_name", "person__email", "evidence_reference")

    def for_partner(self, organisation_id: int | None) -> Self:
        if organisation_id is None:
            return self.none()
        return self.filter(person__organisation_id=organisation_id)

    def with_related(self) -> Self:
        return super().with_related().select_related("person", "person__organisation", "course")

    def most_recent(self) -> Self:
        """Each person's most recent record of each course (older ones have been renewed)."""
        return self.filter(~Q(later_record_exists()))

    def expired(self, today: date) -> Self:
        """Latest records whose expiry date has passed, of people still active."""
        return self.most_recent().filter(expires_on__lt=today, person__is_active=True)


class TrainingProfileQuerySet(RegisterQuerySet):
    """Start dates: a partner sees those of people in their own organisation."""

    search_fields = ("person__full_name", "person__email")

    def for_partner(self, organisation_id: int | None) -> Self:
        if organisation_id is None:
            return self.none()
        return self.filter(person__organisation_id=organisation_id)

    def with_related(self) -> Self:
        return super().with_related().select_related("person", "person__organisation")

    def induction_overdue(self, today: date) -> Self:
        """Active people more than 30 days past their start (the stored due date has passed)
        who have not completed the induction."""
        return self.filter(person__is_active=True, induction_due_on__lt=today).filter(
            ~Q(induction_done_by())
        )


def reminded_training() -> Q:
    """Training records the expiry reminders count: each person's latest record of a course
    (an older one was renewed), of people still active."""
    return Q(person__is_active=True) & ~Q(later_record_exists())


def reminded_inductions() -> Q:
    """Start dates the induction reminders count: active people without the induction."""
    return Q(person__is_active=True) & ~Q(induction_done_by())
