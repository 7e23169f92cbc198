"""The processing activity form: the ICO template's columns, grouped as the ICO groups them."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.html import format_html

from accounts.selectors import internal_users
from sharing.choices import PERSONAL_DATA_AGREEMENT_KINDS, AgreementKind, LawfulBasis
from vpp_portal.choosers import use_chooser, use_multi_chooser
from vpp_portal.editing import RegisterForm, constraint_message
from vpp_portal.forms import owner_field

from ..choices import Art9Condition, DpiaRequired, Schedule1Condition, YesNo
from ..dpia_standing import standing
from ..locations import location_kept_from_systems
from ..models import ProcessingActivity

#: The boxes that say what kind of personal data the activity processes.
SPECIAL_FLAGS = ("has_special_category_data", "has_criminal_offence_data")

RELATION_FIELDS = (
    "joint_controllers",
    "individual_categories",
    "data_categories",
    "recipient_categories",
    "processors",
    "processor_contracts",
    "sources",
)
#: The short vocabularies the DPO keeps: checkbox lists of every term.
CATEGORY_FIELDS = ("individual_categories", "data_categories", "recipient_categories")
#: Links to registers that can hold thousands of rows: choosers (typed part of a name), by kind.
CHOOSERS = {
    "covering_agreement": "agreement",
    "safeguards_policy": "policy",
    "privacy_notice": "policy",
    "retention_policy": "policy",
}
MULTI_CHOOSERS = {
    "joint_controllers": "organisation",
    "processors": "organisation",
    "processor_contracts": "agreement",
    "sources": "datasource",
}

#: Where the entries of each checkbox list are added, for when the list is empty.
EMPTY_LIST_HINTS = {
    "individual_categories": "the DPO adds them to the categories of individuals.",
    "data_categories": "the DPO adds them to the categories of personal data.",
    "recipient_categories": "the DPO adds them to the categories of recipients.",
    "joint_controllers": "add the organisation to the organisations register first.",
    "processors": "add the organisation to the organisations register first.",
    "processor_contracts": "record the Art 28 contract in the agreements register first.",
    "sources": "add the data set to the data source register first.",
}


class AgreementChoiceField(forms.ModelChoiceField):
    """An agreement with its kind and status, so the right one is easy to pick."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.get_kind_display()}, {obj.get_status_display().lower()}"


