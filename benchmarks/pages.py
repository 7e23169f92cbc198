"""Benchmark: every register list, detail, history page, queue and export at scale, served by
gunicorn, each against a floor view and each list against a plain Django admin changelist.

Run it from the project folder (PostgreSQL must be up; ``benchmarks`` needs no ``__init__.py``):

    .venv/bin/python benchmarks/pages.py --compare-sizes          # both sizes, one run (~15 min)
    .venv/bin/python benchmarks/pages.py --seed small --keep      # the small size, kept
    .venv/bin/python benchmarks/pages.py --seed none --pages agreement,dpia --kinds list,admin
    .venv/bin/python benchmarks/pages.py --compare-sizes --markdown   # tables to paste in docs

With ``--seed small`` or ``default`` it builds its own database, ``vpp_bench_pages`` on
``postgres://postgres@127.0.0.1:5432`` (``PAGES_BENCH_DATABASE_URL`` points it elsewhere):
dropped and created, migrated, the demo loaded, then ``seed_scale`` (``--small``: ~10,000 register
rows and ~95,000 history rows; default: ~100,000 and ~950,000), and dropped at the end unless
``--keep``. With ``--seed none`` it uses that database as it stands and never drops it.

``benchmarks/page_plan.py`` (a child process, so this one never loads Django) signs in one
client per role and works out the pages against the seeded rows: for each register list the
first page, the last page, a filtered and a searched variant, the same four on the
benchmark-only admin site (``benchmarks/admin.py``, at ``/benchmark/admin/``), the detail and
history pages of the record in the middle of the DPO's pk range, and the CSV export unfiltered
and filtered; then the queues, the dashboard, search and each role's home page. gunicorn serves
``benchmarks.settings`` with 2 workers on loopback (the portal, the floor view at
``/benchmark/floor/`` that only checks the login and renders a minimal template, the admin site,
a middleware that counts a request's queries when asked, and Celery publishing to memory, so
that an export big enough to become a background job answers with its redirect, as it would
with a broker, and no job runs). Each page is warmed up, then requested ``--repeat`` times one
at a time (fewer when the page is so slow that they would take more than ``--page-seconds``).

Reported per page: status, the timed requests, the rows behind the page, median and 95th
percentile in milliseconds, the median as a multiple of the same role's floor and (a list) of
its admin changelist, the queries (counted on one extra request) and the size; and against the
goals: a list or queue at most 3× its floor and a list at most 1.0× its admin changelist, a
detail or history page at most 3× its floor, a CSV export of 1,000 rows or more that downloads
at once at least 10,000 rows a second, and with ``--compare-sizes`` each page's big ÷ small time
divided by its floor's at most 1.3. A page whose URL name does not resolve yet is left out. A
page that runs ``COUNT(*)`` over a whole history table is flagged, and the run exits with
status 1.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "PAGES_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vpp_bench_pages"
)
KINDS = ("floor", "list", "admin", "detail", "history", "queue", "export", "other")
#: The goals, as multiples (issue 14).
LIST_FLOOR, LIST_ADMIN, RECORD_FLOOR, GROWTH, CSV_ROWS_PER_SECOND = 3.0, 1.0, 3.0, 1.3, 10_000
#: The rows/s goal is judged on exports of at least this many rows.
EXPORT_GOAL_ROWS = 1000


@dataclass(frozen=True)
class Page:
    label: str
    kind: str
    role: str
    path: str
    rows: int | None = None
    admin: str = ""
    note: str = ""


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="false",  # as served; queries are only recorded where they are counted
        DEMO_PASSWORD=env.get("DEMO_PASSWORD", "benchmark-demo-password-2026"),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(database_url: str, *arguments: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *arguments, "--skip-checks"],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        stdout=sys.stdout,
    )


def server_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    admin_url, name = server_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(database_url: str, size: str) -> float:
    """A fresh database with the demo and the scale data; returns the seeding's seconds."""
    recreate_database(database_url)
    manage(database_url, "migrate", "-v0")
    manage(database_url, "load_demo")
    started = time.perf_counter()
    manage(database_url, "seed_scale", *(["--small"] if size == "small" else []))
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str) -> Iterator[int]:
    """gunicorn with 2 sync workers on loopback; stopped (by its own PID) on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "vpp_portal.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=600",
        ],
        cwd=ROOT,
        env=environment(database_url),
    )
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def plan(database_url: str, search: str) -> tuple[dict[str, str], list[Page], dict[str, list[str]]]:
    """Cookies per role, the pages and the admin's left-out columns, from ``page_plan.py``."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "page_plan.py"), search],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(output.stderr)
    planned = json.loads(output.stdout.strip().splitlines()[-1])
    pages = [Page(**page) for page in planned["pages"]]
    return planned["cookies"], pages, planned["admin_skipped"]


