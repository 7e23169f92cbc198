"""The Board report's period form: a calendar quarter, or dates of the user's choosing."""

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from .periods import LONGEST_PERIOD, Period, last_full_quarter, quarter_choices, quarter_period

QUARTER = "quarter"
DATES = "dates"
EARLIEST = date(2000, 1, 1)


class PeriodDateField(DateInputField):
    """GOV.UK's date input (day, month, year boxes) with messages that say what to fix."""

    def __init__(self, label: str) -> None:
        super().__init__(
            label=label, required=False, require_all_fields=False, help_text="For example, 1 7 2026"
        )
        word = label.lower()
        day, month, year = self.fields
        day.error_messages["incomplete"] = f"The ‘{word}’ date must include a day."
        month.error_messages["incomplete"] = f"The ‘{word}’ date must include a month."
        year.error_messages["incomplete"] = f"The ‘{word}’ date must include a year."
        for part in self.fields:
            for validator in part.validators:
                validator.message = f"The ‘{word}’ date must be a real date, in numbers."
        self.word = word

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            raise forms.ValidationError(
                f"The ‘{self.word}’ date must be a real date, for example 1 7 2026."
            ) from error
        return value


def _date_field(label: str) -> PeriodDateField:
    return PeriodDateField(label)


class BoardReportPeriodForm(forms.Form):
    """Which period the report covers. Read from the query string (the page is a GET form),
    so a report's address can be bookmarked or sent to a colleague."""

    period = forms.ChoiceField(
        label="Which period should the report cover?",
        choices=((QUARTER, "A quarter"), (DATES, "Dates I choose")),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a quarter or dates you choose."},
    )
    quarter = forms.ChoiceField(
        label="Quarter",
        required=False,
        help_text="Calendar quarters. The Board reviews the last full one.",
    )
    starts_on = _date_field("From")
    ends_on = _date_field("To")

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = quarter_choices(self.today)
        default = last_full_quarter(self.today)
        self.initial.setdefault("period", QUARTER)
        self.initial.setdefault("quarter", default.quarter)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("period", legend_size=Size.MEDIUM, inline=True),
            Field.select("quarter"),
            Fieldset(
                Field("starts_on"),
                Field("ends_on"),
                legend="Or the dates, if you chose ‘Dates I choose’",
                legend_size=Size.SMALL,
            ),
            Button("show", "Show the report"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("period")
        if choice == QUARTER:
            period = quarter_period(cleaned.get("quarter") or "")
            if period is None:
                self.add_error("quarter", "Select the quarter the report covers.")
            else:
                cleaned["report_period"] = period
        elif choice == DATES:
            self._clean_dates(cleaned)
        return cleaned

    def _clean_dates(self, cleaned: dict[str, Any]) -> None:
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if not starts_on and "starts_on" not in self.errors:
            self.add_error("starts_on", "Enter the date the report starts from.")
        if not ends_on and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the date the report runs to.")
        if not (starts_on and ends_on):
            return
        if starts_on < EARLIEST:
            self.add_error("starts_on", "The start date must be in 2000 or later.")
        elif ends_on > self.today:
            self.add_error("ends_on", "The end date must be today or in the past.")
        elif ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date.")
        elif ends_on - starts_on >= LONGEST_PERIOD:
            self.add_error("ends_on", "The report covers a year at most: choose a shorter period.")
        else:
            cleaned["report_period"] = Period(starts_on, ends_on)

    @property
    def report_period(self) -> Period | None:
        return self.cleaned_data.get("report_period") if self.is_valid() else None
