"""Forms of the retention rules and the disposal log."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from sharing.models import DataSource
from vpp_portal.choosers import use_chooser
from vpp_portal.documents import checked_document, document_file_input
from vpp_portal.editing import RegisterForm, constraint_message

from ..choices import AuthorityKind, DisposalMethod, PeriodUnit, RetentionAction, RetentionTrigger
from ..models import Disposal, ProcessingActivity, RetentionRule


def _radio_choices(choices: Any, hints: Mapping[Any, str]) -> list[Choice]:
    return [Choice(value, label, hint=hints.get(value, "")) for value, label in choices]


# --- Retention rules ---------------------------------------------------------------------------

ACTION_HINTS = {
    RetentionAction.DESTROY: "Securely delete or shred the records, and log the disposal.",
    RetentionAction.REVIEW: "Decide whether a business need remains, and record why if kept.",
    RetentionAction.TRANSFER: "Pass the records to an archive or another body, and log it.",
}
AUTHORITY_HINTS = {
    AuthorityKind.STATUTE: "An Act or regulation sets the period: give the section below.",
    AuthorityKind.POLICY: "The OPCC retention policy sets the period: give its paragraph below.",
}


MAX_PERIOD = {PeriodUnit.YEARS: 100, PeriodUnit.MONTHS: 1200}


class RetentionRuleForm(RegisterForm):
    submit_label = "Save retention rule"

    class Meta:
        model = RetentionRule
        fields = (
            "record_class",
            "period",
            "period_unit",
            "trigger",
            "action",
            "authority_kind",
            "authority",
        )
        widgets = {
            "period": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            "period_unit": forms.RadioSelect,
            "trigger": forms.RadioSelect,
            "action": forms.RadioSelect,
            "authority_kind": forms.RadioSelect,
        }
        labels = {
            "record_class": "Record class",
            "period": "Retention period",
            "period_unit": "Months or years",
            "trigger": "What is the period counted from?",
            "action": "What happens at the end of the period?",
            "authority_kind": "What sets the period?",
            "authority": "Statute section or policy paragraph",
        }
        help_texts = {
            "record_class": "The kind of records the rule is for, for example ‘Partnership "
            "analysis’.",
            "period": "A whole number, for example 6.",
            "authority": "For example ‘OPCC Retention Policy, para 4.2’.",
        }
        error_messages = {
            "record_class": {
                "required": "Enter the class of records the rule is for.",
                "unique": "There is already a rule for this record class: edit that rule.",
            },
            "period": {
                "required": "Enter how many months or years the records are kept.",
                "invalid": "Enter the retention period as a whole number, like 6.",
                "min_value": "The retention period must be at least 1.",
            },
            "trigger": {"required": "Select what the retention period is counted from."},
            "action": {"required": "Select what happens at the end of the retention period."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios carry no blank "---------" choice.
        self.fields["period_unit"].choices = [  # type: ignore[attr-defined]
            (value, str(label).capitalize()) for value, label in PeriodUnit.choices
        ]
        self.fields["trigger"].choices = RetentionTrigger.choices  # type: ignore[attr-defined]
        self.fields["action"].choices = _radio_choices(  # type: ignore[attr-defined]
            RetentionAction.choices, ACTION_HINTS
        )
        self.fields["authority_kind"].choices = _radio_choices(  # type: ignore[attr-defined]
            AuthorityKind.choices, AUTHORITY_HINTS
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        period, unit = cleaned.get("period"), cleaned.get("period_unit")
        if period is not None and period < 1:
            self.add_error(
                "period", constraint_message(RetentionRule, "ropa_retentionrule_positive_period")
            )
        # Far beyond any retention schedule, and beyond the calendar's year 9999 from a trigger.
        elif period and unit and period > MAX_PERIOD[unit]:
            self.add_error(
                "period",
                f"Enter a retention period of {MAX_PERIOD[PeriodUnit.YEARS]} years "
                f"({MAX_PERIOD[PeriodUnit.MONTHS]:,} months) or less.",
            )
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("record_class", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.text("period", field_width=Fixed.FIVE),
                Field.radios("period_unit", inline=True, legend_size=Size.SMALL),
                legend="How long the records are kept",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("trigger", legend_size=Size.MEDIUM),
            Field.radios("action", legend_size=Size.MEDIUM),
            Field.radios("authority_kind", legend_size=Size.MEDIUM),
            Field.text("authority", field_width=Fluid.TWO_THIRDS),
        ]


# --- Disposals ---------------------------------------------------------------------------------


class _RecordChoiceField(forms.ModelChoiceField):
    """A record to dispose of, saying when it is already retired."""

    def label_from_instance(self, obj: Any) -> str:
        retired = getattr(obj, "retired_on", None) or getattr(obj, "status", "") == "retired"
        return f"{obj} (retired)" if retired else str(obj)


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


#: How far ahead a planned disposal may be dated: beyond it is almost surely a typing error.
PLANNED_DAYS_AHEAD = 365

DISPOSAL_FIELD_TEXT: dict[str, Any] = {
    # A plain file input: the default one links to the current file, which is private.
    "widgets": {"evidence": document_file_input()},
    "labels": {
        "activity": "Processing activity",
        "data_source": "Data source",
        "disposed_on": "Date of disposal",
        "method": "How is it disposed of?",
        "carried_out_by": "Carried out by",
        "evidence": "Evidence of disposal (file)",
        "evidence_reference": "Evidence reference",
        "notes": "Notes (optional)",
    },
    "help_texts": {
        "disposed_on": "The day the information was, or is planned to be, deleted, shredded, "
        "returned or anonymised.",
        "evidence": "A certificate of destruction or a deletion log, as a PDF or Word (DOCX) "
        "file. Kept privately: only the core team can download it.",
        "evidence_reference": "Where the evidence is kept, for example a certificate number "
        "or ‘IT ticket INC-1234’.",
        "notes": "Anything else the DPO should know, for example copies held elsewhere.",
    },
    "error_messages": {
        "disposed_on": {
            "required": "Enter the date of the disposal.",
            "invalid": "Enter the date of the disposal as a real date.",
        },
        "method": {"required": "Select how the information is disposed of."},
        "carried_out_by": {"required": "Select who carries out the disposal."},
    },
}


class _DisposalFormBase(RegisterForm):
    """What every disposal form checks: the date and the evidence. There is no approver
    field: the DPO approves on their own page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = DisposalMethod.choices  # type: ignore[attr-defined]
        # The person on record stays choosable, even if they have since left.
        people = self.people()
        if self.instance.carried_out_by_id:
            people = User.objects.filter(pk=self.instance.carried_out_by_id) | people
        use_chooser(self.fields, "carried_out_by", kind="person", queryset=people)
        if self.instance.pk and self.instance.evidence:
            self.fields["evidence"].help_text = (
                "A file is already uploaded; choose another only to replace it. "
                + str(self.fields["evidence"].help_text)
            )

    @staticmethod
    def people() -> Any:
        """Who may carry out a disposal: the partnership's active people, never a partner."""
        return User.objects.filter(is_active=True).exclude(role=Role.PARTNER)

    def clean_disposed_on(self) -> Any:
        disposed_on = self.cleaned_data.get("disposed_on")
        latest = timezone.localdate() + timedelta(days=PLANNED_DAYS_AHEAD)
        if disposed_on and disposed_on > latest:
            raise ValidationError(
                "A planned disposal must be dated within a year from today: "
                f"on or before {latest.day} {latest:%B %Y}."
            )
        return disposed_on

    def clean_evidence(self) -> Any:
        evidence = self.cleaned_data.get("evidence")
        if isinstance(evidence, UploadedFile):
            return checked_document(evidence)[0]
        return evidence

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The model's rule, said beside the upload rather than at the top of the page.
        if (
            "evidence" not in self.errors
            and not cleaned.get("evidence")
            and not (cleaned.get("evidence_reference") or "").strip()
        ):
            self.add_error("evidence", constraint_message(Disposal, "ropa_disposal_has_evidence"))
        return cleaned

    def _evidence_fieldset(self) -> Fieldset:
        return Fieldset(
            HTML('<p class="govuk-body">Upload the evidence, give its reference, or both.</p>'),
            Field("evidence"),
            Field.text("evidence_reference", field_width=Fluid.TWO_THIRDS),
            Field.textarea("notes", rows=3),
            legend="Evidence",
            legend_size=Size.MEDIUM,
        )

    def _disposal_fieldset(self) -> Fieldset:
        return Fieldset(
            Field.text("disposed_on"),
            Field.radios("method", legend_size=Size.SMALL),
            Field.text("carried_out_by", field_width=Fluid.TWO_THIRDS),
            legend="The disposal",
            legend_size=Size.MEDIUM,
        )


