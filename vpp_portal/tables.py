"""The base table every register list uses (rendered by ``templates/includes/_table.html``)."""

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.utils.html import format_html
from django_tables2.data import TableQuerysetData

from .display import yes_no
from .templatetags.portal import status_colour


class KeysFirstData(TableQuerysetData):
    """A page of a queryset read in two queries: its keys, sorted and sliced in SQL on the
    register's own table (none of ``select_related``'s joins, no annotation the order does not
    use), then those rows with everything the columns read. In one query PostgreSQL joins every
    row's related records before it sorts and keeps 25; this way the joins are for 25 rows."""

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(key, slice):
            return super().__getitem__(key)
        keys = list(self.data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in self.data.filter(pk__in=keys).order_by()}
        return [rows[pk] for pk in keys if pk in rows]  # a row deleted meanwhile is left out


class RegisterTable(tables.Table):
    #: Read each page as its keys first, then its rows (``KeysFirstData``): for lists whose rows
    #: join other tables.
    page_by_keys = False

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if self.page_by_keys and isinstance(data, QuerySet):
            data = KeysFirstData(data)
        super().__init__(data, *args, **kwargs)

    @property
    def order_by(self) -> Any:
        return tables.Table.order_by.fget(self)  # type: ignore[attr-defined]

    @order_by.setter
    def order_by(self, value: Any) -> None:
        """Sort only by the table's sortable columns: anything else in ``?sort=`` is ignored."""
        items = [value] if isinstance(value, str) else list(value or ())
        names = [name for item in items for name in str(item).split(",") if name]
        allowed = {column.name for column in self.columns if column.orderable}
        kept = tuple(name for name in names if name.lstrip("-") in allowed)
        if kept or not names:
            tables.Table.order_by.fset(self, kept or value)  # type: ignore[attr-defined]

    @property
    def verbose_name_plural(self) -> str:
        """What the rows are, for "Showing 1 to 25 of 120 organisations"."""
        model = self._meta.model
        return str(model._meta.verbose_name_plural) if model else "records"


class StatusColumn(tables.Column):
    """A status shown as a GOV.UK tag (colour and text); exported as its label."""

    def render(self, value: str, record: Any, bound_column: Any) -> str:
        # django-tables2 passes the choice's label as ``value``: colour by the stored value.
        stored = bound_column.accessor.resolve(record)
        label = getattr(record, f"get_{bound_column.accessor}_display")()
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', status_colour(stored), label
        )

    def value(self, value: str, record: Any, bound_column: Any) -> str:
        return str(getattr(record, f"get_{bound_column.accessor}_display")())


class YesNoColumn(tables.Column):
    """A flag as "Yes" or "No", on screen and in exports."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())  # ``False`` is a value, not a blank
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return yes_no(value)

    def value(self, value: Any) -> str:
        return yes_no(value)


class LinkColumn(tables.Column):
    """The record's name, linking to its page in the GOV.UK link style."""

    def __init__(self, *args: Any, text: Any = None, **kwargs: Any) -> None:
        # The row's own page, even when the column shows a related record (e.g. a product).
        kwargs.setdefault("linkify", lambda record: record.get_absolute_url())
        kwargs.setdefault("attrs", {"a": {"class": "govuk-link"}})
        if text is not None:
            kwargs.setdefault("empty_values", ())
        self.text = text
        super().__init__(*args, **kwargs)

    def render(self, value: Any, record: Any) -> Any:
        return self.text(record) if self.text else value

    def value(self, value: Any, record: Any) -> Any:
        return self.text(record) if self.text else value


def blanks_last(field: str, then: str = "pk") -> Any:
    """An ``order_<column>`` method that sorts by ``field`` with empty values last in both
    directions; databases disagree otherwise (PostgreSQL puts NULLs first when descending)."""

    def order(
        self: Any, queryset: QuerySet[Any], is_descending: bool
    ) -> tuple[QuerySet[Any], bool]:
        column = F(field)
        ordering = column.desc(nulls_last=True) if is_descending else column.asc(nulls_last=True)
        return queryset.order_by(ordering, then), True

    return order
