from typing import Any

from django import forms

from vpp_portal.editing import RegisterForm

from ..models import Agreement, AgreementParty


class AgreementForm(RegisterForm):
    submit_label = "Save agreement"

    class Meta:
        model = Agreement
        fields = (
            "title",
            "reference",
            "kind",
            "template",
            "via_forum",
            "purpose",
            "lawful_basis",
            "legal_power",
            "data_items",
            "allows_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "art26_arrangement",
            "starts_on",
            "review_on",
            "expires_on",
            "owner",
        )


class AgreementPartyForm(RegisterForm):
    submit_label = "Save party"

    class Meta:
        model = AgreementParty
        fields = ("organisation", "role")

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreement is not None:
            self.instance.agreement = agreement

    def validate_unique(self) -> None:
        # The agreement is set on the instance, not in the form, so check the pair here.
        super().validate_unique()
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class SignedDocumentForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example, ‘ISA signed by all parties, version 2’.",
        error_messages={"required": "Enter a title for the document."},
    )
    file = forms.FileField(
        label="Signed document",
        help_text="A PDF or Word (DOCX) file.",
        error_messages={"required": "Select the signed document."},
    )