class DisposalForm(_DisposalFormBase):
    """Proposing a disposal: which one record, when, how, by whom, with what evidence."""

    submit_label = "Propose the disposal"

    class Meta:
        model = Disposal
        fields = (
            "activity",
            "data_source",
            "disposed_on",
            "method",
            "carried_out_by",
            "evidence",
            "evidence_reference",
            "notes",
        )
        field_classes = {
            "activity": _RecordChoiceField,
            "data_source": _RecordChoiceField,
            "carried_out_by": _PersonChoiceField,
        }
        widgets = DISPOSAL_FIELD_TEXT["widgets"]
        labels = DISPOSAL_FIELD_TEXT["labels"]
        help_texts = DISPOSAL_FIELD_TEXT["help_texts"]
        error_messages = DISPOSAL_FIELD_TEXT["error_messages"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Records are chosen by typing part of a name: never every row listed.
        use_chooser(
            self.fields,
            "activity",
            kind="activity",
            queryset=ProcessingActivity.objects.order_by("name"),
        )
        use_chooser(
            self.fields,
            "data_source",
            kind="datasource",
            queryset=DataSource.objects.order_by("name"),
        )
        self.fields["change_reason"].label = "Reason for the disposal (optional)"
        self.fields["change_reason"].help_text = (
            "Recorded in the History tab, for example ‘Retention period ended; no business "
            "need remains’."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_activity = cleaned.get("activity") is not None
        has_source = cleaned.get("data_source") is not None
        if has_activity == has_source and not {"activity", "data_source"} & set(self.errors):
            self.add_error(
                "activity", constraint_message(Disposal, "ropa_disposal_exactly_one_record")
            )
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                HTML(
                    '<p class="govuk-body">Choose the one record to dispose of: a processing '
                    "activity or a data source (type part of its name in one box and leave the "
                    "other empty). The DPO approves or refuses the disposal; only "
                    "the approval retires the record, and nothing is deleted from its "
                    "history.</p>"
                ),
                Field.text("activity", field_width=Fluid.TWO_THIRDS),
                Field.text("data_source", field_width=Fluid.TWO_THIRDS),
                legend="What is disposed of",
                legend_size=Size.MEDIUM,
            ),
            self._disposal_fieldset(),
            self._evidence_fieldset(),
        ]


