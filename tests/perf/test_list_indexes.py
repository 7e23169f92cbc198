"""Every register list and queue sorts its first page on an indexed column.

For each list (every ``<app>:<name>_list`` route with a table) and each queue, the view builds
its page for a signed-in reader, exactly as a request would, and the test reads the ORDER BY of
the queryset the page is sliced from (the table's default sort, the ``order_<column>`` method
behind it, or the queryset's own order). Its leading column must lead some index of its model
(``Meta.indexes``, ``db_index``, ``unique``, a foreign key or a unique constraint), after the
columns the page's query fixes with an equality (a user's notifications: ``user_id = …`` then
the newest first); a column reached through a relation (``organisation__name``) must be
indexed on the related model, and the foreign key on the way too. A new list whose default
sort has no index fails here.

The query plans themselves are not asserted here: on the few rows a test can create, the
PostgreSQL planner rightly prefers reading the whole small table and sorting it in memory to
walking an index, so a plan assertion would either fail for that good reason or need the
planner's choices forced (``enable_seqscan = off``), which would prove nothing about the real
plan. ``benchmarks/explain.py`` plans every first page against the seeded 100,000-row database
and exits with status 1 when one sorts a whole table (docs/performance.md). On PostgreSQL this
test checks instead that each index it relies on exists in the database with those leading
columns, as the migrations made it.
"""

from typing import Any

import pytest
from django.db import connection
from django.db.models import F, Model, OrderBy, QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tables2 import Table

pytestmark = pytest.mark.django_db

APPS = ("sharing", "ropa", "governance", "accounts")
#: Pages that are not ``*_list`` routes with a table: URL name and the role that opens it.
QUEUES = (
    ("ropa:retention_due", "dpo"),
    ("ropa:disposal_queue", "dpo"),
    ("governance:dpia_review_queue", "dpo"),
    ("governance:dpia_director_queue", "director"),
    ("governance:dpia_siro_queue", "siro"),
    ("governance:notification_list", "dpo"),
)


def list_routes(patterns: list[Any] | None = None, namespace: str = "") -> list[str]:
    """The URL names of every register list: ``<app>:<name>_list`` whose view has a table."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            names += list_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("_list"):
            view = getattr(pattern.callback, "view_class", None)
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            table = initkwargs.get("table_class") or getattr(view, "table_class", None)
            if namespace in APPS and table is not None:
                names.append(f"{namespace}:{pattern.name}")
    return names


LISTS = list_routes()


def page_querysets(url_name: str, user: Any) -> list[QuerySet[Any]]:
    """The querysets the page's rows are sliced from, built by the view for ``user``."""
    from django.urls import resolve

    path = reverse(url_name)
    match = resolve(path)
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}  # type: ignore[assignment]
    view = match.func.view_class(**match.func.view_initkwargs)  # type: ignore[attr-defined]
    view.setup(request)
    response = view.get(request)
    querysets = []
    for value in response.context_data.values():
        if isinstance(value, Table):
            querysets.append(value.data.data)
        paginator = getattr(value, "paginator", None)
        rows = getattr(paginator, "object_list", None)
        rows = getattr(rows, "rows", rows)  # a sequence that slices a queryset (the due list)
        if isinstance(rows, QuerySet):
            querysets.append(rows)
    return [rows for rows in querysets if isinstance(rows, QuerySet)]


def leading_term(queryset: QuerySet[Any]) -> Any:
    query = queryset.query
    ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    assert ordering, f"{queryset.model.__name__}: the page is not sorted at all"
    return ordering[0]


def term_name(term: Any, query: Any) -> str:
    """The field path an ORDER BY term sorts on (``-title`` → ``title``)."""
    if isinstance(term, str):
        name = term.lstrip("-")
    elif isinstance(term, OrderBy):
        return term_name(term.expression, query)
    elif isinstance(term, F):
        name = term.name
    elif isinstance(term, Col):
        return str(term.target.name)
    else:
        raise AssertionError(f"cannot tell which column {term!r} sorts on")
    annotation = query.annotations.get(name)
    if annotation is not None:
        # An alias of a column (``F``/``Col``); anything computed has no plain index.
        assert isinstance(annotation, F | Col), f"the sort {name!r} is computed: {annotation!r}"
        return term_name(annotation, query)
    return "id" if name == "pk" else name


