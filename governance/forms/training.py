"""The training registers' forms: courses, training records and start dates."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile

from vpp_portal.choosers import use_chooser
from vpp_portal.documents import checked_document, document_file_input
from vpp_portal.editing import RegisterForm, constraint_message

from ..models import Course, TrainingProfile, TrainingRecord
from ..training.choices import KEY_ROLE_FLAGS, Audience


def _people(current: Any = None) -> Any:
    """Anyone active may have training recorded (core team and partner staff), and the
    record's own person even if they have since left."""
    people = get_user_model()._default_manager.filter(is_active=True)
    if current is not None:
        people = people | get_user_model()._default_manager.filter(pk=current)
    return people.order_by("full_name", "email")


class CourseForm(RegisterForm):
    submit_label = "Save course"

    class Meta:
        model = Course
        fields = (
            "title",
            "description",
            "provider",
            "audience",
            "role",
            "is_for_siro",
            "is_for_dpo",
            "is_for_director",
            "is_induction",
            "renewal_months",
        )
        widgets = {"audience": forms.RadioSelect}
        labels = {
            "description": "Description (optional)",
            "provider": "Provider (optional)",
            "audience": "Who is it for?",
            "role": "Portal role",
            "is_for_siro": "The SIRO",
            "is_for_dpo": "The DPO",
            "is_for_director": "The Director",
            "is_induction": "This is the induction course for new starters",
            "renewal_months": "Renewal period in months (optional)",
        }
        help_texts = {
            "title": "For example ‘Data protection refresher’.",
            "provider": "Who runs it, for example ‘OPCC e-learning’.",
            "role": "Only for a course for one portal role.",
        }
        error_messages = {
            "title": {"required": "Enter the title of the course."},
            "renewal_months": {"invalid": "Enter the renewal period as a whole number of months."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Audience.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        audience = cleaned.get("audience")
        # What does not belong to the chosen audience is dropped rather than refused.
        if audience != Audience.ROLE:
            cleaned["role"] = ""
        elif not cleaned.get("role"):
            self.add_error(
                "role", constraint_message(Course, "governance_course_role_audience_has_role")
            )
        if audience != Audience.KEY_ROLES:
            for _, flag in KEY_ROLE_FLAGS:
                cleaned[flag] = False
        elif not any(cleaned.get(flag) for _, flag in KEY_ROLE_FLAGS):
            self.add_error("is_for_siro", "Tick at least one key role the course is for.")
        if cleaned.get("is_induction") and audience != Audience.EVERYONE:
            self.add_error(
                "is_induction",
                constraint_message(Course, "governance_course_induction_for_everyone"),
            )
        months = cleaned.get("renewal_months")
        if months is not None and months < 1:
            self.add_error("renewal_months", "Enter a renewal period of at least 1 month, or none.")
        for name in ("role", *(flag for _, flag in KEY_ROLE_FLAGS)):
            if name in cleaned:
                setattr(self.instance, name, cleaned[name])
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("title", field_width=Fluid.TWO_THIRDS),
                Field.textarea("description", rows=3),
                Field.text("provider", field_width=Fluid.TWO_THIRDS),
                legend="The course",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("audience", legend_size=Size.SMALL),
                Field.select("role"),
                Field.checkbox("is_for_siro"),
                Field.checkbox("is_for_dpo"),
                Field.checkbox("is_for_director"),
                Field.checkbox("is_induction"),
                legend="Who must take it",
                legend_size=Size.MEDIUM,
            ),
            Field.text("renewal_months", field_width=Fluid.ONE_QUARTER),
        ]


class TrainingRecordForm(RegisterForm):
    submit_label = "Save training record"

    class Meta:
        model = TrainingRecord
        fields = ("person", "course", "completed_on", "evidence_reference", "evidence_document")
        widgets = {"evidence_document": document_file_input()}
        labels = {
            "person": "Person",
            "course": "Course",
            "completed_on": "Completed on",
            "evidence_reference": "Evidence reference (optional)",
            "evidence_document": "Evidence file (optional)",
        }
        help_texts = {
            "person": "Type part of their name or e-mail address, then choose them.",
            "evidence_document": "A certificate or completion report: a PDF or Word (DOCX) "
            "file, kept privately.",
        }
        error_messages = {
            "person": {"required": "Choose the person who completed the training."},
            "course": {"required": "Select the course they completed."},
            "completed_on": {"required": "Enter the date they completed it."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].empty_label = "Select a course"  # type: ignore[attr-defined]
        use_chooser(
            self.fields, "person", kind="trainee", queryset=_people(self.instance.person_id)
        )
        if self.instance.pk and self.instance.evidence_document:
            self.fields[
                "evidence_document"
            ].help_text = "A file is already uploaded; choose another only to replace it."

    def clean_evidence_document(self) -> Any:
        document = self.cleaned_data.get("evidence_document")
        if isinstance(document, UploadedFile):
            return checked_document(document)[0]
        return document

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("person", field_width=Fluid.TWO_THIRDS),
            Field.select("course"),
            Field.text("completed_on"),
            Field.text("evidence_reference", field_width=Fluid.TWO_THIRDS),
            Field("evidence_document"),
        ]


class TrainingProfileForm(RegisterForm):
    submit_label = "Save start date"

    class Meta:
        model = TrainingProfile
        fields = ("person", "started_on")
        labels = {"person": "Person", "started_on": "Started on"}
        help_texts = {
            "person": "Type part of their name or e-mail address, then choose them.",
            "started_on": "When they started working on VPP data: their induction is due 30 "
            "days later.",
        }
        error_messages = {
            "person": {
                "required": "Choose the person who started.",
                "unique": "A start date is already recorded for this person: edit it instead.",
            },
            "started_on": {"required": "Enter the date they started."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_chooser(
            self.fields, "person", kind="trainee", queryset=_people(self.instance.person_id)
        )

    def layout_fields(self) -> list[Any]:
        return [Field.text("person", field_width=Fluid.TWO_THIRDS), Field.text("started_on")]
