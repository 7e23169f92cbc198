"""Saving register rows with an audit trail and without silent overwrites.

Every edit form carries the ``row_version`` the record had when the form was opened.
``save_register_row`` locks the row, compares versions and refuses the save with
``EditConflict`` if someone else saved in between; otherwise it bumps the version, stamps
who and why, and saves (one history row, with the change reason).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.db import models, transaction
from django.http import QueryDict
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .forms import register_formfield, use_date_input
from .models import RegisterModel


def save_links(instance: RegisterModel, links: Mapping[str, Iterable[Any]]) -> None:
    """Set many-to-many ``links`` of a just-saved row, as part of that save's history row.

    django-simple-history writes a further history row for every ``m2m_changed`` signal, so a
    save that also changed links would show as several changes. Instead the links are set
    without history of their own, and the row the save wrote is given the links as they now
    stand: one save, one history row, with who and why.
    """
    if not links:
        return
    with transaction.atomic():
        instance.skip_history_when_saving = True  # type: ignore[attr-defined]
        try:
            for name, rows in links.items():
                getattr(instance, name).set(rows)
        finally:
            del instance.skip_history_when_saving  # type: ignore[attr-defined]
        history = getattr(instance, "history", None)
        record = history.order_by("-history_date", "-history_id").first() if history else None
        if record is not None:
            for field in getattr(record, "_history_m2m_fields", ()):
                _snapshot_links(instance, record, field)


def _snapshot_links(instance: RegisterModel, record: Any, field: Any) -> None:
    """Replace ``record``'s copy of one tracked many-to-many field with the current links."""
    history_model = HistoricalRecords.m2m_models[field]
    through = getattr(instance, field.name).through
    history_model.objects.filter(history=record).delete()
    history_model.objects.bulk_create(
        history_model(
            history=record, **{f.name: getattr(row, f.name) for f in through._meta.fields}
        )
        for row in through.objects.filter(**{field.m2m_field_name(): instance})
    )


@dataclass
class EditConflict(Exception):
    """Raised when the row changed after the editor opened it."""

    current: RegisterModel
    changed_by: Any
    changed_at: datetime

    def __str__(self) -> str:
        who = self.changed_by or "another user"
        return f"changed by {who} at {timezone.localtime(self.changed_at):%H:%M on %d %b %Y}"


M = TypeVar("M", bound=RegisterModel)


def save_register_row(
    instance: M,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> M:
    """Create or update ``instance`` as ``actor``, recording ``reason`` in its history.

    For an existing row, ``expected_version`` is the version the editor saw; a mismatch raises
    ``EditConflict`` and nothing is written.
    """
    model = type(instance)
    with transaction.atomic():
        if instance.pk is None:
            instance.created_by = actor
        else:
            current = model._default_manager.select_for_update().get(pk=instance.pk)
            if expected_version is not None and current.row_version != expected_version:
                raise EditConflict(
                    current=current, changed_by=current.updated_by, changed_at=current.updated_at
                )
            instance.row_version = current.row_version + 1
        instance.updated_by = actor
        instance.full_clean()
        instance._change_reason = reason  # type: ignore[attr-defined]
        # Who, even outside a web request (commands, tasks), where the middleware is absent.
        instance._history_user = actor  # type: ignore[attr-defined]
        instance.save()
    return instance


def constraint_message(model: type[models.Model], name: str) -> str:
    """The words of one of ``model``'s named constraints, to show beside the field to fix."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(f"{model.__name__} has no constraint {name}")


def gds_field(form: forms.BaseForm, name: str) -> Any:
    """The GOV.UK Design System component for a form field, chosen by its widget."""
    widget = form.fields[name].widget
    if isinstance(widget, forms.HiddenInput):
        return name
    if isinstance(widget, forms.CheckboxInput):
        return Field.checkbox(name)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Field.checkboxes(name)
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name)
    if isinstance(widget, forms.Select):
        return Field.select(name)
    if isinstance(widget, forms.Textarea):
        return Field.textarea(name, rows=4)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return Field(name)
    return Field.text(name)


class RegisterForm(forms.ModelForm):
    """Base ModelForm for register edits: an optional reason and the opened-at version.

    The GOV.UK layout is built from ``Meta.fields`` (each widget gets its Design System
    component), then the reason, then ``submit_label``; override ``layout_fields`` to group.
    Many-to-many fields are built with ``vpp_portal.forms.ModelMultipleChoiceField``, so an id
    that cannot exist is a field error, never a server error.
    """

    submit_label = "Save"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Runs before Django builds the fields from ``Meta``: each register form's own Meta
        # gets the project's field builder unless it names one itself.
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(register_formfield)

    change_reason = forms.CharField(
        label="Reason for change (optional)",
        help_text="Recorded in the History tab, for example ‘Contact details confirmed by phone’.",
        required=False,
        max_length=255,
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["row_version"]
            self.fields["change_reason"].label = "Reason for adding (optional)"
        else:
            self.fields["row_version"].initial = self.instance.row_version
            self.fields["row_version"].required = True
        use_date_input(self.fields)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.layout_fields(),
            Field.text("change_reason", field_width=Fluid.TWO_THIRDS),
            *(["row_version"] if "row_version" in self.fields else []),
            Submit("save", self.submit_label),
        )

    def layout_fields(self) -> list[Any]:
        """The model fields, in ``Meta.fields`` order, each as its GOV.UK component."""
        names = [n for n in self.fields if n not in ("change_reason", "row_version")]
        return [gds_field(self, name) for name in names]

    def links(self) -> dict[str, Any]:
        """The many-to-many fields' chosen rows, by field name."""
        return {
            name: self.cleaned_data[name]
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelMultipleChoiceField) and name in self.cleaned_data
        }

    def save_relations(self) -> None:
        """Save many-to-many fields onto the history row the save just wrote (one change).
        The caller runs this in the same transaction as the row's save."""
        save_links(self.instance, self.links())

    def refresh_version(self, version: int) -> None:
        """After a conflict, let a deliberate resubmission go through at the current version."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("row_version")] = str(version)
        self.data = data