def equal_columns(where: WhereNode) -> set[str]:
    """Columns the query fixes with ``=`` at its top level (ANDed)."""
    columns = set()
    if where.connector == AND and not where.negated:
        for child in where.children:
            if isinstance(child, Exact) and isinstance(child.lhs, Col):
                columns.add(child.lhs.target.column)
            elif isinstance(child, WhereNode):
                columns |= equal_columns(child)
    return columns


def index_leads(model: type[Model]) -> list[tuple[str, tuple[str, ...]]]:
    """(name, leading columns) of every index of ``model`` that has plain columns."""
    opts = model._meta
    leads = []
    for field in opts.concrete_fields:
        if field.primary_key or field.unique or field.db_index:
            leads.append((f"{opts.db_table}.{field.column}", (field.column,)))
    groups = [(index.name, index.fields) for index in opts.indexes if index.fields]
    groups += [
        (constraint.name, constraint.fields)
        for constraint in opts.constraints
        if getattr(constraint, "fields", None) and getattr(constraint, "condition", None) is None
    ]
    for name, fields in groups:
        leads.append((name, tuple(opts.get_field(f.lstrip("-")).column for f in fields)))
    return leads


def covering_index(model: type[Model], column: str, fixed: set[str]) -> str | None:
    """The index whose first column not fixed by an equality is ``column``."""
    for name, columns in index_leads(model):
        free = [c for c in columns if c not in fixed]
        if free and free[0] == column:
            return name
    return None


def check_sorted_on_index(queryset: QuerySet[Any]) -> list[str]:
    """The indexes the queryset's leading sort reads (one per part of a ``UNION``); fails
    when one is missing."""
    query = queryset.query
    name = term_name(leading_term(queryset), query)
    found = []
    for part in query.combined_queries if query.combinator else [query]:
        model = part.model
        path = name.split("__")
        for step in path[:-1]:
            relation = model._meta.get_field(step)
            assert relation.is_relation and relation.db_index, f"{model.__name__}.{step}"
            model = relation.related_model
        field = model._meta.get_field(term_name(path[-1], part) if len(path) == 1 else path[-1])
        fixed = equal_columns(part.where) if len(path) == 1 else set()
        index = covering_index(model, field.column, fixed)
        assert index, (
            f"{queryset.model.__name__} pages sort on {name!r} "
            f"({model.__name__}.{field.column}), which leads no index"
        )
        found.append(index)
    return found


@pytest.mark.parametrize("url_name", LISTS)
def test_every_list_sorts_its_first_page_on_an_index(url_name, dpo):
    querysets = page_querysets(url_name, dpo)
    assert querysets, f"{url_name}: no paginated queryset found"
    for rows in querysets:
        check_sorted_on_index(rows)


@pytest.mark.parametrize(("url_name", "role"), QUEUES)
def test_every_queue_sorts_its_first_page_on_an_index(url_name, role, request):
    querysets = page_querysets(url_name, request.getfixturevalue(role))
    assert querysets, f"{url_name}: no paginated queryset found"
    for rows in querysets:
        check_sorted_on_index(rows)


def test_the_lists_include_every_register():
    """The URL walk finds the lists (a renamed route would otherwise check nothing)."""
    assert {"sharing:agreement_list", "ropa:disposal_list", "governance:dpia_list"} <= set(LISTS)
    assert len(LISTS) >= 18


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")
@pytest.mark.parametrize("url_name", LISTS)
def test_the_indexes_exist_in_the_database(url_name, dpo):
    """Each index a list's first page relies on is in the database with those columns first."""
    for rows in page_querysets(url_name, dpo):
        for index in check_sorted_on_index(rows):
            if "." in index:  # a column's own index (db_index, unique, primary key)
                continue
            tables = {m._meta.db_table for m in _models_with_index(index)}
            with connection.cursor() as cursor:
                constraints = {
                    name
                    for table in tables
                    for name in connection.introspection.get_constraints(cursor, table)
                }
            assert index in constraints, f"{index} is not in the database"


def _models_with_index(name: str) -> list[type[Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if any(i.name == name for i in model._meta.indexes)
        or any(c.name == name for c in model._meta.constraints)
    ]
