from functools import cache
from importlib import import_module
from typing import Any

from django import template
from django.apps import apps
from django.core.paginator import Page
from django.template import Engine
from django.template.base import FilterExpression, NodeList, Parser, Token, kwarg_re
from django.template.context import Context

from vpp_portal import display

register = template.Library()

SUMMARY_ROW_OPTIONS = frozenset({"href", "testid", "row_testid", "field", "actions_column"})


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


@register.filter
def yes_no(value: object) -> str:
    """A flag as "Yes" or "No" ("—" when nothing is recorded): ``{{ flag|yes_no }}``."""
    return display.yes_no(value)


class SummaryRowNode(template.Node):
    """One GOV.UK summary-list row, rendered by ``includes/_summary_row.html``."""

    def __init__(
        self,
        key: FilterExpression | NodeList,
        value: FilterExpression | NodeList,
        actions: NodeList | None,
        options: dict[str, FilterExpression],
    ) -> None:
        self.key, self.value, self.actions, self.options = key, value, actions, options

    def render(self, context: Context) -> str:
        options = {name: option.resolve(context) for name, option in self.options.items()}
        actions = self.actions.render(context) if self.actions is not None else ""
        has_actions = bool(actions.strip())
        actions_column = options.pop("actions_column", self.actions is not None)
        row = {
            "key": _render(self.key, context),
            "value": _render(self.value, context),
            "actions": actions if has_actions else "",
            "no_actions": actions_column and not has_actions,
            **options,
        }
        engine = context.template.engine if context.template else Engine.get_default()
        return engine.get_template("includes/_summary_row.html").render(context.new(row))


def _render(part: FilterExpression | NodeList, context: Context) -> Any:
    # A block's output is template output, escaped as it was rendered; a value is escaped
    # by the row's template, as ``{{ value }}`` would be.
    return part.render(context) if isinstance(part, NodeList) else part.resolve(context)


@register.tag
def summary_row(parser: Parser, token: Token) -> SummaryRowNode:
    """A row of a GOV.UK summary list, the one way every page writes one.

    ``{% summary_row "Owner" object.owner %}`` shows a value, escaped as ``{{ }}`` would
    (filters work: ``object.has_personal_data|yes_no``, ``object.review_on|date:"j F Y"``).
    Without a value it is a block, for a value with markup; it may end with the row's
    actions (a row whose actions render empty is marked ``govuk-summary-list__row--no-actions``
    so it lines up with rows that have some)::

        {% summary_row "Address" testid="address" %}{{ object.address|linebreaksbr }}
        {% summary_actions %}<a class="govuk-link" href="…">Change</a>{% endsummary_row %}

    Without a label, the block starts with the key and ``{% summary_value %}`` begins the
    value. Options: ``href`` (the value links there), ``testid`` (``data-testid`` of the
    value), ``row_testid`` and ``field`` (``data-testid`` and ``data-field`` of the row),
    ``actions_column`` (whether the list has a column of actions to line up with; by
    default, when the row has a ``{% summary_actions %}`` section).
    """
    name, *bits = token.split_contents()
    positional: list[FilterExpression] = []
    options: dict[str, FilterExpression] = {}
    for bit in bits:
        match = kwarg_re.match(bit)
        if match and match[1]:
            if match[1] not in SUMMARY_ROW_OPTIONS:
                raise template.TemplateSyntaxError(f"{name} has no option {match[1]!r}")
            options[match[1]] = parser.compile_filter(match[2])
        elif options:
            raise template.TemplateSyntaxError(f"{name}: the label and value come first")
        else:
            positional.append(parser.compile_filter(bit))
    if len(positional) > 2:
        raise template.TemplateSyntaxError(f"{name} takes a label and, at most, a value")
    if len(positional) == 2:
        return SummaryRowNode(positional[0], positional[1], None, options)
    key: FilterExpression | NodeList
    if positional:
        key = positional[0]
    else:
        key = parser.parse(("summary_value",))
        parser.delete_first_token()
    value = parser.parse(("summary_actions", "endsummary_row"))
    actions = None
    if parser.next_token().contents == "summary_actions":
        actions = parser.parse(("endsummary_row",))
        parser.delete_first_token()
    return SummaryRowNode(key, value, actions, options)


class WarningTextNode(template.Node):
    """A GOV.UK warning text, rendered by ``includes/_warning_text.html``."""

    def __init__(self, text: NodeList, testid: FilterExpression | None) -> None:
        self.text, self.testid = text, testid

    def render(self, context: Context) -> str:
        warning = {
            "text": self.text.render(context),
            "testid": self.testid.resolve(context) if self.testid else "",
        }
        engine = context.template.engine if context.template else Engine.get_default()
        return engine.get_template("includes/_warning_text.html").render(context.new(warning))


@register.tag
def warning_text(parser: Parser, token: Token) -> WarningTextNode:
    """A GOV.UK warning ("!" and a visually hidden "Warning"), the one way pages write one:
    ``{% warning_text testid="review-overdue-warning" %}This policy…{% endwarning_text %}``."""
    name, *bits = token.split_contents()
    testid = None
    for bit in bits:
        match = kwarg_re.match(bit)
        if not (match and match[1] == "testid"):
            raise template.TemplateSyntaxError(f"{name} takes only testid=")
        testid = parser.compile_filter(match[2])
    text = parser.parse(("endwarning_text",))
    parser.delete_first_token()
    return WarningTextNode(text, testid)
