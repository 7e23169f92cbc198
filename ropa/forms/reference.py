"""Forms for the ROPA's header (the controller details) and its reference vocabularies."""

from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms

from vpp_portal.editing import RegisterForm

from ..models import ControllerDetails, DataCategory, IndividualCategory, RecipientCategory

#: Where the header's DPO comes from, said where the DPO's details used to be typed in.
DPO_NOTE = (
    '<h2 class="govuk-heading-m">Data Protection Officer</h2>'
    '<p class="govuk-body" data-testid="dpo-note">The Data Protection Officer is not recorded '
    "here: the header shows the current DPO of the organisation that hosts the core team, "
    'from the <a class="govuk-link" href="{% url \'sharing:roleholder_list\' %}?role=dpo">'
    "role-holder register</a>. Record a new DPO, or a change to their contact details, there.</p>"
)


class ControllerDetailsForm(RegisterForm):
    submit_label = "Save controller details"

    class Meta:
        model = ControllerDetails
        fields = (
            "controller_name",
            "controller_address",
            "controller_email",
            "controller_phone",
            "representative_name",
            "representative_address",
            "representative_email",
            "representative_phone",
        )
        labels = {
            "controller_name": "Name",
            "controller_address": "Address",
            "controller_email": "E-mail",
            "controller_phone": "Phone",
            "representative_name": "Name",
            "representative_address": "Address",
            "representative_email": "E-mail",
            "representative_phone": "Phone",
        }
        help_texts = {
            "controller_name": "The organisation that decides why and how the personal data is "
            "processed, for example ‘Office of the Police and Crime Commissioner for "
            "Humberside’.",
            "representative_name": "Only a controller outside the UK needs a representative in "
            "the UK (UK GDPR Art 27). Leave empty if none is appointed.",
        }
        error_messages = {
            "controller_name": {"required": "Enter the controller's name."},
            "controller_email": {
                "invalid": "Enter the controller's e-mail address, like name@example.org."
            },
            "representative_email": {
                "invalid": "Enter the representative's e-mail address, like name@example.org."
            },
        }
        widgets = {
            "controller_address": forms.Textarea(attrs={"rows": 3}),
            "representative_address": forms.Textarea(attrs={"rows": 3}),
        }

    def layout_fields(self) -> list[Any]:
        def person(legend: str, prefix: str) -> Fieldset:
            return Fieldset(
                Field.text(f"{prefix}_name"),
                Field.textarea(f"{prefix}_address", rows=3),
                Field.text(f"{prefix}_email", field_width=Fluid.TWO_THIRDS, spellcheck="false"),
                Field.text(f"{prefix}_phone", field_width=Fluid.ONE_THIRD),
                legend=legend,
                legend_size=Size.MEDIUM,
            )

        return [
            person("Controller", "controller"),
            HTML(DPO_NOTE),
            person("Representative", "representative"),
        ]


class VocabularyForm(RegisterForm):
    """A term of one of the reference lists; ``Meta.model`` is set per list."""

    submit_label = "Save term"

    class Meta:
        fields = ("name", "description")
        help_texts = {
            "description": "What the term covers, so that everyone files activities the same "
            "way (optional).",
        }
        error_messages = {
            "name": {
                "required": "Enter the term.",
                "unique": "This list already has that term.",
            }
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _vocabulary_form(model: Any, example: str) -> type[VocabularyForm]:
    meta = type(
        "Meta",
        (VocabularyForm.Meta,),
        {"model": model, "help_texts": {**VocabularyForm.Meta.help_texts, "name": example}},
    )
    return type(f"{model.__name__}Form", (VocabularyForm,), {"Meta": meta})


IndividualCategoryForm = _vocabulary_form(
    IndividualCategory, "For example, ‘Victims of violence’ or ‘Children and young people’."
)
DataCategoryForm = _vocabulary_form(
    DataCategory, "For example, ‘Contact details’ or ‘Injury and health data’."
)
RecipientCategoryForm = _vocabulary_form(
    RecipientCategory, "For example, ‘Community safety partnerships’."
)
