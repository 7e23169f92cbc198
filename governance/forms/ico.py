"""What breaches and DPIAs both record about the ICO: its case reference, a reason for the
change and the record's version when the form was opened (a save over a newer change is
refused). ``BreachIcoForm`` (the decision whether to tell the ICO) and
``DpiaIcoConsultationForm`` (the prior consultation, UK GDPR Art 36) build on ``IcoForm``;
their pages share ``governance/includes/_ico_form.html``."""

from typing import Any

from django import forms


def ico_reference_field(*, max_length: int, help_text: str) -> forms.CharField:
    """The ICO's case reference, optional."""
    return forms.CharField(
        label="ICO case reference (optional)",
        required=False,
        max_length=max_length,
        help_text=help_text,
    )


class IcoForm(forms.Form):
    """The fields every ICO form ends with: the reason for the change and the version."""

    reason = forms.CharField(
        label="Reason for change (optional)",
        required=False,
        max_length=255,
        help_text="Recorded in the History tab.",
    )
    #: The record's version when the form was opened: a save over a newer change is refused.
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The record's own fields first, then the reason and the version.
        self.order_fields([name for name in self.fields if name not in ("reason", "row_version")])
