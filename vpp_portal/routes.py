"""URL patterns every register shares: list, export, add, detail, edit, history and its steps.

Each register names its view classes here, in its app's ``urls.py``::

    *register_routes(
        "agreements",
        "agreement",
        list_view=AgreementListView,
        export_view=AgreementExportView,
        create_view=AgreementCreateView,
        detail_view=AgreementDetailView,
        update_view=AgreementUpdateView,
        history_view=AgreementHistoryView,
        transition_view=AgreementTransitionView,
    ),

A record's workflow steps all live under ``<prefix>/<pk>/steps/<step>/``, so no other route of
the record can be mistaken for a step, whatever order the routes are listed in.
"""

from collections.abc import Mapping
from typing import Any

from django.urls import URLPattern, path, re_path

EXPORT = r"export\.(?P<format>csv|xlsx)$"


def register_routes(
    prefix: str,
    name: str,
    *,
    list_view: Any,
    export_view: Any,
    create_view: Any,
    detail_view: Any,
    update_view: Any,
    history_view: Any,
    transition_view: Any = None,
    initkwargs: Mapping[str, Any] | None = None,
) -> list[URLPattern]:
    """The standard routes of one register, named ``<name>_<action>``. ``initkwargs`` (given to
    every view's ``as_view``) lets several registers share one set of view classes, as the
    ROPA's reference vocabularies do."""
    kw = dict(initkwargs or {})
    patterns = [
        path(f"{prefix}/", list_view.as_view(**kw), name=f"{name}_list"),
        re_path(rf"^{prefix}/{EXPORT}", export_view.as_view(**kw), name=f"{name}_export"),
        path(f"{prefix}/add/", create_view.as_view(**kw), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(**kw), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", update_view.as_view(**kw), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/history/", history_view.as_view(**kw), name=f"{name}_history"),
    ]
    if transition_view is not None:
        patterns.append(step_route(prefix, name, transition_view))
    return patterns


def step_route(prefix: str, name: str, view: Any) -> URLPattern:
    """The one path shape of a record's workflow steps, named ``<name>_transition``."""
    return path(
        f"{prefix}/<int:pk>/steps/<slug:transition>/", view.as_view(), name=f"{name}_transition"
    )
