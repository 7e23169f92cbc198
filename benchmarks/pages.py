"""Benchmark: the oversight pages, the home pages and the register lists at scale, served by
gunicorn, each against a floor view.

Run it from the project folder (PostgreSQL must be up; ``benchmarks`` needs no ``__init__.py``):

    .venv/bin/python benchmarks/pages.py                       # seed 100,000 rows, 20 requests each
    .venv/bin/python benchmarks/pages.py --seed small --repeat 10
    .venv/bin/python benchmarks/pages.py --seed none --pages dashboard,audit   # database as it is
    .venv/bin/python benchmarks/pages.py --compare-sizes       # query counts: small vs default

With ``--seed small`` or ``default`` it builds its own database, ``vpp_bench_pages`` on
``postgres://postgres@127.0.0.1:5432`` (``PAGES_BENCH_DATABASE_URL`` points it elsewhere):
dropped and created, migrated, the demo loaded, then ``seed_scale`` (``--small``: ~10,000 register
rows and ~95,000 history rows; default: ~100,000 and ~950,000), and dropped at the end unless
``--keep``. With ``--seed none`` it uses that database as it stands and never drops it.

It signs in one client per role (a session made in the database for each demo login, as a
completed sign-in with its second factor would leave it), starts gunicorn with 2 workers on
loopback with ``benchmarks.settings`` (the portal plus the floor view at ``/benchmark/floor/``,
which only checks the login and renders a minimal template, and a middleware that counts queries on
request), warms each page up, then requests it ``--repeat`` times, one request at a time, and
reports per page: median and 95th percentile in milliseconds, the median as a multiple of the
floor's (same role), the queries the page ran and the bytes it returned. A page whose URL name
does not resolve yet is left out, so the list grows as pages land. A page that runs
``COUNT(*)`` over a whole history table is flagged, and the run exits with status 1.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
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
SEARCH_TERM = "Hull"
#: Demo logins, one per role (the partner's home page is a partner's own).
ROLES = {
    "staff": "staff@demo.vpp.test",
    "dpo": "dpo@demo.vpp.test",
    "siro": "siro@demo.vpp.test",
    "director": "director@demo.vpp.test",
    "admin": "admin@demo.vpp.test",
    "partner": "partner.police@demo.vpp.test",
}


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    role: str
    query: str = ""


#: The pages the issue names; register lists are added from the URL conf (``register_lists``).
PAGES = (
    Page("floor", "benchmark_floor", "siro"),
    Page("dashboard", "governance:dashboard", "siro"),
    Page("findings", "governance:finding_list", "dpo"),
    Page("audit log", "governance:audit_log", "dpo"),
    Page("search", "governance:search", "staff", f"q={SEARCH_TERM}"),
    *(Page(f"home ({role})", "home", role) for role in ROLES),
)
LIST_APPS = ("sharing", "ropa", "governance")


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


def sign_in(database_url: str) -> dict[str, str]:
    """A session cookie per role, made in the database by ``Client.force_login`` (in a child
    process, so this one never loads Django against the benchmark's database)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "from accounts.models import User\n"
        "from accounts.mfa import MFA_ENROLLED_SESSION_KEY\n"
        f"roles = {ROLES!r}\n"
        "cookies = {}\n"
        "for role, email in roles.items():\n"
        "    client = Client()\n"
        "    client.force_login(User.objects.get(email=email))\n"
        "    session = client.session\n"
        "    session[MFA_ENROLLED_SESSION_KEY] = True\n"
        "    session.save()\n"
        "    cookies[role] = session.session_key\n"
        "print(json.dumps({'name': settings.SESSION_COOKIE_NAME, 'cookies': cookies}))\n"
    )
    import json

    output = subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    signed = json.loads(output.strip().splitlines()[-1])
    return {role: f"{signed['name']}={key}" for role, key in signed["cookies"].items()}


