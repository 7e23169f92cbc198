"""A benchmark-only Django admin: a plain ``ModelAdmin`` changelist for each register list, to
time the portal's list against (``benchmarks/pages.py``).

Each changelist shows the portal table's columns that are the model's own fields or its foreign
keys' fields (``list_display``, the related ones through ``list_select_related``), 25 rows a
page, searches the same fields as the portal's search (the register queryset's
``search_fields``) and filters on the choice fields the portal's filter form offers
(``list_filter``). Columns the portal computes (counts, a derived status, links to several
records) have no plain admin equivalent and are left out, so the admin does no more work than
the portal: ``skipped`` lists them for the report.

Mounted at ``/benchmark/admin/`` by ``benchmarks/urls.py``, served only with
``benchmarks.settings``; the portal's own admin (``/admin/``) is untouched.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.urls import URLPattern, URLResolver
from django_filters import ChoiceFilter, FilterSet

from vpp_portal import views
from vpp_portal.urls import urlpatterns as portal_urls


@dataclass(frozen=True)
class RegisterList:
    """One portal list with a model and a table: its URL name and what its view is made of."""

    url_name: str
    model: type[Model]
    table_class: Any
    filterset_class: type[FilterSet] | None


def register_lists(
    patterns: list[Any] = portal_urls, namespace: str = ""
) -> Iterator[RegisterList]:
    """Every ``<app>:<name>_list`` route of the portal whose view has a model and a table
    (the registers, reminders, security events and role changes), in URL order."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from register_lists(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("_list"):
            view_class = getattr(pattern.callback, "view_class", None)
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})

            def attribute(name: str, view: Any = view_class, kwargs: Any = initkwargs) -> Any:
                return kwargs.get(name) or getattr(view, name, None)

            model, table_class = attribute("model"), attribute("table_class")
            if model is not None and table_class is not None:
                yield RegisterList(
                    f"{namespace}:{pattern.name}",
                    model,
                    table_class,
                    attribute("filterset_class"),
                )


def field_path(model: type[Model], accessor: str) -> str | None:
    """``accessor`` as an admin lookup (``organisation__name``) when it names a concrete field
    of ``model`` or of the rows its foreign keys point at; ``None`` for anything computed."""
    parts = accessor.replace(".", "__").split("__")
    current: Any = model
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        if field.is_relation and index < len(parts) - 1:
            current = field.related_model
        elif index < len(parts) - 1:
            return None
    return "__".join(parts)


def columns(register: RegisterList) -> tuple[list[str], list[str]]:
    """The table's columns as admin lookups, and the names of those that have none."""
    table = register.table_class([])
    shown: list[str] = []
    left_out: list[str] = []
    for column in table.columns:
        path = field_path(register.model, str(column.accessor))
        (shown if path else left_out).append(path or column.name)
    return shown, left_out


def related(model: type[Model], lookups: list[str]) -> list[str]:
    """The foreign keys ``lookups`` go through (or show, as the related row's name)."""
    joins = set()
    for lookup in lookups:
        parts = lookup.split("__")
        current: Any = model
        for index, part in enumerate(parts):
            field = current._meta.get_field(part)
            if not field.is_relation:
                break
            joins.add("__".join(parts[: index + 1]))
            current = field.related_model
    return sorted(joins)


def choice_filters(register: RegisterList) -> dict[str, str]:
    """The portal filter form's plain choice filters on the model's own choice fields, as
    ``{portal parameter: model field}``: the filters an admin ``list_filter`` can match."""
    if register.filterset_class is None:
        return {}
    found = {}
    for name, item in register.filterset_class.base_filters.items():
        if not isinstance(item, ChoiceFilter) or item.method is not None:
            continue
        if item.lookup_expr != "exact" or "__" in item.field_name:
            continue
        try:
            field = register.model._meta.get_field(item.field_name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "choices", None):
            found[name] = item.field_name
    return found


def search_fields(model: type[Model]) -> tuple[str, ...]:
    """The fields the portal's search looks in (``RegisterQuerySet.search_fields``)."""
    return tuple(getattr(model._default_manager.all(), "search_fields", ()))


#: The model admin class built for each list, and the portal columns it leaves out.
skipped: dict[str, list[str]] = {}


def model_admin(register: RegisterList) -> type[admin.ModelAdmin]:
    shown, left_out = columns(register)
    skipped[register.url_name] = left_out
    attributes = {
        "list_display": shown or ["__str__"],
        "list_select_related": related(register.model, shown) or False,
        "list_per_page": 25,
        "search_fields": search_fields(register.model),
        "list_filter": sorted(set(choice_filters(register).values())),
    }
    return type(f"{register.model.__name__}BenchmarkAdmin", (admin.ModelAdmin,), attributes)


site = admin.AdminSite(name="benchmark_admin")
site.login = views.admin_login  # type: ignore[method-assign]  # as the portal's admin: one way in
for _register in register_lists():
    if _register.model not in site._registry:
        site.register(_register.model, model_admin(_register))
