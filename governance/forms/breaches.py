"""The breach log's forms: recording and editing a breach, the DPO's ICO decision, and the
extra boxes of the contain and close steps.

Times are typed into a labelled ``datetime-local`` input (a date and time picker that works
from the keyboard; where a browser has none it is a text box that takes ``14/11/2026 09:30``).
They are UK times, in Europe/London. The rules live in ``governance.services.breaches``; the
forms only say which box a problem belongs to.
"""

from datetime import datetime
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from accounts.selectors import internal_users
from sharing.models import Organisation
from vpp_portal.choosers import use_chooser
from vpp_portal.editing import RegisterForm, constraint_message
from vpp_portal.forms import owner_field
from vpp_portal.registers import TransitionForm

from ..choices import BreachRisk, IcoDecision, IndividualsTold
from ..models import Breach
from .ico import IcoForm, ico_reference_field

TIME_HINT = (
    "UK time, on the 24-hour clock. Use the date and time picker, or type it like 14/11/2026 09:30."
)
INPUT_FORMATS = (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H.%M",
    "%d/%m/%Y, %H:%M",
)

RISK_HINTS = {
    BreachRisk.UNLIKELY: "The ICO need not be told, but the breach is still recorded here.",
    BreachRisk.RISK: "The ICO must be told within 72 hours of becoming aware.",
    BreachRisk.HIGH: "The ICO must be told, and the people affected told without undue delay.",
}
DECISION_HINTS = {
    IcoDecision.UNDECIDED: "The 72-hour clock keeps running.",
    IcoDecision.REPORT: "A risk to people's rights and freedoms is likely (UK GDPR Art 33).",
    IcoDecision.NOT_REQUIRED: "A risk to people is unlikely: the reasons are kept on the log "
    "(Art 33(5)) and the clock stops.",
}


class LocalDateTimeField(forms.DateTimeField):
    """A UK date and time: one labelled, keyboard-usable input; problems said in words."""

    def __init__(
        self, *, label: str, what: str, required: bool, help_text: str = TIME_HINT
    ) -> None:
        super().__init__(
            label=label,
            required=required,
            help_text=help_text,
            input_formats=INPUT_FORMATS,
            widget=forms.DateTimeInput(
                attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
                format="%Y-%m-%dT%H:%M",
            ),
            error_messages={
                "required": f"Enter {what}.",
                "invalid": f"Enter {what} as a real date and time, like 14/11/2026 09:30.",
            },
        )

    def to_python(self, value: Any) -> datetime | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "ambiguous_timezone":
                # The hour the clocks skip in spring, or repeat in autumn.
                raise ValidationError(
                    "The clocks changed then, so that time is ambiguous or did not happen in "
                    "the UK: enter a time an hour earlier or later.",
                    code="ambiguous_timezone",
                ) from error
            raise


def _choices(choices: Any, hints: dict[Any, str]) -> list[Choice]:
    return [Choice(value, label, hint=hints.get(value, "")) for value, label in choices]