@dataclass
class Result:
    page: Page
    status: int
    location: str
    samples: int
    median: float
    p95: float
    queries: int
    history_counts: int
    size: int
    history_sql: str = ""


def get(port: int, path: str, cookie: str, *, count: bool = False) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if count:
        headers["X-Count-Queries"] = "1"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def timed(port: int, path: str, cookie: str) -> tuple[float, int, dict]:
    started = time.perf_counter()
    status, _, headers = get(port, path, cookie)
    return (time.perf_counter() - started) * 1000, status, headers


def measure(port: int, page: Page, cookie: str, arguments: argparse.Namespace) -> Result:
    """Warm up (at least once, which also sizes the page; no more once the warm-ups took half
    of ``--page-seconds``), then the timed requests: ``--repeat`` of them, or as many as fit in
    ``--page-seconds`` (at least one) for a slow page."""
    budget = arguments.page_seconds * 1000
    warm: list[float] = []
    while len(warm) < max(1, arguments.warmup) and sum(warm) < budget / 2:
        warm.append(timed(port, page.path, cookie)[0])
    repeat = arguments.repeat
    if warm[-1] * repeat > budget:
        repeat = max(1, int(budget // warm[-1]))
    samples = sorted(timed(port, page.path, cookie)[0] for _ in range(repeat))
    status, body, headers = get(port, page.path, cookie, count=True)
    return Result(
        page,
        status,
        headers.get("Location", ""),
        len(samples),
        statistics.median(samples),
        samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        int(headers.get("X-Queries", -1)),
        int(headers.get("X-History-Count-All", 0)),
        len(body),
        headers.get("X-History-Count-Sql", ""),
    )


def warm_workers(port: int, cookies: dict[str, str]) -> None:
    """Load each worker's code and templates before anything is timed: requests two at a time,
    so that both workers answer some."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        for role in cookies:
            list(pool.map(get, [port] * 4, ["/benchmark/floor/"] * 4, [cookies[role]] * 4))


def selected(pages: list[Page], arguments: argparse.Namespace) -> list[Page]:
    """The pages ``--pages`` and ``--kinds`` ask for, with every role's floor they need and the
    admin changelist of every list kept."""
    wanted = [w.strip() for w in arguments.pages.split(",") if w.strip()]
    kinds = {k.strip() for k in arguments.kinds.split(",") if k.strip()} or set(KINDS)
    chosen = [
        page
        for page in pages
        if page.kind != "floor"
        and page.kind in kinds
        and (not wanted or any(w in page.label for w in wanted))
    ]
    admins = {page.admin for page in chosen if page.admin}
    chosen += [p for p in pages if p.label in admins and p not in chosen]
    roles = {page.role for page in chosen}
    return [p for p in pages if p.kind == "floor" and p.role in roles] + chosen


def run(
    database_url: str, arguments: argparse.Namespace
) -> tuple[list[Result], dict[str, list[str]]]:
    cookies, pages, skipped = plan(database_url, arguments.search)
    results = []
    with gunicorn(database_url) as port:
        warm_workers(port, cookies)
        for page in selected(pages, arguments):
            try:
                results.append(measure(port, page, cookies[page.role], arguments))
            except (OSError, http.client.HTTPException) as error:
                print(f"{page.label}: {error!r}", file=sys.stderr)
                results.append(Result(page, 0, "", 0, 0.0, 0.0, -1, 0, 0))
    return results, skipped


def ratio(value: float, base: float | None) -> float | None:
    return value / base if base else None


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def verdict(result: Result, floor: float | None, admin: float | None) -> str:
    """PASS or MISS against the page's goals at one size (and by how much when missed)."""
    kind, status = result.page.kind, result.status
    if kind == "export":
        if status in (301, 302, 303):
            return "→ background job"
        if status != 200:
            return f"MISS (status {status})"
        if not result.page.rows or not result.median:
            return ""
        speed = result.page.rows / (result.median / 1000)
        if result.page.rows < EXPORT_GOAL_ROWS:  # the request's fixed cost, not the rows
            return f"{speed:,.0f} rows/s"
        mark = "PASS" if speed >= CSV_ROWS_PER_SECOND else "MISS"
        return f"{mark} {speed:,.0f} rows/s"
    if kind in ("floor", "admin", "other"):
        return "" if status == 200 else f"status {status}"
    if status != 200:
        return f"MISS (status {status})"
    limit = RECORD_FLOOR if kind in ("detail", "history") else LIST_FLOOR
    misses = []
    if floor is not None and floor > limit:
        misses.append(f"{floor:.1f}× floor > {limit:g}")
    if kind == "list" and admin is not None and admin > LIST_ADMIN:
        misses.append(f"{admin:.2f}× admin > {LIST_ADMIN:g}")
    return "MISS (" + "; ".join(misses) + ")" if misses else "PASS"


def render(header: list[str], rows: list[list[str]], markdown: bool, right: set[int]) -> str:
    """A Markdown table, or the same columns aligned for a terminal."""
    if markdown:
        rule = ["---:" if i in right else "---" for i in range(len(header))]
        return "\n".join("| " + " | ".join(row) + " |" for row in [header, rule, *rows])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in [header, *rows]
    )


def label(page: Page) -> str:
    return f"{page.label} ({page.note})" if page.note and "pk" not in page.note else page.label


def size_table(results: list[Result], markdown: bool) -> str:
    floors = {r.page.role: r.median for r in results if r.page.kind == "floor"}
    admins = {r.page.label: r.median for r in results if r.page.kind == "admin"}
    header = ["page", "kind", "as", "status", "n", "rows", "median ms", "p95 ms", "× floor"]
    header += ["× admin", "queries", "KB", "goal"]
    rows = []
    for result in results:
        page = result.page
        floor = ratio(result.median, floors.get(page.role))
        admin = ratio(result.median, admins.get(page.admin)) if page.admin else None
        flag = " ⚠ COUNT(*) over a history table" if result.history_counts else ""
        rows.append(
            [
                label(page) + flag,
                page.kind,
                page.role,
                str(result.status),
                str(result.samples),
                "" if page.rows is None else f"{page.rows:,}",
                f"{result.median:.1f}",
                f"{result.p95:.1f}",
                times(floor),
                "" if admin is None else f"{admin:.2f}",
                str(result.queries),
                f"{result.size / 1024:.1f}",
                verdict(result, floor, admin),
            ]
        )
    return render(header, rows, markdown, {3, 4, 5, 6, 7, 8, 9, 10, 11})


def growth_table(small: list[Result], big: list[Result], markdown: bool) -> str:
    """Each page's default ÷ small time, divided by its floor's own default ÷ small."""
    before = {(r.page.label, r.page.role): r for r in small}
    floors = {
        r.page.role: r.median / before[("floor", r.page.role)].median
        for r in big
        if r.page.kind == "floor" and ("floor", r.page.role) in before
    }
    header = ["page", "as", "small ms", "default ms", "default ÷ small", "÷ floor's"]
    header += ["queries small", "queries default", "goal"]
    rows = []
    for result in big:
        old = before.get((result.page.label, result.page.role))
        if old is None or result.page.kind == "floor" or not old.median:
            continue
        growth = result.median / old.median
        relative = growth / floors[result.page.role] if result.page.role in floors else None
        if result.page.kind == "export" and result.status != 200:
            goal = ""  # a redirect to a job page: nothing grows but the job
        elif relative is None:
            goal = ""
        else:
            goal = "PASS" if relative <= GROWTH else f"MISS (> {GROWTH:g})"
        same = "" if old.queries == result.queries else " ≠"
        rows.append(
            [
                result.page.label,
                result.page.role,
                f"{old.median:.1f}",
                f"{result.median:.1f}",
                f"{growth:.2f}",
                times(relative) if relative is None else f"{relative:.2f}",
                str(old.queries),
                f"{result.queries}{same}",
                goal,
            ]
        )
    return render(header, rows, markdown, {2, 3, 4, 5, 6, 7})


def summary(tables: dict[str, list[Result]]) -> str:
    """How many pages met their goals at each size."""
    lines = []
    for size, results in tables.items():
        floors = {r.page.role: r.median for r in results if r.page.kind == "floor"}
        admins = {r.page.label: r.median for r in results if r.page.kind == "admin"}
        verdicts = [
            verdict(
                r,
                ratio(r.median, floors.get(r.page.role)),
                ratio(r.median, admins.get(r.page.admin)) if r.page.admin else None,
            )
            for r in results
        ]
        passed = sum(v.startswith("PASS") for v in verdicts)
        missed = sum(v.startswith("MISS") for v in verdicts)
        lines.append(f"{size}: {passed} PASS, {missed} MISS (pages with a goal)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", choices=("small", "default", "none"), default="default")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=4.0,
        help="Fewer timed requests for a page whose requests would take longer than this.",
    )
    parser.add_argument("--pages", default="", help="Comma-separated parts of page labels.")
    parser.add_argument("--kinds", default="", help=f"Comma-separated kinds: {','.join(KINDS)}.")
    parser.add_argument("--search", default="Hull", help="The searched variants' text.")
    parser.add_argument(
        "--compare-sizes",
        action="store_true",
        help="Seed small, then default, in one run, and compare each page's time and queries.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the seeded database.")
    parser.add_argument("--markdown", action="store_true", help="Print Markdown tables.")
    arguments = parser.parse_args()
    sizes = ["small", "default"] if arguments.compare_sizes else [arguments.seed]
    by_size: dict[str, list[Result]] = {}
    flagged = False
    started = time.perf_counter()
    for size in sizes:
        if size != "none":
            seconds = seed(DATABASE_URL, size)
            print(f"\nSeeded ({size}) in {seconds:.0f} s", flush=True)
        measuring = time.perf_counter()
        try:
            results, skipped = run(DATABASE_URL, arguments)
        finally:
            if size != "none" and not arguments.keep:
                recreate_database(DATABASE_URL, drop_only=True)
        print(
            f"\n{date.today():%d %B %Y}, {os.cpu_count()} CPUs, gunicorn 2 workers, "  # noqa: DTZ011 — the run's local date, for its report only
            f"{arguments.repeat} requests per page after {arguments.warmup} to warm up, "
            f"data: {size}, measured in {time.perf_counter() - measuring:.0f} s\n"
        )
        print(size_table(results, arguments.markdown))
        for result in results:
            if result.history_sql:
                print(f"\n{result.page.label}: {result.history_sql}")
        by_size[size] = results
        flagged |= any(r.history_counts for r in results)
    left_out = [f"{name}: {', '.join(cols)}" for name, cols in skipped.items() if cols]
    if left_out:
        print("\nAdmin changelists leave out the portal's computed columns: " + "; ".join(left_out))
    if arguments.compare_sizes:
        print("\nDefault size ÷ small size, per page, divided by the floor's own:\n")
        print(growth_table(by_size["small"], by_size["default"], arguments.markdown))
    print(f"\n{summary(by_size)}\nRun time: {time.perf_counter() - started:.0f} s")
    if flagged:
        print("\nA page ran COUNT(*) over a whole history table (flagged above).")
        sys.exit(1)


if __name__ == "__main__":
    main()
