"""Form fields every form uses instead of Django's own, where Django's can fail or mislead.

**Dates.** One way to enter a date everywhere: a GOV.UK text input with the hint "For example,
27 3 2027" (never the browser's date picker, which an en-US browser fills in its own order).
``parse_date`` reads day, month and a four-digit year separated by spaces, slashes, dashes or
dots, and ISO ``2027-03-27``; anything else, or a day the calendar lacks, is refused with a
message naming the field ("Enter a real review date"). ``DateField`` is that field;
``use_date_input`` turns any form's Django date fields into it, keeping label, hint and
messages; ``RegisterForm`` does so for every register form.

**Owners.** ``owner_field`` turns a "who looks after it" select into a person chooser
(``vpp_portal.choosers``) over the people the caller passes: the page never lists every
member of staff.

A multi-select posts the ids of the chosen rows. Django looks them all up in one
``pk__in`` query, and an id the database cannot hold (``99999999999999999999999``) makes
SQLite raise ``OverflowError``: a server error instead of a message. ``ModelMultipleChoiceField``
here answers every id that cannot be a row (too big or small for the column, or not a number)
with the field's own "Select a valid choice" error first. Single selects need nothing: Django
already treats an out-of-range id in an exact lookup as matching no row.

``RegisterForm`` builds its many-to-many fields with this class (``register_formfield``); a form's
own choice field for a many-to-many subclasses it.
"""

import datetime
import re
from collections.abc import Iterable, MutableMapping
from typing import Any

import django_filters
from crispy_forms.layout import TemplateNameMixin
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeData

