from typing import Any

from django import forms

from vpp_portal.editing import RegisterForm

from ..choices import ConsultationResponse
from ..models import Consultation, Product


class ProductForm(RegisterForm):
    submit_label = "Save product"

    class Meta:
        model = Product
        fields = ("title", "kind", "audience", "description", "data_sources", "owner")
        widgets = {"data_sources": forms.CheckboxSelectMultiple}


class ConsultationForm(RegisterForm):
    submit_label = "Save consultation"

    class Meta:
        model = Consultation
        fields = ("organisation", "due_on")

    def __init__(self, *args: Any, product: Product | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if product is not None:
            self.instance.product = product

    def validate_unique(self) -> None:
        super().validate_unique()
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


ANSWERS = [(value, label) for value, label in ConsultationResponse.choices if value != "pending"]


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Does your organisation agree to its data being used in this product?",
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your organisation's answer."},
    )
    conditions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required if you agree with conditions: say what they are.",
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput)
