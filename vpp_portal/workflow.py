"""A register's workflow: its steps, declared once, and applying one to a row.

The model says which status each step goes from and to (a django-fsm ``@transition`` method,
whose body stays empty: the work is the service's). The app's ``workflows.py`` declares each
step once, as a :class:`Step` in one table per workflow::

    AGREEMENT_STEPS = {
        "activate": Step(agreement_activate, "Make the agreement active", "Make active"),
        ...
    }

The table's keys are the model's transition names; its services take the record first,
``service(record, /, *, actor, reason, **fields of form_class)``, and run whole inside one
transaction through :func:`transition_register_row`. The record's page offers the steps open
to it now, and ``RegisterTransitionView`` performs them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed

from .editing import save_register_row
from .models import RegisterModel

M = TypeVar("M", bound=RegisterModel)


@dataclass(frozen=True)
class Step:
    """One workflow step as its record's page offers it.

    ``service(record, /, *, actor, reason, **extra)`` performs it, where ``extra`` are the
    cleaned fields of ``form_class`` (a form with more than the reason) beyond ``reason``.
    """

    service: Callable[..., Any]
    label: str
    button: str
    hint: str = ""
    reason_required: bool = False
    form_class: type[forms.Form] | None = None
    is_warning: bool = False


#: One workflow: its steps by the model's transition name, in the order pages offer them.
Workflow = Mapping[str, Step]


def transition_register_row(
    instance: M,
    transition_name: str,
    *,
    actor: Any,
    reason: str,
    check: Callable[[M], list[str]] | None = None,
    before_save: Callable[[M], None] | None = None,
) -> M:
    """Lock the row, run ``check`` (a list of problems, empty to go ahead), apply the transition
    and save it with ``reason`` in its history. Problems raise ``ValidationError`` with every
    message, and nothing changes."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        step = getattr(current, transition_name)
        # A wrong status is the first thing to say: missing items are beside the point then.
        if not can_proceed(step):
            status = current.get_status_display()  # type: ignore[attr-defined]
            raise ValidationError(
                f"This cannot be done while the {model._meta.verbose_name} is ‘{status}’."
            )
        problems = check(current) if check else []
        if problems:
            raise ValidationError(problems)
        try:
            step()
        except TransitionNotAllowed as error:  # a transition condition failed under the lock
            raise ValidationError(str(error)) from error
        if before_save:
            before_save(current)
        save_register_row(current, actor=actor, reason=reason)
    return current
