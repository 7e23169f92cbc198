"""Benchmark: register exports at scale, the agreement register (a plain one) as the example.

Run it from the project folder (``benchmarks`` needs no ``__init__.py``):

    .venv/bin/python -m benchmarks.exports                     # 100,000 agreements
    .venv/bin/python -m benchmarks.exports --rows 20000 --keep

It never touches the portal's own database: it uses ``EXPORTS_BENCH_DATABASE_URL`` (by default
the PostgreSQL database ``vpp_bench_exports`` on 127.0.0.1), emptied, migrated and seeded with
``bulk_create``: ``--rows`` agreements with two parties each out of 200 organisations, with dates
and statuses. ``--keep`` reuses a database that already holds that many agreements.

Then, as a staff user who sees every row:

- **CSV through the view**: ``GET /sharing/agreements/export.csv`` (the threshold raised so the
  request writes it), reading the whole streamed body: rows a second, queries.
- **XLSX through the view**: the same, in XLSX, for a searched list of ``--xlsx-rows`` rows.
- **The worker's peak memory**: in a fresh subprocess, what a background job runs
  (``rerun_export`` then ``write_export`` to a temporary file) over every row, in each format,
  with the process's own peak resident memory (``VmHWM``) against the same subprocess having
  only set Django up and read one agreement.

The goals (issue "Exports that finish"): CSV ≥ 10,000 rows a second; the worker under 200 MB.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

DATABASE_URL = os.environ.get(
    "EXPORTS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vpp_bench_exports"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ["DATABASE_URL"] = DATABASE_URL  # before Django reads its settings
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.choices import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from sharing.models import Agreement, AgreementParty, Organisation  # noqa: E402

EMAIL = "bench.exports@example.test"
BATCH = 5000


def seed(rows: int) -> None:
    call_command("flush", interactive=False, verbosity=0)
    host = Organisation.objects.create(name="Bench host", kind="other", is_core_team_host=True)
    user = User(email=EMAIL, full_name="Bench Staff", role=Role.STAFF, organisation=host)
    user.set_unusable_password()  # the benchmark logs in with force_login
    user.save()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {n:03d}", kind="local_authority") for n in range(200)
    )
    statuses = ("drafting", "active", "active", "active", "expired")
    start = date(2020, 1, 1)
    for offset in range(0, rows, BATCH):
        agreements = Agreement.objects.bulk_create(
            Agreement(
                title=f"Agreement {n:06d}",
                kind="isa" if n % 3 else "mou",
                purpose="Reducing serious violence through shared analysis.",
                status=statuses[n % len(statuses)],
                review_on=start + timedelta(days=n % 2000),
                expires_on=None if n % 4 == 0 else start + timedelta(days=365 + n % 2000),
            )
            for n in range(offset, min(offset + BATCH, rows))
        )
        AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=agreement,
                organisation=organisations[(agreement.pk + k) % len(organisations)],
                role="controller",
            )
            for agreement in agreements
            for k in (0, 1)
        )
    print(f"seeded {rows:,} agreements", flush=True)


def through_view(client: Client, fmt: str, query: str = "") -> dict[str, Any]:
    url = reverse("sharing:agreement_export", kwargs={"format": fmt}) + query
    settings.EXPORT_JOB_THRESHOLD_ROWS = 10**9
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return {"seconds": seconds, "bytes": len(body), "queries": len(queries)}


MEMORY_SCRIPT = """
import json, os, sys, tempfile
sys.path.insert(0, {root!r})


def high_water_kb():
    # VmHWM is this process's own peak; ru_maxrss would carry the parent's peak across exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ["DATABASE_URL"] = {url!r}
import django
django.setup()
from django.urls import reverse
from accounts.models import User
from sharing.models import Agreement
from vpp_portal.register_export import rerun_export, write_export
user = User.objects.get(email={email!r})
Agreement.objects.first()
baseline = high_water_kb()
rows = 0
if {fmt!r}:
    params = {{"view": "sharing:agreement_export", "kwargs": {{"format": {fmt!r}}},
               "query": "", "format": {fmt!r}}}
    export = rerun_export(user, params)
    with tempfile.TemporaryFile() as target:
        rows = write_export(export.rows, {fmt!r}, target)
peak = high_water_kb()
print(json.dumps({{"rows": rows, "baseline_kb": baseline, "peak_kb": peak}}))
"""


def worker_memory(fmt: str) -> dict[str, Any]:
    script = MEMORY_SCRIPT.format(
        root=str(Path(__file__).resolve().parent.parent), url=DATABASE_URL, email=EMAIL, fmt=fmt
    )
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=10_000, help="a power of ten")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help="only the worker's memory")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not (args.keep and Agreement.objects.count() == args.rows):
        seed(args.rows)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    if args.memory_only:
        report_memory()
        return

    csv_run = through_view(client, "csv")
    rate = args.rows / csv_run["seconds"]
    print(
        f"CSV, {args.rows:,} rows through the view: {csv_run['seconds']:.1f} s, "
        f"{rate:,.0f} rows/s, {csv_run['bytes'] / 1e6:.1f} MB, {csv_run['queries']} queries",
        flush=True,
    )
    # A searched list: "Agreement 00" finds the first 10,000 agreements (000000 to 009999).
    search = "Agreement " + "0" * (6 - len(str(args.xlsx_rows - 1)))
    query = "?" + urlencode({"q": search})
    counted = Agreement.objects.search(search).count()
    xlsx_run = through_view(client, "xlsx", query)
    print(
        f"XLSX, {counted:,} rows through the view: {xlsx_run['seconds']:.1f} s, "
        f"{counted / xlsx_run['seconds']:,.0f} rows/s, {xlsx_run['bytes'] / 1e6:.1f} MB, "
        f"{xlsx_run['queries']} queries",
        flush=True,
    )
    if not args.no_memory:
        report_memory()


def report_memory() -> None:
    for fmt in ("csv", "xlsx"):
        memory = worker_memory(fmt)
        print(
            f"worker, {fmt.upper()} of {memory['rows']:,} rows: "
            f"peak {memory['peak_kb'] / 1024:.0f} MB "
            f"(Django and one row: {memory['baseline_kb'] / 1024:.0f} MB), "
            f"{memory['seconds']:.1f} s in all",
            flush=True,
        )


if __name__ == "__main__":
    main()