class BreachForm(RegisterForm):
    """What happened, when, to whom, the risk, and what was done (the ICO decision and the
    status have their own pages)."""

    submit_label = "Save changes"

    detected_at = LocalDateTimeField(
        label="Detected at", what="when the breach was detected", required=True
    )
    became_aware_at = LocalDateTimeField(
        label="Became aware at",
        what="when the partnership became aware",
        required=True,
        help_text="When the partnership became reasonably certain that personal data was "
        "affected: the ICO's 72 hours run from here. " + TIME_HINT,
    )
    individuals_told_at = LocalDateTimeField(
        label="Individuals told at (optional)",
        what="when the individuals were told",
        required=False,
        help_text="Only if you chose ‘Told’. " + TIME_HINT,
    )

    class Meta:
        model = Breach
        fields = (
            "title",
            "detected_at",
            "became_aware_at",
            "reported_by",
            "owner",
            "organisation",
            "description",
            "data_affected",
            "people_affected",
            "involves_personal_data",
            "risk",
            "risk_assessment",
            "individuals_told",
            "individuals_told_at",
            "actions",
            "lessons_learnt",
        )
        widgets = {
            "risk": forms.RadioSelect,
            "individuals_told": forms.RadioSelect,
            "people_affected": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        labels = {
            "title": "Summary",
            "reported_by": "Reported by",
            "owner": "Handled by",
            "organisation": "Organisation whose data it was (optional)",
            "description": "What happened",
            "data_affected": "Data affected (optional)",
            "people_affected": "Number of people affected (optional)",
            "involves_personal_data": "Personal data is involved",
            "risk": "Risk to people",
            "risk_assessment": "Risk assessment (optional)",
            "individuals_told": "Have the individuals been told?",
            "actions": "Actions taken (optional)",
            "lessons_learnt": "Lessons learnt (optional)",
        }
        help_texts = {
            "title": "One line, for example ‘Referral list e-mailed to the wrong school’.",
            "owner": "Reminders of the ICO deadline go to them and to the DPO.",
            "description": "How it happened and how it was found.",
            "organisation": "Type part of its name. Leave it empty if it is not one "
            "organisation's, or not known.",
            "data_affected": "The kinds of data, for example names, addresses, offence history.",
            "people_affected": "Your best estimate if the exact number is not known.",
            "risk_assessment": "The likely consequences for the people affected, and why.",
            "actions": "What was done to contain it and reduce the harm. Needed before it is "
            "marked contained.",
            "lessons_learnt": "What will change so it does not happen again. Needed before it "
            "is closed.",
        }
        error_messages = {
            "title": {"required": "Enter a one-line summary of the breach."},
            "description": {"required": "Enter what happened."},
            "reported_by": {"required": "Select who reported the breach."},
            "people_affected": {
                "invalid": "Enter the number of people affected as a whole number, like 12.",
                "min_value": "The number of people affected cannot be negative.",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("instance") is None or kwargs["instance"].pk is None:
            self.submit_label = "Record the breach"
        super().__init__(*args, **kwargs)
        instance: Breach = self.instance
        # Active core-team users; anyone already named stays selectable after they leave.
        owner_field(self.fields, "owner", internal_users(), current=instance.owner_id)
        owner_field(self.fields, "reported_by", internal_users(), current=instance.reported_by_id)
        use_chooser(
            self.fields,
            "organisation",
            kind="organisation",
            queryset=Organisation.objects.order_by("name"),
        )
        self.fields["risk"].choices = _choices(BreachRisk.choices, RISK_HINTS)  # type: ignore[attr-defined]
        self.fields["individuals_told"].choices = IndividualsTold.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        detected, aware = cleaned.get("detected_at"), cleaned.get("became_aware_at")
        # The model's constraint, said beside the box to fix rather than at the top.
        if detected and aware and aware < detected:
            self.add_error(
                "became_aware_at",
                constraint_message(Breach, "governance_breach_aware_after_detected"),
            )
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("title", field_width=Fluid.FULL),
                Field.text("detected_at"),
                Field.text("became_aware_at"),
                Field.text("reported_by", field_width=Fluid.TWO_THIRDS),
                Field.text("owner", field_width=Fluid.TWO_THIRDS),
                legend="The breach",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("description", rows=5),
                Field.text("organisation", field_width=Fluid.TWO_THIRDS),
                Field.textarea("data_affected", rows=3),
                Field.text("people_affected", field_width=Fluid.ONE_QUARTER),
                Field.checkbox("involves_personal_data"),
                legend="What and who it affected",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("risk", legend_size=Size.SMALL),
                Field.textarea("risk_assessment", rows=4),
                Field.radios("individuals_told", legend_size=Size.SMALL, inline=True),
                Field.text("individuals_told_at"),
                legend="Risk",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("actions", rows=4),
                Field.textarea("lessons_learnt", rows=4),
                legend="What was done",
                legend_size=Size.MEDIUM,
            ),
        ]


class BreachIcoForm(IcoForm):
    """The DPO's decision whether the ICO must be told, and when it was."""

    ico_decision = forms.ChoiceField(
        label="Must the ICO be told?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the ICO must be told."},
    )
    ico_decision_reasons = forms.CharField(
        label="Reasons for the decision",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed for either decision: the ICO can ask why a breach was not reported.",
    )
    ico_told_at = LocalDateTimeField(
        label="Told the ICO at (optional)",
        what="when the ICO was told",
        required=False,
        help_text="Only once the ICO has been told. " + TIME_HINT,
    )
    ico_reference = ico_reference_field(
        max_length=50, help_text="The reference the ICO gave, for example IC-123456-A1B2."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ico_decision"].choices = _choices(IcoDecision.choices, DECISION_HINTS)  # type: ignore[attr-defined]


class BreachContainForm(TransitionForm):
    """Containing: the actions taken, shown for a last check."""

    actions = forms.CharField(
        label="Actions taken",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done to contain the breach and reduce the harm.",
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ("actions", "reason", "row_version")
    object_fields = ("actions",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Reason (optional)"

    def set_object(self, breach: Breach, user: Any) -> None:
        """Start from what the record says now."""
        for name in (*self.object_fields, "row_version"):
            self.fields[name].initial = getattr(breach, name)
            if not self.is_bound:
                self.initial[name] = getattr(breach, name)


class BreachCloseForm(BreachContainForm):
    """Closing: the lessons learnt, shown for a last check."""

    lessons_learnt = forms.CharField(
        label="Lessons learnt",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What will change so it does not happen again.",
    )
    field_order = ("lessons_learnt", "reason", "row_version")
    object_fields = ("lessons_learnt",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["actions"]


class BreachReopenForm(TransitionForm):
    """Reopening: why, and the version seen."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why is the breach being reopened?"
        self.fields[
            "reason"
        ].help_text = "For example, new facts or a complaint. Recorded in the History tab."

    def set_object(self, breach: Breach, user: Any) -> None:
        self.fields["row_version"].initial = breach.row_version
        if not self.is_bound:
            self.initial["row_version"] = breach.row_version


class BreachPartnerDecisionForm(forms.Form):
    """The DPO's decision whether to tell the partner whose data the breach involved."""

    tell = forms.TypedChoiceField(
        label="Tell the partner about this breach?",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=(
            Choice("yes", "Yes: tell the partner", hint=""),
            Choice("no", "No: do not tell the partner", hint=""),
        ),
        error_messages={"required": "Select whether the partner is told."},
    )
    reason = forms.CharField(
        label="Reasons for the decision",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Kept on the breach's record and its history. The partner does not see them: "
        "telling them notifies their contacts who have portal accounts, with the breach's "
        "reference and date only.",
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # crispy-forms-gds renders labels as markup: the name goes in escaped.
            self.fields["tell"].label = format_html("Tell {} about this breach?", organisation)
            self.fields["tell"].choices = [  # type: ignore[attr-defined]
                Choice(
                    "yes",
                    format_html("Yes: tell {}", organisation),
                    hint="Its contacts with portal accounts are notified in the portal and by "
                    "e-mail. This cannot be undone.",
                ),
                Choice("no", format_html("No: do not tell {}", organisation), hint=""),
            ]
