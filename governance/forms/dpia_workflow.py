"""The forms of a DPIA's flow: what the DPO, the signatory or the author enters with each step.

Each form's ``service_kwargs()`` is what its service in ``governance.services.dpias`` takes
beyond the actor, the DPIA and the reason; the rules themselves stay in the services.
"""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import User
from accounts.selectors import internal_users
from vpp_portal.editing import constraint_message
from vpp_portal.forms import date_field, owner_field
from vpp_portal.registers import TransitionForm

from ..choices import AdviceDecision, DpiaStep, DpoRecommendation
from ..models import Dpia
from .ico import IcoForm, ico_reference_field

NO_STEP_COMMENTED = "Comment on at least one step, so the author knows what to change."


def _date_field(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return date_field(
        label,
        required=required,
        help_text=help_text,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}."},
    )


def _textarea(label: str, *, required: bool, help_text: str = "", message: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": message} if message else {},
    )


class DpiaTransitionForm(TransitionForm):
    """A reason, and whatever the step's service needs beyond it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.fields["reason"].required:
            self.fields["reason"].label = "Reason (optional)"

    def service_kwargs(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}


def comment_field_name(step: int) -> str:
    return f"comment_step_{step}"


class DpiaReturnForm(DpiaTransitionForm):
    """The DPO's comments for the author, one box per step of the ICO template."""

    field_order = [*(comment_field_name(step) for step in DpiaStep.values), "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in DpiaStep:
            label = str(step.label)
            self.fields[comment_field_name(step.value)] = _textarea(
                format_html("Comment on {}{}", label[0].lower(), label[1:]), required=False
            )
        self.fields["reason"].label = "Overall reason for returning it (optional)"
        self.order_fields(self.field_order)

    @property
    def comment_fields(self) -> list[forms.BoundField]:
        return [self[comment_field_name(step)] for step in DpiaStep.values]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [self["reason"]]

    @property
    def comments_error(self) -> str:
        """The error that belongs to the comments as a group (other refusals go at the top)."""
        return NO_STEP_COMMENTED if NO_STEP_COMMENTED in self.non_field_errors() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(comment_field_name(step), "").strip() for step in DpiaStep.values):
            raise forms.ValidationError(NO_STEP_COMMENTED)
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "comments": {
                step: self.cleaned_data[comment_field_name(step)]
                for step in DpiaStep.values
                if self.cleaned_data.get(comment_field_name(step), "").strip()
            }
        }


class DpiaAdviceForm(DpiaTransitionForm):
    """The DPO's advice (step 7), which sends the DPIA for sign-off."""

    field_order = ["recommendation", "advice", "reason"]

    recommendation = forms.ChoiceField(
        label="Your recommendation",
        choices=DpoRecommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your recommendation."},
    )
    advice = _textarea(
        "Summary of your advice",
        required=True,
        help_text="Shown to whoever signs the DPIA off, and kept in step 7 of the record.",
        message="Enter a summary of your advice.",
    )


class DpiaConfirmScreeningForm(DpiaTransitionForm):
    """The DPO agrees with a screening that found no DPIA needed."""

    field_order = ["advice", "next_review_on", "reason"]

    advice = _textarea(
        "Why you agree no DPIA is needed",
        required=True,
        message="Enter why you agree that no DPIA is needed.",
    )
    next_review_on = _date_field(
        "Next review date",
        required=False,
        help_text="Optional. When the screening should be looked at again.",
    )

    def clean_next_review_on(self) -> Any:
        value = self.cleaned_data.get("next_review_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError("The next review date must be in the future.")
        return value


class ReviewOwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class DpiaApproveForm(DpiaTransitionForm):
    """Sign-off (step 7): the DPO's advice accepted or overruled, who keeps the DPIA under
    review and when it is next reviewed."""

    field_order = [
        "advice_decision",
        "advice_overruled_reasons",
        "consultation_departure_reasons",
        "review_owner",
        "next_review_on",
        "reason",
    ]

    advice_decision = forms.ChoiceField(
        label="Do you accept the DPO's advice?",
        choices=AdviceDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you accept or overrule the DPO's advice."},
    )
    advice_overruled_reasons = _textarea(
        "Reasons for overruling the DPO's advice",
        required=False,
        help_text="Required if you overrule the advice: say why you decided otherwise.",
    )
    consultation_departure_reasons = _textarea(
        "Reasons for departing from individuals' views (optional)",
        required=False,
        help_text="Only if your decision departs from individuals' views.",
    )
    review_owner = ReviewOwnerField(
        label="Kept under review by",
        help_text="Type part of their name.",
        queryset=User.objects.none(),
        error_messages={"required": "Choose who keeps the DPIA under review."},
    )
    next_review_on = _date_field(
        "Next review date",
        required=True,
        help_text="Usually a year from today. It must be in the future.",
    )

    def set_object(self, dpia: Dpia, user: Any) -> None:
        owner_field(self.fields, "review_owner", internal_users())
        self.fields["review_owner"].initial = dpia.review_owner_id or dpia.author_id
        self.fields["next_review_on"].initial = dpia.next_review_on or (
            timezone.localdate() + timedelta(days=365)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Said here as well as by the service, so it shows with the form's other errors at once.
        overruled = cleaned.get("advice_decision") == AdviceDecision.OVERRULED
        if overruled and not cleaned.get("advice_overruled_reasons", "").strip():
            self.add_error(
                "advice_overruled_reasons",
                constraint_message(Dpia, "governance_dpia_overruled_advice_has_reasons"),
            )
        return cleaned


class DpiaIcoConsultationForm(IcoForm):
    """The prior consultation with the ICO (UK GDPR Art 36) and its outcome."""

    consulted_on = _date_field(
        "Date the ICO was consulted", required=True, help_text="Today or in the past."
    )
    ico_reference = ico_reference_field(max_length=100, help_text="For example, RFA0123456.")
    outcome = _textarea(
        "Outcome of the consultation",
        required=True,
        help_text="What the ICO advised, and any conditions it set.",
        message="Enter the outcome of the consultation with the ICO.",
    )
