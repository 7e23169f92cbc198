from functools import cache
from importlib import import_module
from typing import Any

from django import template
from django.apps import apps
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def elided_pages(page: Page) -> list[Any]:
    """Page numbers around the current one, with ``…`` where runs are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def status_colour(value: str) -> str:
    """The GOV.UK tag colour for a status value; the label is always shown with it."""
    return _status_colours().get(str(value), "grey")


@cache
def _status_colours() -> dict[str, str]:
    """Every app's ``choices.STATUS_COLOURS``, gathered once."""
    colours: dict[str, str] = {}
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.choices")
        except ModuleNotFoundError:
            continue
        colours.update(getattr(module, "STATUS_COLOURS", {}))
    return colours


@register.filter
def error_target(bound_field: Any) -> str:
    """The id an error summary link should point at: the first option of radios and
    checkbox groups (crispy-forms-gds numbers them from 1), else the field itself."""
    from django import forms

    if bound_field is None:
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return str(bound_field.auto_id)
