"""Starting a DPIA and changing what it assesses: its title and its links to the processing
activities, agreements and data sources it covers. The steps have pages of their own."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.db.models import Q
from django.utils.html import format_html

from ropa.models import ProcessingActivity
from sharing.models import Agreement, DataSource
from vpp_portal.choosers import use_multi_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import ModelMultipleChoiceField

from ..models import Dpia

LINK_FIELDS = ("activities", "agreements", "data_sources")
#: The chooser kind of each link (typed part of a name: registers can hold thousands of rows).
LINK_KINDS = {"activities": "activity", "agreements": "agreement", "data_sources": "datasource"}

#: Where the entries of each checkbox list are added, for when the list is empty.
EMPTY_LIST_HINTS = {
    "activities": "record the processing in the ROPA first.",
    "agreements": "record the agreement in the agreements register first.",
    "data_sources": "add the data set to the data source register first.",
}


class ActivityChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.get_status_display().lower()}"


class AgreementChoiceField(ModelMultipleChoiceField):
    """An agreement with its kind and status, so the right one is easy to pick."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.get_kind_display()}, {obj.get_status_display().lower()}"


class DataSourceChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.get_classification_display()}"


class DpiaForm(RegisterForm):
    submit_label = "Save DPIA"

    class Meta:
        model = Dpia
        fields = ("title", *LINK_FIELDS)
        field_classes = {
            "activities": ActivityChoiceField,
            "agreements": AgreementChoiceField,
            "data_sources": DataSourceChoiceField,
        }
        labels = {
            "title": "Title",
            "activities": "Processing activities",
            "agreements": "Agreements",
            "data_sources": "Data sources",
        }
        help_texts = {
            "title": "The project or processing it assesses, for example ‘Hull youth "
            "referrals matching’.",
            "activities": "The processing activities in the ROPA this DPIA assesses.",
            "agreements": "The information sharing agreements or contracts the processing "
            "relies on.",
            "data_sources": "The data sets the processing uses.",
        }
        error_messages = {
            "title": {
                "required": "Enter the title of the DPIA.",
                "max_length": "The title must be 250 characters or fewer.",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer(
            "activities",
            ProcessingActivity.objects.exclude(status="retired"),
        )
        self._offer(
            "agreements",
            Agreement.objects.exclude(status__in=("expired", "terminated")),
        )
        self._offer("data_sources", DataSource.objects.filter(retired_on__isnull=True))
        for name, where in EMPTY_LIST_HINTS.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            if field.queryset is not None and not field.queryset.exists():
                # Hints are rendered as markup: built with format_html, never an f-string.
                field.help_text = format_html(
                    "{} There are none to choose yet: {}", field.help_text, where
                )

    def _offer(self, name: str, queryset: Any) -> None:
        """Offer the records still in use, plus whatever the DPIA already links to (so an
        older DPIA can still be saved), through a multiple chooser."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        current: list[int] = []
        if self.instance.pk is not None:
            current = [row.pk for row in getattr(self.instance, name).all()]
        model = queryset.model
        use_multi_chooser(
            self.fields,
            name,
            kind=LINK_KINDS[name],
            queryset=model.objects.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=current)
            ).order_by(*(("title",) if model is Agreement else ("name",))),
        )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field("activities"),
                Field("agreements"),
                Field("data_sources"),
                legend="What the DPIA assesses",
                legend_size=Size.MEDIUM,
            ),
        ]


class CommentResolveForm(forms.Form):
    """The author's reply when marking a DPO comment resolved."""

    resolution = forms.CharField(
        label="Your reply (optional)",
        help_text="Say what you changed, so the DPO can check it. It is shown with the "
        "comment and in the timeline.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        error_messages={"max_length": "The reply must be 2,000 characters or fewer."},
    )
