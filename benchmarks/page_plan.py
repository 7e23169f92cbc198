"""What ``benchmarks/pages.py`` requests, worked out against the seeded database.

Run by ``pages.py`` in a child process with ``benchmarks.settings`` and the benchmark's
``DATABASE_URL`` (so that ``pages.py`` itself never loads Django against that database); it
prints one line of JSON: a session cookie per role and the pages, each with its path, the role
that requests it and the rows behind it.

For every register list it picks, at the size seeded: the first and the last page; a filtered
variant (the filter form's status choice, or its first plain choice filter, on the most common
value that leaves at most ``EXPORT_JOB_THRESHOLD_ROWS`` rows, so that the filtered export is
one the user downloads at once); a searched variant (``--search``); the same four on the
benchmark admin's changelist (``benchmarks/admin.py``); the detail and history pages of the
record in the middle of the pk range the DPO sees; and the CSV export, unfiltered and filtered.
Row counts come from the list view's own queryset and filter, as the DPO.
"""

import json
import math
import sys
from dataclasses import asdict, dataclass
from typing import Any

import django

django.setup()

from django.conf import settings  # noqa: E402 (after django.setup())
from django.contrib.auth.models import Permission  # noqa: E402
from django.db.models import Count, Model, QuerySet  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import NoReverseMatch, resolve, reverse  # noqa: E402

from accounts.choices import Role  # noqa: E402
from accounts.mfa import MFA_ENROLLED_SESSION_KEY  # noqa: E402
from accounts.models import User  # noqa: E402
from benchmarks.admin import (  # noqa: E402
    RegisterList,
    choice_filters,
    register_lists,
    search_fields,
    site,
    skipped,
)

#: Demo logins, one per role (the partner's home page is a partner's own).
ROLES = {
    "staff": "staff@demo.vpp.test",
    "dpo": "dpo@demo.vpp.test",
    "siro": "siro@demo.vpp.test",
    "director": "director@demo.vpp.test",
    "admin": "admin@demo.vpp.test",
    "partner": "partner.police@demo.vpp.test",
}
#: The benchmark admin site's user: a DPO (so it reads what the DPO reads) with Django admin
#: access and the view permission on each benchmarked model; made here, never in the demo.
ADMIN_SITE_USER = "benchmark.admin@bench.vpp.test"
PER_PAGE = 25
#: Pages that are not register lists: (label, URL name, role, query string, kind).
FIXED = (
    ("dashboard", "governance:dashboard", "siro", "", "other"),
    ("search", "governance:search", "staff", "q={search}", "other"),
    *((f"home ({role})", "home", role, "", "other") for role in ROLES),
    ("retention due", "ropa:retention_due", "dpo", "", "queue"),
    ("disposal queue", "ropa:disposal_queue", "dpo", "", "queue"),
    ("DPIA review queue", "governance:dpia_review_queue", "dpo", "", "queue"),
    ("DPIA director queue", "governance:dpia_director_queue", "director", "", "queue"),
    ("DPIA SIRO queue", "governance:dpia_siro_queue", "siro", "", "queue"),
    ("findings", "governance:finding_list", "dpo", "", "queue"),
    ("notifications", "governance:notification_list", "dpo", "", "queue"),
    ("audit log", "governance:audit_log", "dpo", "", "queue"),
    ("controller details", "ropa:controllerdetails_detail", "dpo", "", "detail"),
    ("controller details history", "ropa:controllerdetails_history", "dpo", "", "history"),
    ("ICO ROPA export (CSV)", "ropa:processingactivity_ico_export", "dpo", "", "export"),
)


@dataclass(frozen=True)
class Page:
    label: str
    kind: str  # floor, list, admin, detail, history, queue, export, other
    role: str
    path: str
    rows: int | None = None
    #: For a portal list: the label of its admin changelist page.
    admin: str = ""
    #: What the variant shows (the filter chosen), for the report.
    note: str = ""


def sessions() -> dict[str, str]:
    """A session cookie per role, as a completed sign-in with its second factor leaves it."""
    cookies = {}
    users = {role: User.objects.get(email=email) for role, email in ROLES.items()}
    users["admin site"] = admin_site_user()
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        session = client.session
        session[MFA_ENROLLED_SESSION_KEY] = True
        session.save()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def admin_site_user() -> User:
    user = User.objects.filter(email=ADMIN_SITE_USER).first()
    if user is None:
        user = User.objects.create_user(ADMIN_SITE_USER, full_name="Benchmark admin", role=Role.DPO)
    # ``User.save`` ties admin access to the Admin role; set it in the database directly.
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    labels = [(m._meta.app_label, f"view_{m._meta.model_name}") for m in site._registry]
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in labels},
        codename__in={codename for _, codename in labels},
    )
    user.user_permissions.set(permissions)
    return user


def list_queryset(register: RegisterList, user: User, query: str) -> QuerySet[Any] | None:
    """The rows the list view shows ``user`` for ``query`` (its filter applied), or ``None``
    when the view cannot be asked outside a request."""
    path = reverse(register.url_name)
    match = resolve(path)
    request = RequestFactory().get(path, QueryDict(query))
    request.user = user
    view = match.func.view_class(**match.func.view_initkwargs)  # type: ignore[attr-defined]
    view.setup(request)
    try:
        filterset = view.get_filterset(view.get_filterset_class())
        rows: QuerySet[Any] = filterset.qs
        rows.exists()
    except Exception as error:  # the list changed shape: report it, measure the rest
        print(f"{register.url_name}: rows not counted ({error!r})", file=sys.stderr)
        return None
    return rows


