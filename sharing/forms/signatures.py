"""How an agreement's parties signed: a party that signs a copy kept elsewhere, and the DPO's
acceptance of that. Labels are fixed words: the party's name is on the page, autoescaped."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms


class SignsElsewhereForm(forms.Form):
    signs_elsewhere_reason = forms.CharField(
        label="Where is this party's signed copy kept, and why is it not uploaded here?",
        help_text=(
            "For example, ‘Signed the HIGA master ISA held by the HIGA secretariat; the "
            "signature page is not shared outside the forum’. The DPO must accept this before "
            "it counts towards making the agreement active."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say where this party's signed copy is kept and why it is not uploaded "
            "here."
        },
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("signs_elsewhere_reason", rows=4, label_size=Size.MEDIUM),
            "row_version",
            Submit("record", "Record for the DPO to accept"),
        )


class AcceptSignsElsewhereForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        help_text="Recorded in the History tab, for example ‘Seen the HIGA signature page’.",
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("note"),
            Submit("accept", "Accept"),
        )
