"""Form fields every register form uses instead of Django's own, where Django's can fail.

A multi-select posts the ids of the chosen rows. Django looks them all up in one
``pk__in`` query, and an id the database cannot hold (``99999999999999999999999``) makes
SQLite raise ``OverflowError``: a server error instead of a message. ``ModelMultipleChoiceField``
here answers every id that cannot be a row (too big or small for the column, or not a number)
with the field's own "Select a valid choice" error first. Single selects need nothing: Django
already treats an out-of-range id in an exact lookup as matching no row.

``RegisterForm`` builds its many-to-many fields with this class (``register_formfield``); a form's
own choice field for a many-to-many subclasses it.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models


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
    """A register form's field for ``db_field``: the project's multi-select for many-to-many."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


def unsafe_multiple_choice_fields(fields: Iterable[tuple[str, forms.Field]]) -> list[str]:
    """The names of multi-selects of rows that are not the project's (for the tests)."""
    return [
        name
        for name, field in fields
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField)
    ]
