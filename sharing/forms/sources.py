"""The data source form, which guides: only the chosen classification's fields show, and the
agreement list offers only agreements that can cover the supplier's data.

Progressive disclosure is GOV.UK's conditional radios (``RevealingRadios``): without
JavaScript every classification's fields show, each under a heading naming its
classification, and ``clean`` ignores the fields of the classifications not chosen (the save
service clears them).

The supplier is a chooser (typed part of a name; the page never lists every organisation).
The agreement list, already narrowed to the supplier's few agreements, stays a select and is
refreshed when the supplier changes: by htmx (``sharing:datasource_agreement_choices`` answers
with the field alone, listening on a block around the supplier, since the autocomplete replaces
the text box), or without JavaScript by the "Update the agreement list" button (``REFRESH``),
which shows the form again with the user's input and the new list, saving nothing.
"""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.urls import reverse_lazy

from accounts.selectors import internal_users
from vpp_portal.choosers import ChooserInput, Typed, use_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import RevealingRadios, owner_field

from ..choices import Collection, DataClassification, NewCollectionPurpose, UpdateFrequency
from ..models import Agreement, DataSource, Organisation
from ..querysets import AgreementQuerySet
from ..services import CLASSIFICATION_FIELDS

#: What each classification means, shown under its radio (the strategy's Appendix 3).
CLASSIFICATION_HINTS = {
    DataClassification.OPEN: "Publicly available and regularly updated, such as police.uk.",
    DataClassification.ONE_OFF_PUBLIC: (
        "Published once: a research paper, or a response to a freedom of information request."
    ),
    DataClassification.PARTNER_SHARED: (
        "Shared by a partner and not public in full. Needs an active Information Sharing "
        "Agreement or MoU the supplier is party to (for personal data, an ISA or Art 28 "
        "contract that allows it)."
    ),
}

#: The name of the no-JavaScript button that refreshes the agreement list without saving.
REFRESH = "refresh"
#: The id of the block holding the agreement field, which htmx replaces.
AGREEMENT_BLOCK_ID = "covering-agreement-field"
#: The form's choosers and their kinds.
CHOOSERS = {"supplier": "organisation", "owner": "person"}
#: The id of the block around the supplier chooser, whose changes refresh the agreement list.
SUPPLIER_BLOCK_ID = "supplier-field"

#: The headings of each classification's fields (shown even without JavaScript).
SECTION_LEGENDS = {
    DataClassification.OPEN: "If open data",
    DataClassification.ONE_OFF_PUBLIC: "If one-off public",
    DataClassification.PARTNER_SHARED: "If partner-shared",
}


def agreements_covering(agreements: AgreementQuerySet, supplier_id: Any) -> AgreementQuerySet:
    """The ``agreements`` that can cover data ``supplier_id`` supplies (rule 1): active, with
    the supplier among their parties. None without a supplier."""
    if not str(supplier_id or "").isdigit():
        return agreements.none()
    return agreements.active().filter(parties__organisation_id=supplier_id).distinct()