def resolvable(database_url: str) -> dict[str, str]:
    """Each benchmarked page's path, for the URL names that resolve today, and the register
    lists (``<app>:<model>_list`` names that take no arguments)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.urls import NoReverseMatch, get_resolver, reverse\n"
        f"names = {[page.url_name for page in PAGES]!r}\n"
        "paths = {}\n"
        "resolver = get_resolver()\n"
        f"for app in {LIST_APPS!r}:\n"
        "    inner = resolver.namespace_dict[app][1]\n"
        "    names += sorted(f'{app}:{n}' for n in inner.reverse_dict if isinstance(n, str)\n"
        "                    and n.endswith('_list'))\n"
        "for name in dict.fromkeys(names):\n"
        "    try:\n"
        "        paths[name] = reverse(name)\n"
        "    except NoReverseMatch:\n"
        "        pass\n"
        "print(json.dumps(paths))\n"
    )
    import json

    output = subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


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
            "--timeout=120",
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


@dataclass
class Result:
    page: Page
    status: int
    median: float
    p95: float
    queries: int
    history_counts: int
    size: int
    history_sql: str = ""


def get(port: int, path: str, cookie: str, *, count: bool = False) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if count:
        headers["X-Count-Queries"] = "1"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def measure(port: int, page: Page, path: str, cookie: str, repeat: int, warmup: int) -> Result:
    for _ in range(warmup):
        get(port, path, cookie)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, body, _ = get(port, path, cookie)
        samples.append((time.perf_counter() - started) * 1000)
    status, body, headers = get(port, path, cookie, count=True)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Result(
        page,
        status,
        statistics.median(samples),
        p95,
        int(headers.get("X-Queries", -1)),
        int(headers.get("X-History-Count-All", 0)),
        len(body),
        headers.get("X-History-Count-Sql", ""),
    )


def run(database_url: str, arguments: argparse.Namespace) -> tuple[list[Result], dict[str, Result]]:
    paths = resolvable(database_url)
    pages = [page for page in PAGES if page.url_name in paths]
    known = {page.url_name for page in PAGES}
    pages += [
        # As the DPO, who may read every register.
        Page(name.split(":")[1].removesuffix("_list").replace("_", " ") + " list", name, "dpo")
        for name in paths
        if name not in known
    ]
    wanted = [w.strip() for w in arguments.pages.split(",")] if arguments.pages else []
    if wanted:
        pages = [p for p in pages if p.label == "floor" or any(w in p.label for w in wanted)]
    floors = {role: Page("floor", "benchmark_floor", role) for role in {p.role for p in pages}}
    cookies = sign_in(database_url)
    results = []
    with gunicorn(database_url) as port:
        floor_results = {
            role: measure(
                port,
                floor,
                paths["benchmark_floor"],
                cookies[role],
                arguments.repeat,
                arguments.warmup,
            )
            for role, floor in floors.items()
        }
        for page in pages:
            if page.label == "floor":
                continue
            path = paths[page.url_name] + (f"?{page.query}" if page.query else "")
            results.append(
                measure(port, page, path, cookies[page.role], arguments.repeat, arguments.warmup)
            )
    return [*(floor_results[r] for r in sorted(floor_results)), *results], floor_results


def table(results: list[Result], floors: dict[str, Result]) -> str:
    lines = [
        "| page | as | status | median ms | p95 ms | × floor | queries | KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        floor = floors[result.page.role]
        flag = " ⚠ COUNT(*) over a history table" if result.history_counts else ""
        lines.append(
            f"| {result.page.label}{flag} | {result.page.role} | {result.status} "
            f"| {result.median:.1f} | {result.p95:.1f} | {result.median / floor.median:.1f} "
            f"| {result.queries} | {result.size / 1024:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", choices=("small", "default", "none"), default="default")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pages", default="", help="Comma-separated parts of page labels.")
    parser.add_argument(
        "--compare-sizes",
        action="store_true",
        help="Seed small, then default, and compare each page's query count.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the seeded database.")
    arguments = parser.parse_args()
    sizes = ["small", "default"] if arguments.compare_sizes else [arguments.seed]
    by_size: dict[str, list[Result]] = {}
    flagged = False
    for size in sizes:
        if size != "none":
            seconds = seed(DATABASE_URL, size)
            print(f"\nSeeded ({size}) in {seconds:.0f} s")
        try:
            results, floors = run(DATABASE_URL, arguments)
        finally:
            if size != "none" and not arguments.keep:
                recreate_database(DATABASE_URL, drop_only=True)
        print(
            f"\n{date.today():%d %B %Y}, {os.cpu_count()} CPUs, gunicorn 2 workers, "  # noqa: DTZ011 — the run's local date, for its report only
            f"{arguments.repeat} requests per page after {arguments.warmup} to warm up, "
            f"data: {size}\n"
        )
        print(table(results, floors))
        for result in results:
            if result.history_sql:
                print(f"\n{result.page.label}: {result.history_sql}")
        by_size[size] = results
        flagged |= any(r.history_counts for r in results)
    if arguments.compare_sizes:
        small = {(r.page.label, r.page.role): r.queries for r in by_size["small"]}
        print(
            "\n| page | as | queries (small) | queries (default) | same |\n|---|---|---:|---:|---|"
        )
        for result in by_size["default"]:
            before = small.get((result.page.label, result.page.role))
            same = "yes" if before == result.queries else "**no**"
            print(
                f"| {result.page.label} | {result.page.role} | {before} | {result.queries} "
                f"| {same} |"
            )
    if flagged:
        print("\nA page ran COUNT(*) over a whole history table (flagged above).")
        sys.exit(1)


if __name__ == "__main__":
    main()
