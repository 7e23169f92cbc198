"""What the URL × role matrices share: each named URL's view, whether it takes POST, the
workflow steps a transition URL offers, and a fingerprint of the database to prove a refused
request changed nothing.

The GET matrix (``tests/test_url_role_matrix.py``) owns the role list, the URL names and the
records the URLs point at; the POST matrix and the partner isolation test import them from
there and these helpers from here.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

#: Tables a request may write to without changing any record: the session that signs the
#: client in, sign-in throttling, and the security event log (a refusal is itself recorded).
UNTRACKED_TABLE_PARTS = ("django_session", "axes_", "securityevent", "security_event")


def named_views() -> dict[str, Callable[..., Any]]:
    """Every named URL's view function, by its namespaced name."""

    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", pattern.callback

    views: dict[str, Callable[..., Any]] = {}
    for name, callback in walk(get_resolver().url_patterns):
        views.setdefault(name, callback)  # the first pattern of a name is what reverse() builds
    return views


def view_class(name: str) -> Any:
    """The class behind a class-based view (``None`` for a plain function)."""
    return getattr(named_views()[name], "view_class", None)


def accepts_post(name: str) -> bool | None:
    """Whether the view answers POST: ``True``/``False`` for class-based views, ``None`` for a
    function (the admin's, the health check), which only a request can tell."""
    cls = view_class(name)
    if cls is None:
        return None
    return "post" in cls.http_method_names and callable(getattr(cls, "post", None))


def transitions_of(name: str) -> tuple[str, ...]:
    """The workflow steps a ``<transition>`` URL routes, from its view's own table."""
    cls = view_class(name)
    return tuple(getattr(cls, "transitions", {}))


def takes_transition(name: str) -> bool:
    cls = view_class(name)
    return cls is not None and isinstance(getattr(cls, "transitions", None), dict)


@cache  # the schema does not change while the tests run
def _tracked_tables() -> tuple[str, ...]:
    return tuple(
        sorted(
            table
            for table in connection.introspection.table_names()
            if not any(part in table for part in UNTRACKED_TABLE_PARTS)
        )
    )


def db_fingerprint(extra: Callable[[], Any] | None = None) -> dict[str, Any]:
    """Row counts of every table (history tables included, so an edit shows as a new history
    row), in one query; ``extra`` adds anything a count cannot see (a notification read)."""
    tables = _tracked_tables()
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608 — introspected names
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # the table names come from introspection
        counts = cursor.fetchone()
    fingerprint: dict[str, Any] = dict(zip(tables, counts, strict=True))
    if extra is not None:
        fingerprint["(extra)"] = extra()
    return fingerprint


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [
        f"{key}: {before.get(key)} → {after.get(key)}"
        for key in after
        if before.get(key) != after[key]
    ]


class _Undo(Exception):
    pass


@contextmanager
def undone() -> Iterator[None]:
    """Run the block in a savepoint and roll it back, so the next request sees the same data."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass
