from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from ..choices import ReminderKind


class NotificationSettingsForm(forms.Form):
    """Which kinds of reminder also come by e-mail: one box per kind offered, ticked = on."""

    email_kinds = forms.MultipleChoiceField(
        label="E-mail me about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Untick a kind to stop its e-mails. You will still see every notification here in "
            "the portal: in-app notifications cannot be turned off."
        ),
        error_messages={"invalid_choice": "Choose only the kinds of reminder listed."},
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        field = self.fields["email_kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kind, ReminderKind(kind).label) for kind in kinds]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("email_kinds", legend_size=Size.MEDIUM),
            Submit("save", "Save e-mail settings"),
        )
