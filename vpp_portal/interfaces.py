"""Interfaces a lower app defines and an app above it fills, so that knowledge can flow up the
layer table (docs/architecture.md) without an import going up.

A lower app declares a ``Slot`` for what it needs to know (``ropa.dpia_standing.STANDING``:
which DPIA statuses count for a processing activity); the upper app that owns the facts fills
it once, in its ``AppConfig.ready()``, from its own definitions. Reading a slot nobody filled
is a configuration error, said plainly, never a silent default.
"""

from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Slot(Generic[T]):
    """One value an app needs, provided by the app named in ``filled_by``."""

    def __init__(self, name: str, *, filled_by: str) -> None:
        self.name = name
        self.filled_by = filled_by
        self._value: T | None = None

    def fill(self, value: T) -> None:
        self._value = value

    def get(self) -> T:
        if self._value is None:
            raise ImproperlyConfigured(
                f"{self.name} is not filled: {self.filled_by} fills it in its AppConfig.ready() "
                "(is that app in INSTALLED_APPS?)."
            )
        return self._value
