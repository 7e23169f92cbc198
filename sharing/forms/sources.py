from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.db import models

from accounts.choices import Role
from accounts.models import User
from vpp_portal.editing import RegisterForm

from ..choices import Collection, DataClassification, NewCollectionPurpose
from ..models import Agreement, DataSource, Organisation

#: What each classification means, shown under its radio (the strategy's Appendix 3).
CLASSIFICATION_HINTS = {
    DataClassification.OPEN: "Publicly available and regularly updated, such as police.uk.",
    DataClassification.ONE_OFF_PUBLIC: (
        "Published once: a research paper, or a response to a freedom of information request."
    ),
    DataClassification.PARTNER_SHARED: (
        "Shared by a partner and not public in full. Needs an active agreement that covers it."
    ),
}


def _https_urls(field: models.Field, **kwargs: Any) -> Any:
    """Web addresses typed without a scheme are taken to be https (Django 6 behaviour)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class AgreementChoiceField(forms.ModelChoiceField):
    """Agreements with their status, so an inactive one is not picked by mistake."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_status_display()})"


class DataSourceForm(RegisterForm):
    submit_label = "Save data source"

    class Meta:
        model = DataSource
        fields = (
            "name",
            "description",
            "classification",
            "url",
            "publisher",
            "licence",
            "update_frequency",
            "last_refreshed_on",
            "citation",
            "published_on",
            "foi_reference",
            "supplier",
            "covering_agreement",
            "justification",
            "collection",
            "new_collection_purpose",
            "has_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "owner",
            "location",
            "retention_rule",
            "retention_trigger_on",
            "retention_note",
        )
        formfield_callback = _https_urls
        field_classes = {"covering_agreement": AgreementChoiceField}
        widgets = {
            # A text input (the GOV.UK style has none for type="url"); still checked as a URL.
            "url": forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
            "classification": forms.RadioSelect,
            "collection": forms.RadioSelect,
            "new_collection_purpose": forms.RadioSelect,
        }
        labels = {
            "url": "Web address",
            "citation": "Citation",
            "owner": "Owner",
            "has_personal_data": "Personal data",
            "has_special_category_data": "Special category data",
            "has_criminal_offence_data": "Criminal offence data",
            "collection": "Does the partner already collect this data?",
            "new_collection_purpose": "If it is a new collection, what is it for?",
            "retention_rule": "Retention rule",
            "retention_trigger_on": "Retention trigger date",
        }
        help_texts = {
            "name": "What analysts call the data set, for example ‘police.uk street-level crime’.",
            "url": "Where the data is published, for example https://data.police.uk/data/.",
            "publisher": "The organisation that publishes it, for example the Home Office.",
            "licence": "For example, Open Government Licence v3.0.",
            "last_refreshed_on": "When the partnership last took a fresh copy.",
            "citation": "Author, year, title and publisher of the paper or report.",
            "published_on": "When the paper or FOI response was published.",
            "foi_reference": "The reference on the freedom of information response.",
            "supplier": "The partner organisation the data comes from.",
            "covering_agreement": (
                "An active agreement to which the supplier is a party. Personal data needs an "
                "Information Sharing Agreement or Art 28 contract that allows it."
            ),
            "new_collection_purpose": (
                "The strategy allows asking a partner to collect new data only for these."
            ),
            "has_personal_data": "Information about identifiable living people.",
            "has_special_category_data": (
                "For example, health or ethnicity (UK GDPR Art 9). Personal data too."
            ),
            "has_criminal_offence_data": (
                "Allegations, offences or convictions (UK GDPR Art 10). Personal data too."
            ),
            "owner": "The member of the core team responsible for the data source.",
            "retention_rule": "How long the data is kept, from what, and what happens then. "
            "Leave empty if no rule applies yet.",
            "retention_trigger_on": "The day the rule's trigger happened, for example when the "
            "agreement ended. The retention due date is worked out from it.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the data source."},
            "classification": {"required": "Select how the data source is classified."},
            "url": {"invalid": "Enter a web address in the right format, like https://ons.gov.uk"},
            "last_refreshed_on": {"invalid": "Enter the date as a real date."},
            "published_on": {"invalid": "Enter the date as a real date."},
            "retention_trigger_on": {"invalid": "Enter the date as a real date."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios carry no blank "---------" choice; a hint explains each classification.
        self.fields["classification"].choices = [  # type: ignore[attr-defined]
            Choice(value, label, hint=CLASSIFICATION_HINTS[DataClassification(value)])
            for value, label in DataClassification.choices
        ]
        self.fields["collection"].choices = Collection.choices  # type: ignore[attr-defined]
        self.fields["new_collection_purpose"].choices = NewCollectionPurpose.choices  # type: ignore[attr-defined]
        supplier = self.fields["supplier"]
        assert isinstance(supplier, forms.ModelChoiceField)
        # The core team's host holds the data; it does not supply it to itself.
        supplier.queryset = Organisation.objects.exclude(is_core_team_host=True)
        supplier.empty_label = "Select the organisation"
        agreement = self.fields["covering_agreement"]
        assert isinstance(agreement, forms.ModelChoiceField)
        agreement.queryset = Agreement.objects.order_by("title")
        agreement.empty_label = "Select the agreement"
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        # Partners never own the partnership's records.
        owner.queryset = User.objects.filter(is_active=True).exclude(role=Role.PARTNER)
        owner.empty_label = "Nobody yet"
        rule = self.fields["retention_rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.empty_label = "No rule yet"

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("name"),
                Field.textarea("description", rows=3),
                Field.radios("classification", legend_size=Size.SMALL),
                legend="The data source",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("url"),
                Field.text("publisher", field_width=Fluid.TWO_THIRDS),
                Field.text("licence", field_width=Fluid.TWO_THIRDS),
                Field.select("update_frequency"),
                Field.text("last_refreshed_on", field_width=Fluid.ONE_THIRD),
                legend="If open data",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("citation", rows=3),
                Field.text("published_on", field_width=Fluid.ONE_THIRD),
                Field.text("foi_reference", field_width=Fluid.ONE_THIRD),
                legend="If one-off public",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("supplier"),
                Field.select("covering_agreement"),
                Field.textarea("justification", rows=3),
                Field.radios("collection", legend_size=Size.SMALL),
                Field.radios("new_collection_purpose", legend_size=Size.SMALL),
                legend="If partner-shared",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("has_personal_data"),
                Field.checkbox("has_special_category_data"),
                Field.checkbox("has_criminal_offence_data"),
                legend="What the data contains",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("owner"),
                Field.text("location", field_width=Fluid.TWO_THIRDS),
                legend="Who looks after it",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("retention_rule"),
                Field.text("retention_trigger_on"),
                Field.text("retention_note", field_width=Fluid.TWO_THIRDS),
                legend="Retention",
                legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Said next to the box to tick, rather than by the database constraint at the top.
        special = cleaned.get("has_special_category_data") or cleaned.get(
            "has_criminal_offence_data"
        )
        if special and not cleaned.get("has_personal_data"):
            self.add_error(
                "has_personal_data",
                "Special category and criminal offence data are personal data: tick "
                "‘Personal data’ too.",
            )
        if cleaned.get("retention_trigger_on") and not cleaned.get("retention_rule"):
            self.add_error(
                "retention_trigger_on",
                "Choose the retention rule this date starts, or clear the date.",
            )
        elif cleaned.get("retention_trigger_on"):
            try:
                cleaned["retention_rule"].due_on(cleaned["retention_trigger_on"])
            except (OverflowError, ValueError):  # past the calendar's year 9999
                self.add_error(
                    "retention_trigger_on", "Enter a real trigger date: this one is too far ahead."
                )
        return cleaned
