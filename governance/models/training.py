"""Training and awareness: the course catalogue, training records and start dates."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from sharing.storage import signed_document_storage
from vpp_portal.models import RegisterModel

from ..training.choices import Audience
from ..training.querysets import CourseQuerySet, TrainingProfileQuerySet, TrainingRecordQuerySet


class Course(RegisterModel):
    """A course people working on VPP data take: the induction, a refresher everyone repeats,
    or a specialist course for one portal role or for key-role holders (SIRO, DPO, Director),
    and how often it must be renewed."""

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    provider = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    role = models.CharField(
        "portal role",
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text="For a course for one portal role: which role.",
    )
    is_for_siro = models.BooleanField("for the SIRO", default=False)
    is_for_dpo = models.BooleanField("for the DPO", default=False)
    is_for_director = models.BooleanField("for the Director", default=False)
    is_induction = models.BooleanField(
        "the induction course",
        default=False,
        help_text="New starters must complete it within 30 days of starting.",
    )
    renewal_months = models.PositiveSmallIntegerField(
        "renewal period (months)",
        null=True,
        blank=True,
        help_text="How often it must be taken again. Leave blank if it never expires.",
    )

    objects = CourseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("title",)
        verbose_name = "course"
        constraints = (
            models.CheckConstraint(
                name="governance_course_role_audience_has_role",
                condition=(Q(audience="role") & ~Q(role="")) | (~Q(audience="role") & Q(role="")),
                violation_error_message=(
                    "Choose the portal role for a course for one role (and only for such a course)."
                ),
            ),
            models.CheckConstraint(
                name="governance_course_key_roles_named",
                condition=(
                    Q(audience="key_roles")
                    & (Q(is_for_siro=True) | Q(is_for_dpo=True) | Q(is_for_director=True))
                )
                | (
                    ~Q(audience="key_roles")
                    & Q(is_for_siro=False, is_for_dpo=False, is_for_director=False)
                ),
                violation_error_message=(
                    "Tick the key roles a key-role course is for (and none for other courses)."
                ),
            ),
            models.CheckConstraint(
                name="governance_course_induction_for_everyone",
                condition=Q(is_induction=False) | Q(audience="everyone"),
                violation_error_message="The induction course is for everyone.",
            ),
            models.UniqueConstraint(
                fields=("is_induction",),
                condition=Q(is_induction=True),
                name="governance_course_one_induction",
                violation_error_message="There is already an induction course.",
            ),
            models.CheckConstraint(
                name="governance_course_renewal_positive",
                condition=Q(renewal_months__isnull=True) | Q(renewal_months__gte=1),
                violation_error_message="Enter a renewal period of at least 1 month, or none.",
            ),
        )
        indexes = (models.Index(fields=("audience",), name="governance_course_audience_idx"),)

    def __str__(self) -> str:
        return self.title

    @property
    def is_key_role(self) -> bool:
        """A specialist course for key-role holders."""
        return self.audience == Audience.KEY_ROLES

    @property
    def key_roles(self) -> list[str]:
        """The role-holder kinds a key-role course is for (``HolderRole`` values)."""
        flags = (
            ("siro", self.is_for_siro),
            ("dpo", self.is_for_dpo),
            ("director", self.is_for_director),
        )
        return [kind for kind, on in flags if on]

    def audience_text(self) -> str:
        if self.audience == Audience.ROLE:
            return f"People with the {self.get_role_display()} role"
        if self.audience == Audience.KEY_ROLES:
            names = {"siro": "SIRO", "dpo": "DPO", "director": "Director"}
            return "Key-role holders: " + ", ".join(names[kind] for kind in self.key_roles)
        return "Everyone"


class TrainingRecord(RegisterModel):
    """One person completing one course on one day, with the evidence; ``expires_on`` is worked
    out from the course's renewal period when the record is saved."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_records",
        help_text="Core team or partner staff working on VPP data.",
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField("completed on")
    evidence_reference = models.CharField(
        "evidence reference",
        max_length=250,
        blank=True,
        help_text="For example a certificate number or the e-learning system's completion ID.",
    )
    evidence_document = models.FileField(
        "evidence file",
        storage=signed_document_storage,
        upload_to="training/%Y/",
        blank=True,
    )
    expires_on = models.DateField("expires on", null=True, blank=True, editable=False)

    objects = TrainingRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-completed_on", "pk")
        verbose_name = "training record"
        constraints = (
            models.UniqueConstraint(
                fields=("person", "course", "completed_on"),
                name="governance_trainingrecord_once_a_day",
                violation_error_message=(
                    "This person's completion of this course on this day is already recorded."
                ),
            ),
        )
        indexes = (
            models.Index(
                fields=("person", "course", "completed_on"), name="governance_training_person_idx"
            ),
            models.Index(fields=("expires_on",), name="governance_training_expiry_idx"),
            models.Index(fields=("-completed_on", "id"), name="governance_training_list_idx"),
        )

    def __str__(self) -> str:
        done = self.completed_on
        return f"{self.course} – {self.person}, completed {done.day} {done:%B %Y}"

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today


class TrainingProfile(RegisterModel):
    """When a person started working on VPP data: their induction falls due 30 days later
    (``induction_due_on``, stored by the service)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_profile"
    )
    started_on = models.DateField("started on")
    induction_due_on = models.DateField("induction due by", editable=False)

    objects = TrainingProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-started_on", "pk")
        verbose_name = "start date"
        indexes = (models.Index(fields=("induction_due_on",), name="governance_profile_due_idx"),)

    def __str__(self) -> str:
        started = self.started_on
        return f"{self.person}, started {started.day} {started:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:person_training", kwargs={"pk": self.person_id})
