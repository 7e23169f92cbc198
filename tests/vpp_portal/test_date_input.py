"""One date input everywhere: typed day, month and year (or ISO), never the browser's picker,
and a date that cannot be read named by its field ("Enter a real review date")."""

import datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from vpp_portal.forms import (
    DATE_HINT,
    DateField,
    DateInput,
    date_field,
    format_date,
    parse_date,
    real_date_message,
    use_date_input,
)

SEPARATORS = (" ", "/", "-", ".")


@pytest.mark.parametrize(
    "text", ["27 3 2027", "27/3/2027", "27-03-2027", "27.3.2027", "2027-03-27", " 27  3  2027 "]
)
def test_every_way_of_writing_the_day_is_read(text):
    assert parse_date(text) == datetime.date(2027, 3, 27)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2027",  # no such day
        "22027-03-10",  # what an en-US date picker made of 31/02/2027
        "10-03-22027",
        "27/3/27",  # two-digit year
        "27/3-2027",  # mixed separators
        "2027/03/27",
        "3/27/2027",  # month first
        "27 March 2027",
        "tomorrow",
        "",
        "0/1/2027",
        "1/13/2027",
        "1/1/0999",
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@given(st.dates(min_value=datetime.date(1000, 1, 1)), st.sampled_from(SEPARATORS))
def test_any_real_day_reads_back_whatever_the_separator(day, separator):
    text = separator.join((str(day.day), str(day.month), str(day.year)))
    assert parse_date(text) == day
    padded = separator.join((f"{day.day:02}", f"{day.month:02}", str(day.year)))
    assert parse_date(padded) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(format_date(day)) == day


@given(st.text(max_size=20))
def test_any_text_is_a_day_or_a_value_error(text):
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert 1000 <= result.year <= 9999


def test_the_message_names_the_field():
    assert real_date_message("Review date") == "Enter a real review date"
    assert real_date_message("Last refreshed") == "Enter a real date for ‘last refreshed’"
    assert real_date_message("Date the ICO was consulted") == (
        "Enter a real date the ICO was consulted"
    )
    assert real_date_message("ICO decision date") == "Enter a real ICO decision date"


class _Form(forms.Form):
    review_on = date_field("Review date", required=True)


@pytest.mark.parametrize("text", ["31/02/2027", "22027-03-10", "27/3/27"])
def test_a_form_refuses_an_impossible_date_naming_its_field(text):
    form = _Form({"review_on": text})
    assert not form.is_valid()
    assert form.errors["review_on"] == ["Enter a real review date"]


def test_a_form_takes_an_iso_date_and_shows_dates_as_the_hint_does():
    form = _Form({"review_on": "2027-03-27"})
    assert form.is_valid()
    assert form.cleaned_data["review_on"] == datetime.date(2027, 3, 27)
    html = str(_Form(initial={"review_on": datetime.date(2027, 3, 27)})["review_on"])
    assert 'value="27 3 2027"' in html
    assert 'type="text"' in html
    assert 'type="date"' not in html
    assert "govuk-input--width-10" in html
    assert _Form.base_fields["review_on"].help_text == DATE_HINT


def test_django_date_fields_become_the_projects_one_keeping_label_hint_and_messages():
    class Old(forms.Form):
        starts_on = forms.DateField(label="Start date", help_text="When it began.")
        ends_on = forms.DateField(
            label="End date", required=False, error_messages={"invalid": "Enter the end date."}
        )
        when = forms.DateTimeField(required=False)

    form = Old({"starts_on": "31/02/2027", "ends_on": "32/1/2027"})
    use_date_input(form.fields)
    starts, ends = form.fields["starts_on"], form.fields["ends_on"]
    assert isinstance(starts, DateField) and isinstance(starts.widget, DateInput)
    assert starts.help_text == f"When it began. {DATE_HINT}"
    assert (starts.label, starts.required, ends.required) == ("Start date", True, False)
    assert not isinstance(form.fields["when"], DateField)
    assert form.errors["starts_on"] == ["Enter a real start date"]
    assert form.errors["ends_on"] == ["Enter the end date."]


def test_no_form_template_or_widget_uses_the_browsers_date_picker():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("accounts", "sharing", "ropa", "governance", "vpp_portal", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html")
        and "migrations" not in path.parts
        and ('"type": "date"' in (text := path.read_text()) or 'type="date"' in text)
    ]
    assert offenders == []
