"""The systems register's forms: the record, and the Board's decision (the SIRO's page)."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.db.models import Q

from accounts.selectors import internal_users
from sharing.choices import AgreementKind
from vpp_portal.choosers import use_chooser, use_multi_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import date_field, owner_field

from ..models.systems import AssuranceKind, AssuranceStatus, BoardDecision, System

MULTI_CHOOSERS = {"data_sources": "datasource", "activities": "activity"}


class SystemForm(RegisterForm):
    submit_label = "Save system"

    class Meta:
        model = System
        fields = (
            "name",
            "description",
            "supplier",
            "hosting",
            "art28_contract",
            "assurance_kind",
            "assurance_status",
            "assured_on",
            "data_sources",
            "activities",
            "asset_owner",
            "next_board_review_on",
            "exit_plan",
        )
        labels = {
            "name": "Name",
            "supplier": "Supplier organisation",
            "art28_contract": "Art 28 contract",
            "asset_owner": "Information asset owner",
            "data_sources": "Data sources it holds",
            "activities": "Processing activities it holds",
        }
        error_messages = {
            "name": {"required": "Enter the system's name."},
            "supplier": {"required": "Enter the organisation that supplies the system."},
            "hosting": {"required": "Enter who hosts the system and where."},
        }
        help_texts = {
            "name": "For example ‘TIIG’.",
            "art28_contract": "The controller-to-processor contract with the supplier, from the "
            "agreements register. Only Art 28 contracts can be chosen.",
            "assurance_kind": "The security certification or assessment the supplier holds.",
            "data_sources": "The data sets from the data source register held in this system.",
            "activities": "The processing activities carried out in this system. Their "
            "location of the data (ROPA column 20) is then this system's hosting and location.",
            "next_board_review_on": "When the Board next reviews the system. The SIRO records "
            "the Board's decision on the system's own page.",
            "exit_plan": "How the system would be withdrawn in phases, and what happens to the "
            "data. Needed when the Board decides to replace or withdraw it.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        contract = self.fields["art28_contract"]
        assert isinstance(contract, forms.ModelChoiceField) and contract.queryset is not None
        current = [instance.art28_contract_id] if instance.art28_contract_id else []
        contract.queryset = contract.queryset.filter(
            Q(kind=AgreementKind.ART28) | Q(pk__in=current)
        )
        use_chooser(self.fields, "supplier", kind="organisation")
        use_chooser(self.fields, "art28_contract", kind="agreement")
        for name, kind in MULTI_CHOOSERS.items():
            use_multi_chooser(self.fields, name, kind=kind)
        owner_field(self.fields, "asset_owner", internal_users(), current=instance.asset_owner_id)
        for name, choices, empty in (
            ("assurance_kind", AssuranceKind.choices, "None recorded"),
            ("assurance_status", AssuranceStatus.choices, "Not recorded"),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *choices]

    def layout_fields(self) -> list[Any]:
        def section(legend: str, *fields: Any) -> Fieldset:
            return Fieldset(*fields, legend=legend, legend_size=Size.MEDIUM)

        return [
            section(
                "The system",
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.textarea("description", rows=3),
                Field.text("supplier", field_width=Fluid.TWO_THIRDS),
                Field.text("hosting", field_width=Fluid.TWO_THIRDS),
                Field.text("asset_owner", field_width=Fluid.TWO_THIRDS),
            ),
            section(
                "Contract and security assurance",
                Field.text("art28_contract", field_width=Fluid.TWO_THIRDS),
                Field.select("assurance_kind"),
                Field.select("assurance_status"),
                Field.text("assured_on"),
            ),
            section("What it holds", Field("data_sources"), Field("activities")),
            section(
                "Board review",
                Field.text("next_board_review_on"),
                Field.textarea("exit_plan", rows=4),
            ),
        ]


DECISION_HINTS = {
    BoardDecision.CONTINUE: "The system stays in use until its next review.",
    BoardDecision.REPLACE: "Another system takes its place: the exit plan says how.",
    BoardDecision.WITHDRAW: "It is withdrawn in phases, as the exit plan says.",
}


class SystemDecisionForm(forms.Form):
    """The Board's decision on a system, as the SIRO records it."""

    decision = forms.ChoiceField(
        label="What did the Board decide?",
        widget=forms.RadioSelect,
        choices=[
            Choice(value, label, hint=DECISION_HINTS[BoardDecision(value)])
            for value, label in BoardDecision.choices
            if value
        ],
        error_messages={"required": "Choose the Board's decision: continue, replace or withdraw."},
    )
    decided_on = date_field("Date of the Board's decision", required=True)
    reason = forms.CharField(
        label="Reasons for the decision",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="As the Board minuted them. Kept on the system's record and its history.",
    )
    exit_plan = forms.CharField(
        label="Exit plan",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Needed to replace or withdraw the system: how it is withdrawn in phases and "
        "what happens to its data. Leave empty to keep the plan already recorded.",
    )
    next_review_on = date_field(
        "Next Board review date", help_text="Leave empty to keep the date already set."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].error_messages["required"] = (
            "Enter the date of the Board's decision."
        )
