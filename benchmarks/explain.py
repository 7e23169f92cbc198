"""Benchmark: the query plan of the first page of every register list and queue at scale.

Run it from the project folder against a seeded PostgreSQL database (``benchmarks/pages.py
--seed default --keep`` leaves one; ``--database-url`` names it, by default the page
benchmark's ``PAGES_BENCH_DATABASE_URL`` or ``vpp_bench_pages``):

    .venv/bin/python benchmarks/explain.py
    .venv/bin/python benchmarks/explain.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python benchmarks/explain.py --lists agreement,dpia --no-columns

Each page is requested through the portal itself (Django's test client, signed in as the
role that uses the page, its second factor done), so its queries are exactly the view's:
the filterset, the table's sort and the pagination, 25 rows a page. Every ``SELECT`` the page
runs on its own tables is then planned with ``EXPLAIN (FORMAT JSON)`` and run with ``EXPLAIN
(ANALYZE, FORMAT JSON)``. Per page it reports the plan of the page's query (the first one
with a ``LIMIT`` on the page's table), its top nodes down to the first scan, the planning and
execution time, and whether any of its queries sorts a whole table: a ``Sort`` node above a
sequential scan of a table of ``--big`` rows or more ("sorts table"). A page that reads
through an index in the order wanted needs no ``Sort`` at all ("index"); an ``Incremental
Sort`` over an index only sorts the rows that tie on the index's leading columns.

Besides each list's default order, every sortable column is tried both ways (``?sort=col`` and
``?sort=-col``; ``--no-columns`` leaves them out) and a list with a status filter once with
its most common status; those lines are reported but only the default orders decide the exit
status: 1 when the first page of a big list or queue sorts a whole table.
"""

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = os.environ.get(
    "PAGES_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vpp_bench_pages"
)
#: Demo logins of the roles whose pages are planned.
ROLES = {
    "dpo": "dpo@demo.vpp.test",
    "director": "director@demo.vpp.test",
    "siro": "siro@demo.vpp.test",
}
#: Pages that are not ``*_list`` routes with a table: (label, URL name, role, models' labels).
QUEUES = (
    (
        "retention due",
        "ropa:retention_due",
        "dpo",
        ("sharing.DataSource", "ropa.ProcessingActivity"),
    ),
    ("disposal queue", "ropa:disposal_queue", "dpo", ("ropa.Disposal",)),
    ("DPIA review queue", "governance:dpia_review_queue", "dpo", ("governance.Dpia",)),
    ("DPIA director queue", "governance:dpia_director_queue", "director", ("governance.Dpia",)),
    ("DPIA SIRO queue", "governance:dpia_siro_queue", "siro", ("governance.Dpia",)),
    ("notifications", "governance:notification_list", "dpo", ("governance.Notification",)),
)
#: Scan nodes: where a plan reads a table.
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan"}


@dataclass
class Plan:
    sql: str
    top: str
    sorts_table: str  # the table sorted whole, or ""
    uses_index: bool
    planning_ms: float
    execution_ms: float


@dataclass
class Result:
    label: str
    variant: str
    rows: int
    status: int
    page: Plan | None
    plans: list[Plan] = field(default_factory=list)
    counts: bool = True  # decides the exit status

    @property
    def sorted_whole(self) -> list[str]:
        return sorted({plan.sorts_table for plan in self.plans if plan.sorts_table})

    @property
    def verdict(self) -> str:
        if self.status != 200:
            return f"HTTP {self.status}"
        if self.sorted_whole:
            return "sorts table " + ", ".join(self.sorted_whole)
        if self.page is None:
            return "no page query"
        return "index" if self.page.uses_index else "no sort"


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpp_portal.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def node_summary(node: dict[str, Any]) -> str:
    text = node["Node Type"]
    if node.get("Index Name"):
        text += f" using {node['Index Name']}"
    elif node.get("Relation Name"):
        text += f" on {node['Relation Name']}"
    if node.get("Sort Key"):
        text += f" ({', '.join(node['Sort Key'])})"
    return text


def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [node]
    for child in node.get("Plans", []):
        nodes.extend(walk(child))
    return nodes


def top_chain(node: dict[str, Any]) -> str:
    """The plan's first nodes, down the first child, to the first scan."""
    chain = [node_summary(node)]
    while node["Node Type"] not in SCANS and node.get("Plans"):
        node = node["Plans"][0]
        chain.append(node_summary(node))
    return " → ".join(chain[:5])


def whole_table_sort(root: dict[str, Any], big: dict[str, int], minimum: int) -> str:
    """The big table a ``Sort`` node sorts whole, or "": a sequential scan of it under the sort,
    which sorts at least half its rows or ``minimum`` rows (from ``EXPLAIN ANALYZE``: sorting
    the 50 parties of a page's agreements after scanning the organisations is no such sort)."""
    for node in walk(root):
        if node["Node Type"] != "Sort" or not node.get("Plans"):
            continue
        child = node["Plans"][0]
        sorted_rows = child.get("Actual Rows", 0) * child.get("Actual Loops", 1)
        for below in walk(node):
            table = str(below.get("Relation Name", ""))
            scans_big = below["Node Type"] == "Seq Scan" and table in big
            if scans_big and sorted_rows >= min(minimum, big[table] / 2):
                return table
    return ""


