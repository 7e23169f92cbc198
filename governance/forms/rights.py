"""Forms of the rights request register: the request, its steps and the partner searches."""

from typing import Any

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from accounts.selectors import internal_users
from ropa.models import ProcessingActivity
from sharing.models import DataSource, Organisation
from vpp_portal.choosers import use_chooser, use_multi_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import date_field, owner_field
from vpp_portal.registers import TransitionForm

from ..models.rights import RightsRequest, RightsSearch
from ..rights.choices import PauseReason, RightsOutcome, RightsRequestKind, SearchAnswer


class RightsRequestForm(RegisterForm):
    submit_label = "Save request"

    class Meta:
        model = RightsRequest
        fields = (
            "kind",
            "received_on",
            "requester_name",
            "requester_contact",
            "summary",
            "handler",
            "activities",
            "data_sources",
        )
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select the kind of request."},
            "received_on": {
                "required": "Enter the date the request was received.",
                "invalid": "Enter the date the request was received as a real date.",
            },
            "requester_name": {"required": "Enter the requester's name."},
            "requester_contact": {"required": "Enter how to reply to the requester."},
            "summary": {"required": "Enter what is asked for."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("instance") is None or kwargs["instance"].pk is None:
            self.submit_label = "Log the request"
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RightsRequestKind.choices  # type: ignore[attr-defined]
        self.fields["received_on"].help_text = "The clock starts on this day. " + str(
            self.fields["received_on"].help_text
        )
        owner_help = self.fields["handler"].help_text
        owner_field(self.fields, "handler", internal_users(), current=self.instance.handler_id)
        self.fields["handler"].help_text = owner_help
        use_multi_chooser(
            self.fields,
            "activities",
            kind="activity",
            queryset=ProcessingActivity.objects.order_by("name"),
        )
        use_multi_chooser(
            self.fields,
            "data_sources",
            kind="datasource",
            queryset=DataSource.objects.order_by("name"),
        )


class RightsPauseForm(TransitionForm):
    waiting_for = forms.ChoiceField(
        label="What is the request waiting for?",
        choices=PauseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the request is waiting for."},
    )
    asked_on = date_field(
        "Date the requester was asked",
        required=True,
        help_text="The clock stops from this day.",
        error_messages={"required": "Enter the date the requester was asked."},
    )
    field_order = ("waiting_for", "asked_on", "reason")


class RightsResumeForm(TransitionForm):
    information_received_on = date_field(
        "Date the information arrived",
        required=True,
        help_text="Identification: the clock starts again from this day. Clarification of a "
        "UK GDPR request: the days paused are added to the month.",
        error_messages={"required": "Enter the date the information arrived."},
    )
    field_order = ("information_received_on", "reason")


class RightsExtendForm(TransitionForm):
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=((1, "One further month"), (2, "Two further months")),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text="UK GDPR requests only. An EIR request is extended to 40 working days.",
    )
    extension_reason = forms.CharField(
        label="Why is the request complex or numerous?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the request is complex or numerous."},
    )
    field_order = ("months", "extension_reason", "reason")

    def set_object(self, rights_request: RightsRequest, user: Any) -> None:
        if not rights_request.is_gdpr:
            del self.fields["months"]


class RightsRespondForm(TransitionForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=RightsOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the request."},
    )
    exemption = forms.CharField(
        label="Exemption relied on",
        required=False,
        max_length=300,
        help_text="Needed when information is withheld (disclosed in part or refused), for "
        "example ‘DPA 2018 Sch 2 para 2 (crime and taxation)’ or ‘FOIA s.40(2)’.",
    )
    responded_on = date_field(
        "Date of the response",
        required=True,
        error_messages={"required": "Enter the date of the response."},
    )
    field_order = ("outcome", "exemption", "responded_on", "reason")


class RightsSearchForm(RegisterForm):
    """Asking a partner organisation to search for a request."""

    submit_label = "Ask the organisation to search"

    class Meta:
        model = RightsSearch
        fields = ("organisation", "question", "due_on")
        error_messages = {
            "organisation": {"required": "Select the organisation to ask."},
            "question": {"required": "Enter what the organisation should search for."},
            "due_on": {
                "required": "Enter the date the answer is due.",
                "invalid": "Enter the date the answer is due as a real date.",
            },
        }

    def __init__(self, *args: Any, rights_request: RightsRequest | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if rights_request is not None:
            self.instance.rights_request = rights_request
        use_chooser(
            self.fields,
            "organisation",
            kind="organisation",
            queryset=Organisation.objects.exclude(is_core_team_host=True).order_by("name"),
        )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.textarea("question", rows=4),
            Field.text("due_on"),
        ]


class RightsSearchUpdateForm(RegisterForm):
    """Changing the question or the date; who was asked is fixed."""

    submit_label = "Save search"

    class Meta:
        model = RightsSearch
        fields = ("question", "due_on")
        error_messages = RightsSearchForm.Meta.error_messages

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("question", rows=4), Field.text("due_on")]


ANSWERS = [(value, label) for value, label in SearchAnswer.choices if value != "pending"]


class RightsSearchAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="What did your organisation find?",
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your organisation found."},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the information is held, how it was sent, or why none is held.",
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
