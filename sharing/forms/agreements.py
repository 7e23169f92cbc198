from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from accounts.selectors import internal_users
from vpp_portal.choosers import use_chooser
from vpp_portal.documents import document_file_input
from vpp_portal.editing import RegisterForm, constraint_message
from vpp_portal.forms import owner_field

from ..choices import (
    PERSONAL_DATA_AGREEMENT_KINDS,
    AgreementKind,
    AgreementTemplate,
    LawfulBasis,
    PartyRole,
)
from ..models import Agreement, AgreementParty, Organisation

#: The boxes that only mean something on an ISA or Art 28 contract.
PERSONAL_DATA_FLAGS = (
    "allows_personal_data",
    "has_special_category_data",
    "has_criminal_offence_data",
)


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
            "owner",
            "purpose",
            "data_items",
            "lawful_basis",
            "legal_power",
            "allows_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "art26_arrangement",
            "starts_on",
            "review_on",
            "expires_on",
        )
        widgets = {"kind": forms.RadioSelect, "template": forms.RadioSelect}
        labels = {"owner": "Owner", "data_items": "Data shared", "purpose": "Purpose and benefits"}
        error_messages = {
            "title": {"required": "Enter the agreement's title."},
            "kind": {"required": "Select the kind of agreement."},
            "purpose": {"required": "Enter what the sharing is for, and its benefits."},
        }
        help_texts = {
            "title": "For example, ‘Hull youth violence ISA’.",
            "reference": "The partners' own reference, if the agreement has one.",
            "owner": "The member of the core team who looks after the agreement and its review.",
            "data_items": "The data items or data sets shared under the agreement.",
            "lawful_basis": "Needed before an agreement that allows personal data can be active.",
            "allows_personal_data": (
                "Only an Information Sharing Agreement or an Art 28 contract can allow personal "
                "data; for an MoU or agreement-in-principle the box is ignored."
            ),
            "has_special_category_data": "For example, health data (UK GDPR Art 9).",
            "has_criminal_offence_data": "Allegations, offences or convictions (UK GDPR Art 10).",
            "review_on": "When the parties next review the agreement.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios without the blank "---------" choice a required model field would add.
        for name, choices in (("kind", AgreementKind), ("template", AgreementTemplate)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices.choices
        # Partners never own the partnership's agreements; a current owner who has since left
        # stays selectable so the rest of the record can still be edited.
        owner_field(self.fields, "owner", internal_users(), current=self.instance.owner_id)
        # Forums and organisations are chosen by typing part of a name: never every row listed.
        via_forum = use_chooser(self.fields, "via_forum", kind="forum")
        via_forum.help_text = (
            "The forum whose existing arrangement this agreement reuses. Leave it empty if the "
            "parties agreed directly."
        )
        lawful_basis = self.fields["lawful_basis"]
        assert isinstance(lawful_basis, forms.ChoiceField)
        lawful_basis.choices = [("", "Not decided yet"), *LawfulBasis.choices]
        self.cleared_flags: list[str] = []

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("title"),
                Field.text("reference", field_width=Fluid.ONE_THIRD),
                Field.radios("kind", legend_size=Size.SMALL),
                Field.radios("template", legend_size=Size.SMALL),
                Field.text("via_forum", field_width=Fluid.TWO_THIRDS),
                Field.text("owner", field_width=Fluid.TWO_THIRDS),
                legend="The agreement",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("purpose", rows=4),
                Field.textarea("data_items", rows=4),
                Field.select("lawful_basis"),
                Field.textarea("legal_power", rows=3),
                Field.checkbox("allows_personal_data"),
                Field.checkbox("has_special_category_data"),
                Field.checkbox("has_criminal_offence_data"),
                legend="What is shared, and on what basis",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("art26_arrangement", rows=4),
                legend="Joint controllers",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("starts_on", field_width=Fluid.ONE_THIRD),
                Field.text("review_on", field_width=Fluid.ONE_THIRD),
                Field.text("expires_on", field_width=Fluid.ONE_THIRD),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # An MoU or agreement-in-principle never covers personal data: the boxes are cleared
        # here (as the save service also does) so the database constraint is never the one
        # to answer.
        if cleaned.get("kind") and cleaned["kind"] not in PERSONAL_DATA_AGREEMENT_KINDS:
            self.cleared_flags = [
                str(self.fields[name].label) for name in PERSONAL_DATA_FLAGS if cleaned.get(name)
            ]
            for name in PERSONAL_DATA_FLAGS:
                cleaned[name] = False
        return cleaned


class AgreementPartyForm(RegisterForm):
    submit_label = "Save party"

    class Meta:
        model = AgreementParty
        fields = ("organisation", "role")
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreement is not None:
            self.instance.agreement = agreement
        agreement = self.instance.agreement
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        # An organisation already party to the agreement is refused by name (clean_organisation).
        self.taken = AgreementParty.objects.filter(agreement=agreement).exclude(pk=self.instance.pk)
        # Hints are rendered as markup: the agreement's title goes in escaped.
        organisation.help_text = format_html(
            "The organisation that is party to ‘{}’. Type part of its name.", agreement
        )
        organisation.error_messages["required"] = "Select the organisation."
        use_chooser(self.fields, "organisation", kind="organisation")
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = PartyRole.choices
        role.error_messages["required"] = "Select the organisation's role under UK GDPR."
        role.help_text = (
            "A joint controller needs the Art 26 arrangement recorded on the agreement."
        )

    def clean_organisation(self) -> Organisation | None:
        organisation: Organisation | None = self.cleaned_data.get("organisation")
        if organisation is not None and self.taken.filter(organisation=organisation).exists():
            raise forms.ValidationError(
                constraint_message(AgreementParty, "sharing_agreementparty_once_per_agreement")
            )
        return organisation

    def validate_unique(self) -> None:
        # The agreement is set on the instance, not in the form, so check the pair here (an
        # organisation already refused by its field is not refused twice).
        super().validate_unique()
        try:
            self.instance.validate_constraints(
                exclude={name for name in ("organisation",) if name in self.errors}
            )
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class SignedDocumentForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example, ‘ISA signed by all parties, version 2’.",
        error_messages={"required": "Enter a title for the document."},
    )
    file = forms.FileField(
        widget=document_file_input(),
        label="Signed document",
        help_text="A PDF or Word (DOCX) file.",
        error_messages={
            "required": "Select the signed document.",
            "empty": "The selected file is empty.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.SIGNED_DOCUMENT_MAX_BYTES)
        self.fields["file"].help_text = format_html(
            "A PDF or Word (DOCX) file, smaller than {}.", limit
        )
        # The template writes the <form> tag (multipart), the CSRF token and the buttons.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS), Field("file")
        )