class DisposalUpdateForm(_DisposalFormBase):
    """Correcting a proposal before the DPO decides it. What is disposed of stays as
    proposed: a different record means proposing a new disposal."""

    submit_label = "Save the proposal"

    class Meta:
        model = Disposal
        fields = (
            "disposed_on",
            "method",
            "carried_out_by",
            "evidence",
            "evidence_reference",
            "notes",
        )
        field_classes = {"carried_out_by": _PersonChoiceField}
        widgets = DISPOSAL_FIELD_TEXT["widgets"]
        labels = DISPOSAL_FIELD_TEXT["labels"]
        help_texts = DISPOSAL_FIELD_TEXT["help_texts"]
        error_messages = DISPOSAL_FIELD_TEXT["error_messages"]

    def layout_fields(self) -> list[Any]:
        return [self._disposal_fieldset(), self._evidence_fieldset()]


class DisposalDecisionForm(forms.Form):
    """The DPO's decision on a proposed disposal: the reason (needed to refuse). Approve and
    Refuse are two buttons of one form, each posting to its own action."""

    reason = forms.CharField(
        label="Reason for your decision",
        help_text="Needed if you refuse, so the proposer knows what to put right; optional if "
        "you approve. Recorded in the History tab.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        error_messages={"max_length": "Keep the reason to 1,000 characters or fewer."},
    )