class ProcessingActivityForm(RegisterForm):
    submit_label = "Save processing activity"

    class Meta:
        model = ProcessingActivity
        fields = (
            "name",
            "business_function",
            "purpose",
            "has_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "covering_agreement",
            "joint_controllers",
            "individual_categories",
            "data_categories",
            "recipient_categories",
            "processors",
            "processor_contracts",
            "third_countries",
            "transfer_safeguards",
            "retention_schedule",
            "retention_rule",
            "retention_trigger_on",
            "security_measures",
            "art6_basis",
            "art9_condition",
            "legitimate_interests",
            "lia_link",
            "rights_available",
            "automated_decision_making",
            "sources",
            "consent_record_link",
            "location",
            "dpia_required",
            "has_breach",
            "breach_reference",
            "schedule1_condition",
            "schedule1_art6_basis",
            "retention_policy",
            "retained_in_line",
            "retention_reasons_if_not",
            "safeguards_policy",
            "privacy_notice",
            "owner",
            "next_review_on",
        )
        field_classes = {"covering_agreement": AgreementChoiceField}
        widgets = {
            **{name: forms.CheckboxSelectMultiple for name in CATEGORY_FIELDS},
            "dpia_required": forms.RadioSelect,
            "retained_in_line": forms.RadioSelect,
        }
        labels = {
            "name": "Name",
            "owner": "Owner",
            "joint_controllers": "Joint controllers",
            "processors": "Processors",
            "sources": "Sources of the data",
        }
        error_messages = {
            "name": {
                "required": "Enter a name for the processing activity.",
                "unique": "An activity with this name already exists: choose a different one.",
            },
            "business_function": {"required": "Enter the business function."},
            "purpose": {"required": "Enter the purpose of the processing."},
        }
        help_texts = {
            "name": "A short name for the processing, for example ‘Youth violence hotspot "
            "analysis’.",
            "business_function": "The part of the partnership that carries out the processing, "
            "for example ‘Analysis’ or ‘Commissioning’.",
            "purpose": "Why the data is processed (UK GDPR Art 30(1)(b)). Record one activity "
            "per purpose.",
            "owner": "The member of the core team who keeps this record up to date.",
            "next_review_on": "When this record is next checked against what actually happens.",
            "has_personal_data": "Information about an identified or identifiable living person. "
            "The partnership starts with none: aggregated or anonymised figures are not "
            "personal data.",
            "has_special_category_data": "Health, racial or ethnic origin, political opinions, "
            "religious or philosophical beliefs, trade union membership, genetic or biometric "
            "data, sex life or sexual orientation (UK GDPR Art 9(1)).",
            "has_criminal_offence_data": "Allegations, proceedings, offences or convictions "
            "(UK GDPR Art 10 and DPA 2018 s 11(2)).",
            "covering_agreement": "The active Information Sharing Agreement or Art 28 contract "
            "that allows the personal data to be processed. An MoU is not enough, so only ISAs "
            "and Art 28 contracts can be chosen.",
            "safeguards_policy": "Needed for special category or criminal offence data: the "
            "appropriate policy document (DPA 2018 Sch 1 Part 4) from the policy register, in "
            "force. Only safeguards policies can be chosen.",
            "privacy_notice": "The privacy notice on the policy register that tells people about "
            "this processing (UK GDPR Arts 13 and 14). Only privacy notices can be chosen.",
            "joint_controllers": "Organisations that decide the purposes and means of this "
            "processing with the partnership (UK GDPR Art 26).",
            "individual_categories": "Select every category that applies. The DPO keeps these "
            "lists.",
            "data_categories": "Select every category that applies. The DPO keeps these lists.",
            "recipient_categories": "Who the personal data is disclosed to. Select every "
            "category that applies.",
            "processors": "Organisations that process the data on the partnership's behalf, "
            "for example a hosted analytics service.",
            "processor_contracts": "The contracts with those processors (UK GDPR Art 28). Only "
            "Art 28 contracts can be chosen.",
            "third_countries": "Countries outside the UK, or international organisations, the "
            "personal data is transferred to. Leave empty if there are none.",
            "transfer_safeguards": "For a transfer not covered by UK adequacy regulations: the "
            "safeguard relied on (UK GDPR Art 46, for example the International Data Transfer "
            "Agreement) or the exception (Art 49).",
            "retention_schedule": "How long the data is kept and what then happens to it. A "
            "retention rule chosen below also counts as the schedule.",
            "retention_rule": "The rule from the partnership's retention rules that applies.",
            "retention_trigger_on": "The date the retention period runs from, for example the "
            "end of the agreement.",
            "security_measures": "A general description of the technical and organisational "
            "measures (UK GDPR Art 32), for example access control, encryption or "
            "pseudonymisation.",
            "art6_basis": "The UK GDPR Art 6(1) basis for processing personal data. Public bodies "
            "usually rely on public task (e); they cannot rely on legitimate interests (f) for "
            "their public tasks.",
            "art9_condition": "Needed for special category data: the UK GDPR Art 9(2) condition. "
            "Conditions (b), (g), (h), (i) and (j) also need a DPA 2018 Schedule 1 condition.",
            "legitimate_interests": "Only when the Art 6 basis is legitimate interests: the "
            "interests the processing serves.",
            "lia_link": "Where the legitimate interests assessment is kept (a link or reference).",
            "rights_available": "Which of the individual's rights (UK GDPR Arts 15 to 22) apply "
            "under the lawful basis. For example, under public task people may object, but "
            "the right to data portability does not apply.",
            "automated_decision_making": "Decisions about people made by automated means, "
            "including profiling, and the safeguards (UK GDPR Art 22). Write ‘None’ if there "
            "are none.",
            "sources": "The data sets from the data source register that this activity uses.",
            "consent_record_link": "Only when the lawful basis is consent: where the records of "
            "consent are kept.",
            "location": "Where the data is held, for example ‘OPCC SharePoint (UK data centre)’.",
            "dpia_required": "The result of the DPIA screening (UK GDPR Art 35). Matching police "
            "and health data about vulnerable people usually needs a DPIA. DPIAs and screenings "
            "are written in the DPIA register and linked to this activity there: yes needs an "
            "approved DPIA, no needs a screening the DPO has confirmed, before the activity can "
            "be active.",
            "has_breach": "Tick if a personal data breach has affected this processing.",
            "breach_reference": "The breach log reference.",
            "schedule1_condition": "Needed for criminal offence data, and for the Art 9 "
            "conditions that need one: the DPA 2018 Schedule 1 condition relied on.",
            "schedule1_art6_basis": "The Art 6 basis for the processing that relies on the "
            "Schedule 1 condition.",
            "retention_policy": "The retention and erasure policy the data is kept under. Only "
            "policies (not procedures or notices) can be chosen.",
            "retention_reasons_if_not": "Only if the data is not retained and erased in line "
            "with the policy: why not.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        # Each list offers only what fits the column, plus whatever the record already holds
        # (so an older record can still be saved; the activation rules say what is wrong).
        self._limit("covering_agreement", Q(kind__in=PERSONAL_DATA_AGREEMENT_KINDS))
        self._limit("processor_contracts", Q(kind=AgreementKind.ART28))
        self._limit("safeguards_policy", Q(kind="safeguards"))
        self._limit("privacy_notice", Q(kind=standing().privacy_notice_kind))
        self._limit("retention_policy", Q(kind="policy"))
        self._limit("sources", Q(retired_on__isnull=True))
        owner_field(self.fields, "owner", internal_users(), current=instance.owner_id)
        for name, kind in CHOOSERS.items():
            use_chooser(self.fields, name, kind=kind)
        for name, kind in MULTI_CHOOSERS.items():
            use_multi_chooser(self.fields, name, kind=kind)
        # Column 20 of an activity held in systems is kept by the systems register: shown here,
        # not changed here (a disabled field keeps the stored value whatever is posted).
        if location_kept_from_systems(instance.pk):
            location = self.fields["location"]
            location.disabled = True
            location.help_text = (
                "Kept from the systems that hold this activity: change their hosting and "
                "location in the systems register."
            )
        # The retention rules are a short schedule: a select of them all.
        rule = self.fields["retention_rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.empty_label = "None"
        for name, choices, empty in (
            ("art6_basis", LawfulBasis.choices, "Not chosen yet"),
            ("art9_condition", Art9Condition.choices, "None – no special category data"),
            ("schedule1_condition", Schedule1Condition.choices, "None"),
            ("schedule1_art6_basis", LawfulBasis.choices, "None"),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *choices]
        # An empty list says where its entries come from, rather than showing nothing.
        for name, where in EMPTY_LIST_HINTS.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            if field.queryset is not None and not field.queryset.exists():
                # Hints are rendered as markup: built with format_html, never an f-string.
                field.help_text = format_html(
                    "{} There are none to choose yet: {}", field.help_text, where
                )
        # Radios without the blank "---------" choice; leaving them unanswered is allowed.
        for name, radio_choices in (
            ("dpia_required", DpiaRequired.choices),
            ("retained_in_line", YesNo.choices),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = radio_choices

    def _limit(self, name: str, condition: Q) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        current: list[Any] = []
        if self.instance.pk is not None:
            value = getattr(self.instance, name)
            current = list(value.all()) if hasattr(value, "all") else [value] if value else []
        assert field.queryset is not None
        field.queryset = field.queryset.filter(condition | Q(pk__in=[o.pk for o in current]))

    def layout_fields(self) -> list[Any]:
        def section(legend: str, *fields: Any) -> Fieldset:
            return Fieldset(*fields, legend=legend, legend_size=Size.MEDIUM)

        return [
            section(
                "The activity",
                Field.text("name"),
                Field.text("business_function", field_width=Fluid.TWO_THIRDS),
                Field.textarea("purpose", rows=4),
                Field.text("owner", field_width=Fluid.TWO_THIRDS),
                Field.text("next_review_on"),
            ),
            section(
                "Personal data",
                Field.checkbox("has_personal_data"),
                Field.checkbox("has_special_category_data"),
                Field.checkbox("has_criminal_offence_data"),
                Field.text("covering_agreement", field_width=Fluid.TWO_THIRDS),
                Field.text("safeguards_policy", field_width=Fluid.TWO_THIRDS),
                Field.text("privacy_notice", field_width=Fluid.TWO_THIRDS),
            ),
            section(
                "Individuals, data and recipients",
                Field.checkboxes("individual_categories", legend_size=Size.SMALL, small=True),
                Field.checkboxes("data_categories", legend_size=Size.SMALL, small=True),
                Field.checkboxes("recipient_categories", legend_size=Size.SMALL, small=True),
            ),
            section(
                "Sharing and transfers",
                Field("joint_controllers"),
                Field("processors"),
                Field("processor_contracts"),
                Field.text("third_countries"),
                Field.textarea("transfer_safeguards", rows=3),
            ),
            section(
                "Lawful basis",
                Field.select("art6_basis"),
                Field.textarea("legitimate_interests", rows=3),
                Field.text("lia_link"),
                Field.select("art9_condition"),
                Field.select("schedule1_condition"),
                Field.select("schedule1_art6_basis"),
            ),
            section(
                "Individuals' rights",
                Field.textarea("rights_available", rows=3),
                Field.textarea("automated_decision_making", rows=3),
            ),
            section(
                "Sources, location and security",
                Field("sources"),
                Field.text("consent_record_link"),
                Field.text("location"),
                Field.textarea("security_measures", rows=4),
            ),
            section(
                "Data protection impact assessment",
                Field.radios("dpia_required", legend_size=Size.SMALL, small=True),
            ),
            section(
                "Personal data breaches",
                Field.checkbox("has_breach"),
                Field.text("breach_reference", field_width=Fluid.ONE_THIRD),
            ),
            section(
                "Retention",
                Field.textarea("retention_schedule", rows=3),
                Field.select("retention_rule"),
                Field.text("retention_trigger_on"),
                Field.text("retention_policy", field_width=Fluid.TWO_THIRDS),
                Field.radios("retained_in_line", legend_size=Size.SMALL, small=True, inline=True),
                Field.textarea("retention_reasons_if_not", rows=3),
            ),
        ]

    def clean_name(self) -> str:
        """Names are unique whatever their case (the database's ``Lower(name)`` constraint):
        said beside the field rather than at the top of the page."""
        name: str = self.cleaned_data["name"]
        clashes = ProcessingActivity.objects.annotate(key=Lower("name")).filter(
            key=Lower(Value(name))
        )
        if self.instance.pk is not None:
            clashes = clashes.exclude(pk=self.instance.pk)
        if clashes.exists():
            raise forms.ValidationError(
                constraint_message(ProcessingActivity, "ropa_processingactivity_unique_name_ci"),
                code="unique",
            )
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Said beside the box rather than by the database constraint at the top of the page.
        if not cleaned.get("has_personal_data") and any(cleaned.get(f) for f in SPECIAL_FLAGS):
            self.add_error(
                "has_personal_data",
                "Special category and criminal offence data are personal data: tick ‘personal "
                "data’ too.",
            )
        return cleaned


def field_anchor(name: str) -> str:
    """The id to link to for changing ``name`` on the form ("" if the form has no such field):
    checkbox lists and radios are reached through their first option, a multiple chooser
    through its "add" box."""
    if name not in ProcessingActivityForm.Meta.fields:
        return ""
    if name in MULTI_CHOOSERS:
        return f"id_{name}-add"
    widget = ProcessingActivityForm.Meta.widgets.get(name)
    grouped = widget in (forms.CheckboxSelectMultiple, forms.RadioSelect)
    return f"id_{name}_1" if grouped else f"id_{name}"