DATE_HINT = "For example, 27 3 2027"

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([ /.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DAY_MONTH_YEAR_SPACED = re.compile(r"(\d{1,2})\s+(\d{1,2})\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> datetime.date:
    """The day ``text`` names: ``27 3 2027``, ``27/3/2027``, ``27-03-2027``, ``27.3.2027`` or
    ``2027-03-27``. Raises ``ValueError`` for anything else or a day that does not exist."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH_YEAR.fullmatch(text) or _DAY_MONTH_YEAR_SPACED.fullmatch(text):
        parts = [part for part in match.groups() if part.isdigit()]
        day, month, year = (int(part) for part in parts)
    else:
        raise ValueError(f"not a date: {text!r}")
    if year < 1000:
        raise ValueError(f"year not four digits: {text!r}")
    return datetime.date(year, month, day)


def format_date(value: datetime.date) -> str:
    """``value`` the way the hint shows dates: ``27 3 2027``."""
    return f"{value.day} {value.month} {value.year}"


def real_date_message(label: object) -> str:
    """The message for a date that cannot be read, naming the field by its ``label``."""
    words = str(label).strip().rstrip(":")
    if not words[1:2].isupper():  # "Review date" → "review date"; "ICO date" stays as it is
        words = words[:1].lower() + words[1:]
    if not words:
        return "Enter a real date"
    if "date" in words.lower():
        return f"Enter a real {words}"
    return f"Enter a real date for ‘{words}’"


class DateInput(forms.TextInput):
    """A GOV.UK text input sized for a date, showing dates the way the hint does."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_date(value)
        return super().format_value(value)


class DateField(forms.DateField):
    """A date typed as day, month and year (or ISO), with "Enter a real <label>" if it is not
    one. A message the form gives for ``invalid`` itself is kept."""

    widget: Any = DateInput

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise ValidationError(self.invalid_message(), code="invalid") from error

    def invalid_message(self) -> str:
        message = self.error_messages.get("invalid")
        if message and str(message) != str(forms.DateField.default_error_messages["invalid"]):
            return str(message)
        return real_date_message(self.label or "")


def with_date_hint(help_text: Any) -> Any:
    """``help_text`` followed by the date hint."""
    if not help_text:
        return DATE_HINT
    if DATE_HINT in str(help_text):
        return help_text
    if isinstance(help_text, SafeData):  # already markup: keep it so
        return format_html("{} {}", help_text, DATE_HINT)
    return f"{help_text} {DATE_HINT}"


def date_field(
    label: str, *, required: bool = False, help_text: str = "", **kwargs: Any
) -> DateField:
    """The project's date field for a plain form."""
    return DateField(label=label, required=required, help_text=with_date_hint(help_text), **kwargs)


class DateFilter(django_filters.DateFilter):
    """A filter on a date, entered like every other date (hint included)."""

    field_class = DateField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["help_text"] = with_date_hint(kwargs.get("help_text", ""))
        super().__init__(*args, **kwargs)


def use_date_input(fields: MutableMapping[str, forms.Field]) -> None:
    """Make every date field in ``fields`` the project's one: same label, hint and messages."""
    for name, field in list(fields.items()):
        if not isinstance(field, forms.DateField):
            continue
        if not isinstance(field, DateField):
            replacement = DateField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                initial=field.initial,
                disabled=field.disabled,
                show_hidden_initial=field.show_hidden_initial,
                validators=[
                    v for v in field.validators if v not in forms.DateField.default_validators
                ],
            )
            replacement.error_messages = {**replacement.error_messages, **field.error_messages}
            field = fields[name] = replacement
        elif not isinstance(field.widget, DateInput):
            field.widget = DateInput()
        field.help_text = with_date_hint(field.help_text)


def owner_field(
    fields: dict[str, forms.Field],
    name: str,
    people: models.QuerySet[Any],
    *,
    current: Any = None,
) -> forms.ModelChoiceField:
    """Make ``fields[name]`` a person chooser of ``people`` who may own the record (the caller's
    rule, for example active staff who are not partners), plus the ``current`` owner's id if the
    record has one, so a record whose owner has since left can still be saved. Label, hint,
    required flag and messages stay the field's own."""
    from .choosers import use_chooser  # the chooser module builds on this one

    if current is not None:
        people = people | people.model._default_manager.filter(pk=current)
    return use_chooser(fields, name, kind="person", queryset=people)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multi-select of rows, with ids that cannot exist refused as invalid choices."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for item in value:
                self.check_id(item)
        return super().clean(value)

    def check_id(self, item: Any) -> None:
        """Refuse ``item`` unless it could be a value of the column the choices are keyed on."""
        limits = self._integer_limits()
        if limits is None:
            return
        try:
            number = int(str(item).strip())
        except ValueError:
            number = None
        low, high = limits
        if (
            number is None
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": item},
            )

    def _integer_limits(self) -> tuple[int | None, int | None] | None:
        """The smallest and largest value of the key column, or None if it is not an integer."""
        queryset = self.queryset
        if queryset is None:
            return None
        opts = queryset.model._meta
        try:
            key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        except FieldDoesNotExist:
            return None
        while key is not None and key.is_relation:  # a primary key that is a one-to-one
            key = key.target_field
        if not isinstance(key, models.IntegerField):
            return None
        return connections[queryset.db].ops.integer_field_range(key.get_internal_type())


def register_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A register form's field for ``db_field``: the project's multi-select for many-to-many,
    and its date field for a date."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)


def unsafe_multiple_choice_fields(fields: Iterable[tuple[str, forms.Field]]) -> list[str]:
    """The names of multi-selects of rows that are not the project's (for the tests)."""
    return [
        name
        for name, field in fields
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField)
    ]


class RevealingRadios(TemplateNameMixin):
    """GOV.UK radios where choosing an option reveals the fields that belong to it.

    ``reveals`` maps a choice's value to the layout objects shown under it. The page's script
    shows only the chosen option's fields (GOV.UK's conditional reveal, without the
    ``aria-expanded`` GOV.UK Frontend puts on radios, which axe refuses); without JavaScript
    every option's fields show under its radio, so headings should say which option they are
    for. Positions count from 1, as the plain radios do, so error links still find the first.
    """

    template = "includes/_revealing_radios.html"

    def __init__(self, field: str, reveals: dict[str, list[Any]], **context: Any) -> None:
        self.field = field
        self.reveals = reveals
        self.context = context

    def render(
        self, form: forms.BaseForm, context: Any, template_pack: str = TEMPLATE_PACK, **kwargs: Any
    ) -> str:
        bound = form[self.field]
        chosen = str(bound.value() or "")
        items = []
        for position, choice in enumerate(bound.field.choices, start=1):  # type: ignore[attr-defined]
            parts = self.reveals.get(str(choice[0]), ())
            item = {
                "choice": choice,
                "field": bound,
                "position": position,
                "checked": str(choice[0]) == chosen,
                "conditional_content": "".join(
                    render_field(part, form, context, template_pack=template_pack, **kwargs)
                    for part in parts
                ),
            }
            template = "includes/_revealing_radio_item.html" if parts else None
            items.append(
                render_to_string(template or f"{template_pack}/layout/radio_item.html", item)
            )
        return render_to_string(
            self.template, {**self.context, "field": bound, "choices": "".join(items)}
        )