def count(rows: QuerySet[Any] | None) -> int | None:
    return None if rows is None else rows.count()


def chosen_filter(register: RegisterList, rows: QuerySet[Any]) -> tuple[str, str, str] | None:
    """(portal parameter, model field, value) of the filtered variant, or ``None``."""
    filters = choice_filters(register)
    if not filters:
        return None
    parameter = "status" if "status" in filters else next(iter(filters))
    field = filters[parameter]
    counts = sorted(
        rows.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"),
        key=lambda pair: -pair[1],
    )
    threshold = getattr(settings, "EXPORT_JOB_THRESHOLD_ROWS", 5000)
    under = [pair for pair in counts if 0 < pair[1] <= threshold]
    if not counts:
        return None
    value = (under or counts[-1:])[0][0]
    return parameter, field, str(value)


def last_page(rows: int | None) -> int:
    return max(1, math.ceil((rows or 0) / PER_PAGE))


def register_pages(register: RegisterList, dpo: User, search: str) -> list[Page]:
    app, url = register.url_name.split(":")
    name = url.removesuffix("_list").replace("_", " ")
    model: type[Model] = register.model
    opts = model._meta
    path = reverse(register.url_name)
    admin_path = reverse(f"benchmark_admin:{opts.app_label}_{opts.model_name}_changelist")
    rows = list_queryset(register, dpo, "")
    total = count(rows)
    admin_total = model._default_manager.count()
    pages = [
        Page(f"{name} list", "list", "dpo", path, total, f"{name} admin"),
        Page(f"{name} admin", "admin", "admin site", admin_path, admin_total),
        Page(
            f"{name} list, last page",
            "list",
            "dpo",
            f"{path}?page={last_page(total)}",
            total,
            f"{name} admin, last page",
        ),
        Page(
            f"{name} admin, last page",
            "admin",
            "admin site",
            f"{admin_path}?p={last_page(admin_total)}",
            admin_total,
        ),
    ]
    chosen = chosen_filter(register, rows) if rows is not None else None
    if chosen:
        parameter, field, value = chosen
        query = QueryDict(mutable=True)
        query[parameter] = value
        filtered = count(list_queryset(register, dpo, query.urlencode()))
        admin_query = QueryDict(mutable=True)
        admin_query[f"{field}__exact"] = value
        note = f"{parameter}={value}"
        pages += [
            Page(
                f"{name} list, filtered",
                "list",
                "dpo",
                f"{path}?{query.urlencode()}",
                filtered,
                f"{name} admin, filtered",
                note,
            ),
            Page(
                f"{name} admin, filtered",
                "admin",
                "admin site",
                f"{admin_path}?{admin_query.urlencode()}",
                model._default_manager.filter(**{field: value}).count(),
                note=note,
            ),
        ]
    if (
        search_fields(model)
        and register.filterset_class
        and "q" in register.filterset_class.base_filters
    ):
        query = QueryDict(mutable=True)
        query["q"] = search
        model_admin = site._registry[model]
        request = RequestFactory().get(admin_path)
        request.user = dpo
        found, _ = model_admin.get_search_results(request, model._default_manager.all(), search)
        pages += [
            Page(
                f"{name} list, searched",
                "list",
                "dpo",
                f"{path}?{query.urlencode()}",
                count(list_queryset(register, dpo, query.urlencode())),
                f"{name} admin, searched",
                f"q={search}",
            ),
            Page(
                f"{name} admin, searched",
                "admin",
                "admin site",
                f"{admin_path}?{query.urlencode()}",
                found.count(),
                note=f"q={search}",
            ),
        ]
    try:
        export = reverse(f"{app}:{opts.model_name}_export", kwargs={"format": "csv"})
    except NoReverseMatch:
        export = ""
    if export:
        pages.append(Page(f"{name} export", "export", "dpo", export, total))
        if chosen:
            filtered_list = next(p for p in pages if p.label == f"{name} list, filtered")
            query_string = filtered_list.path.partition("?")[2]
            pages.append(
                Page(
                    f"{name} export, filtered",
                    "export",
                    "dpo",
                    f"{export}?{query_string}",
                    filtered_list.rows,
                    note=filtered_list.note,
                )
            )
    if rows is not None and total:
        middle = rows.order_by("pk").values_list("pk", flat=True)[total // 2]
        for kind in ("detail", "history"):
            try:
                record = reverse(f"{app}:{opts.model_name}_{kind}", kwargs={"pk": middle})
            except NoReverseMatch:
                continue
            pages.append(Page(f"{name} {kind}", kind, "dpo", record, note=f"pk {middle}"))
    return pages


def plan(search: str) -> dict[str, Any]:
    cookies = sessions()
    dpo = User.objects.get(email=ROLES["dpo"])
    pages = [Page("floor", "floor", role, reverse("benchmark_floor")) for role in cookies]
    for label, url_name, role, query, kind in FIXED:
        try:
            path = reverse(url_name, kwargs={"format": "csv"} if kind == "export" else None)
        except NoReverseMatch:  # not built yet: left out, so the list grows as pages land
            continue
        query = query.format(search=search)
        pages.append(Page(label, kind, role, f"{path}?{query}" if query else path))
    for register in register_lists():
        pages += register_pages(register, dpo, search)
    return {
        "cookies": cookies,
        "pages": [asdict(page) for page in pages],
        "admin_skipped": skipped,
    }


if __name__ == "__main__":
    print(json.dumps(plan(sys.argv[1] if len(sys.argv) > 1 else "Hull")))
