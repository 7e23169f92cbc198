from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.utils.html import format_html, format_html_join

from accounts.selectors import internal_users
from vpp_portal.choosers import use_chooser, use_multi_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import ModelMultipleChoiceField, owner_field

from ..choices import Audience, ConsultationResponse, DataClassification, ProductKind
from ..models import Consultation, DataSource, Organisation, Product
from ..services import product_suppliers


class DataSourceChoiceField(ModelMultipleChoiceField):
    """Each source with its classification and, for partner-shared data, who supplies it."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.classification == DataClassification.PARTNER_SHARED and obj.supplier:
            return format_html(
                "{} – {}, supplied by {}", obj.name, obj.get_classification_display(), obj.supplier
            )
        return format_html("{} – {}", obj.name, obj.get_classification_display())


class ProductForm(RegisterForm):
    submit_label = "Save product"

    class Meta:
        model = Product
        fields = ("title", "kind", "audience", "description", "data_sources", "owner")
        field_classes = {"data_sources": DataSourceChoiceField}
        widgets = {"kind": forms.RadioSelect, "audience": forms.RadioSelect}
        labels = {"owner": "Owner", "data_sources": "Data sources used"}
        help_texts = {
            "title": "For example, ‘Humber Serious Violence Strategic Needs Assessment 2026’.",
            "audience": (
                "A product for partners or the public that uses partner-shared data needs the "
                "agreement of every supplying organisation before it is ready."
            ),
            "description": "What the product shows and who it is for.",
            "data_sources": "Every data source the product draws on.",
            "owner": "The member of the core team responsible for the product.",
        }
        error_messages = {
            "title": {"required": "Enter the title of the product."},
            "kind": {"required": "Select what kind of product it is."},
            "audience": {"required": "Select who the product is for."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProductKind.choices  # type: ignore[attr-defined]
        self.fields["audience"].choices = Audience.choices  # type: ignore[attr-defined]
        # Data sources and people are chosen by typing part of a name: never every row listed.
        use_multi_chooser(
            self.fields,
            "data_sources",
            kind="datasource",
            queryset=DataSource.objects.select_related("supplier").order_by("name"),
        )
        owner_field(self.fields, "owner", internal_users())

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.radios("audience", legend_size=Size.SMALL),
            Field.textarea("description", rows=4),
            Field("data_sources"),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
        ]

    def save_relations(self) -> None:
        """The data sources are saved by ``product_save``, with the row and its history."""


class ConsultationForm(RegisterForm):
    """Consulting one more organisation about a product."""

    submit_label = "Consult the organisation"

    class Meta:
        model = Consultation
        fields = ("organisation", "due_on")
        labels = {"organisation": "Organisation to consult", "due_on": "Answer due by"}
        error_messages = {
            "organisation": {"required": "Select the organisation to consult."},
            "due_on": {"invalid": "Enter the date as a real date."},
        }

    def __init__(self, *args: Any, product: Product | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if product is not None:
            self.instance.product = product
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        waiting = self._suppliers_not_consulted()
        # Hints are rendered as markup: names go in escaped, never as part of the HTML.
        organisation.help_text = (
            format_html(
                "Supplying organisations not yet consulted: {}.",
                format_html_join(", ", "{}", ((name,) for name in waiting)),
            )
            if waiting
            else "Every organisation whose partner-shared data the product uses has been "
            "consulted; consult another only if its data is used in some other way."
        )
        self.fields["due_on"].help_text = "Usually two weeks from today."
        # The core team's host is the partnership itself, never consulted on its own products.
        use_chooser(
            self.fields,
            "organisation",
            kind="organisation",
            queryset=Organisation.objects.exclude(is_core_team_host=True),
        )

    def _suppliers_not_consulted(self) -> list[str]:
        product = self.instance.product
        consulted = set(product.consultations.values_list("organisation_id", flat=True))
        return [o.name for o in product_suppliers(product) if o.pk not in consulted]


class ConsultationUpdateForm(RegisterForm):
    """Changing when the answer is due; who is consulted is fixed once asked."""

    submit_label = "Save consultation"

    class Meta:
        model = Consultation
        fields = ("due_on",)
        labels = {"due_on": "Answer due by"}
        error_messages = {"due_on": {"invalid": "Enter the date as a real date."}}

    def layout_fields(self) -> list[Any]:
        return [Field.text("due_on", field_width=Fluid.ONE_THIRD)]


ANSWERS = [(value, label) for value, label in ConsultationResponse.choices if value != "pending"]


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Does your organisation agree to its data being used in this product?",
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your organisation's answer."},
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Required if you agree with conditions: say what they are, for example ‘counts "
            "below five suppressed’."
        ),
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, on_behalf_of: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if on_behalf_of is not None:
            # The legend is rendered as markup: the organisation's name goes in escaped.
            self.fields["response"].label = format_html(
                "Does {} agree to its data being used?", on_behalf_of
            )
        # The template writes the <form> tag itself.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("response", legend_size=Size.MEDIUM),
            Field.textarea("conditions", rows=4),
            "row_version",
            Submit("answer", "Send answer"),
        )