def explain(sql: str, big: dict[str, int], minimum: int) -> Plan:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        planned = _json(cursor.fetchone()[0])
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        analysed = _json(cursor.fetchone()[0])
    root = planned["Plan"]
    return Plan(
        sql=sql,
        top=top_chain(root),
        sorts_table=whole_table_sort(analysed["Plan"], big, minimum),
        uses_index=any(
            n["Node Type"] in {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
            for n in walk(root)
        ),
        planning_ms=float(analysed["Planning Time"]),
        execution_ms=float(analysed["Execution Time"]),
    )


def _json(value: Any) -> dict[str, Any]:
    document = json.loads(value) if isinstance(value, str) else value
    return dict(document[0])


def big_tables(minimum: int) -> dict[str, int]:
    """Tables the planner estimates at ``minimum`` rows or more (from the last ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= %s",
            [minimum],
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def clients() -> dict[str, Any]:
    from django.test import Client

    from accounts.mfa import MFA_ENROLLED_SESSION_KEY
    from accounts.models import User

    signed_in = {}
    for role, email in ROLES.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        session = client.session
        session[MFA_ENROLLED_SESSION_KEY] = True
        session.save()
        signed_in[role] = client
    return signed_in


def plan_page(
    client: Any,
    label: str,
    variant: str,
    path: str,
    tables: set[str],
    big: dict[str, int],
    minimum: int,
) -> Result:
    """Request the page, then plan every ``SELECT`` it ran that reads one of ``tables``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    pattern = re.compile("|".join(rf'(FROM|JOIN) "{re.escape(t)}"' for t in sorted(tables)))
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH", "(SELECT"))
        and pattern.search(q["sql"])
    ]
    plans = [explain(sql, big, minimum) for sql in selects]
    page = next((p for p in plans if " LIMIT " in p.sql), plans[0] if plans else None)
    rows = max((big.get(t, 0) for t in tables), default=0)
    return Result(label, variant, rows, response.status_code, page, plans)


def register_pages(
    only: list[str], columns: bool
) -> list[tuple[str, str, str, str, set[str], bool]]:
    """(label, variant, role, path, tables, counts) for every list, queue and variant."""
    from django.apps import apps
    from django.db.models import Count
    from django.urls import reverse

    from benchmarks.admin import choice_filters, register_lists

    pages = []
    for register in register_lists():
        app = register.url_name.split(":")[0]
        if app not in {"sharing", "ropa", "governance", "accounts"}:
            continue
        label = register.url_name.split(":")[1].removesuffix("_list")
        if only and not any(part in label for part in only):
            continue
        role = "dpo"  # the DPO opens every list (the security log and role changes too)
        path = reverse(register.url_name)
        tables = {register.model._meta.db_table}
        pages.append((label, "default order", role, path, tables, True))
        if columns:
            table = register.table_class([])
            for column in table.columns:
                if column.orderable:
                    for sign in ("", "-"):
                        pages.append(
                            (
                                label,
                                f"sort={sign}{column.name}",
                                role,
                                f"{path}?sort={sign}{column.name}",
                                tables,
                                False,
                            )
                        )
            status = choice_filters(register).get("status")
            if status:
                common = (
                    register.model._default_manager.order_by()
                    .values_list(status)
                    .annotate(n=Count("pk"))
                    .order_by("-n")
                    .first()
                )
                if common:
                    pages.append(
                        (
                            label,
                            f"status={common[0]}",
                            role,
                            f"{path}?status={common[0]}",
                            tables,
                            False,
                        )
                    )
    for label, url_name, role, models in QUEUES:
        if only and not any(part in label for part in only):
            continue
        tables = {apps.get_model(model)._meta.db_table for model in models}
        pages.append((label, "default order", role, reverse(url_name), tables, True))
    return pages


def report(results: list[Result]) -> None:
    print("| list | variant | rows | plan of the page's query | planned ms | run ms | verdict |")
    print("|---|---|---:|---|---:|---:|---|")
    for r in results:
        page = r.page
        print(
            f"| {r.label} | {r.variant} | {r.rows:,} | {page.top if page else '–'} | "
            f"{page.planning_ms:.2f} | {page.execution_ms:.2f} | {r.verdict} |"
            if page
            else f"| {r.label} | {r.variant} | {r.rows:,} | – | – | – | {r.verdict} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--lists", default="", help="Comma-separated parts of list labels.")
    parser.add_argument("--no-columns", action="store_true", help="Default orders only.")
    parser.add_argument(
        "--big", type=int, default=1000, help="A table of this many rows or more is big."
    )
    arguments = parser.parse_args()
    setup(arguments.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("explain.py needs PostgreSQL (--database-url).", file=sys.stderr)
        return 2
    big = big_tables(arguments.big)
    signed_in = clients()
    only = [part for part in arguments.lists.split(",") if part]
    started = time.perf_counter()
    results = []
    for label, variant, role, path, tables, counts in register_pages(
        only, not arguments.no_columns
    ):
        try:
            result = plan_page(signed_in[role], label, variant, path, tables, big, arguments.big)
        except Exception as error:  # a page that fails is reported, and the rest planned
            print(f"{label} ({variant}): {error!r}", file=sys.stderr)
            result = Result(label, variant, 0, 500, None)
        result.counts = counts
        results.append(result)
    report(results)
    failing = [
        r
        for r in results
        if r.counts and r.rows >= arguments.big and r.verdict != "index" and r.verdict != "no sort"
    ]
    print(f"\n{len(results)} pages planned in {time.perf_counter() - started:.0f} s.")
    for r in failing:
        print(f"FAIL: {r.label} ({r.variant}): {r.verdict}", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
