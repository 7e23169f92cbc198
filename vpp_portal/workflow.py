"""Applying a django-fsm transition to a register row: atomic, locked, recorded with a reason."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed

from .editing import save_register_row
from .models import RegisterModel

M = TypeVar("M", bound=RegisterModel)


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
