"""The audit log's filters: a GET form laid out like every register's filter."""

import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Layout
from django import forms
from django.utils import timezone

from vpp_portal.forms import date_field

from .query import ACTION_TYPES, AuditQuery
from .registry import audited_models

#: The largest id any register's table holds (a bigger number is refused, not sent to SQL).
MAX_RECORD_ID = 2**31 - 1


def _date_field(label: str) -> forms.DateField:
    return date_field(
        label, error_messages={"invalid": "Enter a real date, for example 27 3 2027."}
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in London, so the range matches the dates shown."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditLogFilterForm(forms.Form):
    person = forms.CharField(
        label="Changed by",
        required=False,
        max_length=150,
        help_text="Part of a name or e-mail address.",
    )
    register = forms.ChoiceField(label="Register", required=False)
    record = forms.IntegerField(
        label="Record ID",
        required=False,
        min_value=1,
        max_value=MAX_RECORD_ID,
        help_text="The number in the record's address. Choose its register too.",
        error_messages={
            "invalid": "Enter the record ID as a whole number, for example 42.",
            "min_value": "Enter a record ID of 1 or more.",
            "max_value": "No record has an ID that large: check the number.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    date_from = _date_field("Changed on or after")
    date_to = _date_field("Changed on or before")
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=(("", "Any action"), *((slug, slug.capitalize()) for slug in ACTION_TYPES)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        register = self.fields["register"]
        assert isinstance(register, forms.ChoiceField)
        register.choices = [
            ("", "All registers"),
            *((audited.key, audited.label) for audited in audited_models()),
        ]
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = True
        helper.attrs = {"role": "search", "aria-label": "Filter the audit log"}
        helper.layout = Layout(
            *self.fields,
            Div(Button("filter", "Apply filters"), css_class="govuk-button-group"),
        )
        self.helper = helper

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("record") is not None and not cleaned.get("register"):
            self.add_error("register", "Choose the register the record ID belongs to.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                "The ‘changed on or before’ date must be the same as or after the "
                "‘changed on or after’ date.",
            )
        return cleaned

    def audit_query(self) -> AuditQuery:
        """The filters as a query; an invalid form filters nothing (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return AuditQuery()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        return AuditQuery(
            person=(data.get("person") or "").strip(),
            register=data.get("register") or "",
            record_id=data.get("record"),
            since=_start_of(start) if start else None,
            until=_start_of(end + datetime.timedelta(days=1)) if end else None,
            action=ACTION_TYPES.get(data.get("action") or "", ""),
        )