def _https_urls(field: models.Field, **kwargs: Any) -> Any:
    """Web addresses typed without a scheme are taken to be https (Django 6 behaviour)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class AgreementChoiceField(forms.ModelChoiceField):
    """Agreements with their status, so an inactive one is not picked by mistake.

    ``offer(rows)`` narrows the options shown to ``rows``; any agreement of the field's
    queryset is still accepted, so that one chosen by other means is explained by the save
    service's rule (for example "not a party to") rather than refused as an unknown choice."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_status_display()})"

    def offer(self, rows: QuerySet[Any]) -> None:
        iterator = ModelChoiceIterator(self)
        iterator.queryset = rows
        self.widget.choices = iterator  # type: ignore[attr-defined]


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
            "supplier": "The partner organisation the data comes from. Type part of its name.",
            "covering_agreement": (
                "Only active agreements the supplier is party to are listed: choose the "
                "supplier first. Personal data needs an Information Sharing Agreement or Art 28 "
                "contract that allows it; an MoU alone is never enough."
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

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Radios carry no blank "---------" choice; a hint explains each classification.
        self.fields["classification"].choices = [  # type: ignore[attr-defined]
            Choice(value, label, hint=CLASSIFICATION_HINTS[DataClassification(value)])
            for value, label in DataClassification.choices
        ]
        self.fields["collection"].choices = Collection.choices  # type: ignore[attr-defined]
        frequency = self.fields["update_frequency"]
        assert isinstance(frequency, forms.ChoiceField)
        frequency.choices = [("", "Select how often"), *UpdateFrequency.choices]
        self.fields["new_collection_purpose"].choices = NewCollectionPurpose.choices  # type: ignore[attr-defined]
        # The core team's host holds the data; it does not supply it to itself.
        use_chooser(
            self.fields,
            "supplier",
            kind="organisation",
            queryset=self._visible(Organisation).exclude(is_core_team_host=True),
        )
        agreement = self.fields["covering_agreement"]
        assert isinstance(agreement, AgreementChoiceField)
        agreements = self._visible(Agreement).order_by("title")
        agreement.queryset = agreements
        chosen = self["covering_agreement"].value()
        offered = agreements_covering(agreements, self.supplier_id())
        if str(chosen or "").isdigit():  # what the record holds or the user chose stays shown
            offered = agreements.filter(Q(pk__in=offered.values("pk")) | Q(pk=chosen))
        agreement.offer(offered)
        agreement.empty_label = (
            "Select the agreement" if offered.exists() else "No agreement covers this supplier"
        )
        # Partners never own the partnership's records.
        owner_field(self.fields, "owner", internal_users())
        rule = self.fields["retention_rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.empty_label = "No rule yet"

    def supplier_id(self) -> int | None:
        """The supplier the form holds: the one chosen or typed (a name no organisation has, or
        several have, is none here; the field says so when the form is checked)."""
        value = self["supplier"].value()
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            value = Typed(id="", text=value)  # a name passed on by the htmx refresh
        try:
            row = self.fields["supplier"].to_python(value)
        except ValidationError:
            return None
        return row.pk if row is not None else None

    def _visible(self, model: type[models.Model]) -> Any:
        rows = model._default_manager.all()
        return rows if self.user is None else rows.visible_to(self.user)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, data: QueryDict, prefix: str | None = None) -> dict[str, Any]:
        """The posted values as a new form's initial values (for a refresh, which shows the
        input again without checking it)."""
        key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
        # A field missing from the post was left empty (an unticked box, say): so it shows.
        initial: dict[str, Any] = {name: data.get(key(name)) for name in cls.base_fields}
        # A chooser's typed name and chosen id, as its box posted them.
        for name, kind in CHOOSERS.items():
            initial[name] = ChooserInput(kind).value_from_datadict(data, {}, key(name))
        for name in ("change_reason", "row_version"):
            if key(name) in data:
                initial[name] = data.get(key(name))
        return initial

    def agreement_field(self) -> Any:
        """The agreement field's block, which htmx replaces when the supplier changes."""
        return Div(Field.select("covering_agreement"), css_id=AGREEMENT_BLOCK_ID)

    def agreement_helper(self) -> FormHelper:
        """A helper that renders the agreement field's block alone (htmx's answer)."""
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(self.agreement_field())
        return helper

    def layout_fields(self) -> list[Any]:
        sections = {
            DataClassification.OPEN: [
                Field.text("url"),
                Field.text("publisher", field_width=Fluid.TWO_THIRDS),
                Field.text("licence", field_width=Fluid.TWO_THIRDS),
                Field.select("update_frequency"),
                Field.text("last_refreshed_on", field_width=Fluid.ONE_THIRD),
            ],
            DataClassification.ONE_OFF_PUBLIC: [
                Field.textarea("citation", rows=3),
                Field.text("published_on", field_width=Fluid.ONE_THIRD),
                Field.text("foi_reference", field_width=Fluid.ONE_THIRD),
            ],
            DataClassification.PARTNER_SHARED: [
                # Choosing a supplier refreshes the agreement list (htmx; REFRESH without).
                Div(
                    Field.text("supplier", field_width=Fluid.TWO_THIRDS),
                    css_id=SUPPLIER_BLOCK_ID,
                    hx_get=reverse_lazy("sharing:datasource_agreement_choices"),
                    hx_trigger="change",
                    # The chosen id and the typed name may both change: the last request wins.
                    hx_sync="this:replace",
                    hx_target=f"#{AGREEMENT_BLOCK_ID}",
                    hx_swap="outerHTML",
                    hx_include="[name='supplier'], [name='supplier-id'], "
                    "[name='covering_agreement']",
                ),
                # Without JavaScript only (the page's script removes it: htmx refreshes instead).
                Button(
                    REFRESH,
                    "Update the agreement list",
                    css_class="govuk-button--secondary",
                    formnovalidate="formnovalidate",
                    data_vpp_without_js="true",
                ),
                self.agreement_field(),
                Field.textarea("justification", rows=3),
                Field.radios("collection", legend_size=Size.SMALL),
                Field.radios("new_collection_purpose", legend_size=Size.SMALL),
            ],
        }
        return [
            Fieldset(
                Field.text("name"),
                Field.textarea("description", rows=3),
                RevealingRadios(
                    "classification",
                    {
                        value: [
                            Fieldset(
                                *fields,
                                legend=SECTION_LEGENDS[value],
                                legend_size=Size.SMALL,
                            )
                        ]
                        for value, fields in sections.items()
                    },
                    legend_size=Size.SMALL,
                ),
                legend="The data source",
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
                Field.text("owner", field_width=Fluid.TWO_THIRDS),
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
        # The fields of the classifications not chosen are ignored (the save clears them), so
        # something left in a hidden section never stops the save.
        chosen = cleaned.get("classification")
        if chosen:
            for classification, names in CLASSIFICATION_FIELDS.items():
                if classification != chosen:
                    for name in names:
                        self.errors.pop(name, None)
                        cleaned.pop(name, None)
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
