"""The form recording what an ISA covers: for each item of the data sharing code, an answer and
where the signed document deals with it. Labels are fixed words; nothing is built from input."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils.html import format_html

from ..choices import IsaItem
from ..code_items import GUIDANCE


def answer_name(item: str) -> str:
    return f"{item}-answer"


def reference_name(item: str) -> str:
    return f"{item}-reference"


class CodeItemsForm(forms.Form):
    """One fieldset per item: its answer (optional) and its document reference (optional)."""

    reason = forms.CharField(
        label="Reason for change (optional)",
        help_text="Recorded in the History tab.",
        required=False,
        max_length=255,
    )

    def __init__(self, *args: Any, on_record: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_record = on_record or {}
        fieldsets = []
        for item, label in IsaItem.choices:
            hint = GUIDANCE[item]
            if on_record.get(item):
                # Hints are rendered as markup: what the record says is escaped.
                hint = format_html(
                    "{} Already covered by the agreement's record: {}", hint, on_record[item]
                )
            self.fields[answer_name(item)] = forms.CharField(
                label="How the agreement deals with it",
                help_text=hint,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": "Keep the answer to 4,000 characters or fewer."},
            )
            self.fields[reference_name(item)] = forms.CharField(
                label="Section of the signed agreement",
                help_text="For example, ‘Schedule 2, section 4’.",
                required=False,
                max_length=250,
                error_messages={"max_length": "Keep the reference to 250 characters or fewer."},
            )
            fieldsets.append(
                Fieldset(
                    Field.textarea(answer_name(item), rows=3),
                    Field.text(reference_name(item)),
                    legend=str(label),
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *fieldsets, Field.text("reason"), Submit("save", "Save what the agreement covers")
        )
        # The reason box goes last, after the items.
        self.order_fields([*(name for name in self.fields if name != "reason"), "reason"])

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item: (data.get(answer_name(item), ""), data.get(reference_name(item), ""))
            for item in IsaItem.values
        }
