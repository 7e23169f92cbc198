"""Benchmark: the ICO-layout export of 10,000 processing activities, against openpyxl alone.

Run it from the project folder (``benchmarks`` needs no ``__init__.py``):

    .venv/bin/python -m benchmarks.ropa_export                  # 10,000 activities, best of 3
    .venv/bin/python -m benchmarks.ropa_export --activities 2000 --repeat 5
    .venv/bin/python -m benchmarks.ropa_export --activities 100000 --memory-only --keep

It never touches the portal's own database: it uses a throwaway SQLite file,
``/tmp/ropa_bench.sqlite3``, unless ``ROPA_BENCH_DATABASE_URL`` names another database (a
PostgreSQL one of its own, say). The database is emptied and migrated afresh and seeded with
``bulk_create``: the reference rows, then the activities with every text column filled, two
dates, a web address in "Link to record of legitimate interests assessment" and eleven
many-to-many links each. ``--keep`` reuses a database that already holds that many activities.

Then, in the same process and interleaved (a, b, a, b, …), best of ``--repeat``:

(a) the portal's XLSX export as its view writes it: ``ico_rows`` (the queries, the cells) into
    ``write_xlsx`` (``vpp_portal.exports``: formula guard, date cells, hyperlinks, the layout)
    to a temporary file; with its query count;
(b) openpyxl alone writing the same cells (computed beforehand) in write-only mode to a
    temporary file, as plainly as openpyxl allows: each string through the same formula guard
    and control-character filter, dates as date cells, links as hyperlink cells, the same
    widths, frozen panes and bold headings. The floor any export in this layout pays;

and the CSV export's rate. The goal: a ÷ b ≤ 2.

Memory: each format is exported once more in a fresh subprocess, which reports its peak
resident memory (``VmHWM``, what ``ru_maxrss`` measures but for the process alone), against the
same subprocess having only set Django up and read one activity.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATABASE_URL = os.environ.get("ROPA_BENCH_DATABASE_URL", "sqlite:////tmp/ropa_bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ["DATABASE_URL"] = DATABASE_URL  # before Django reads its settings
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from accounts.models import User  # noqa: E402
from governance.models import Policy  # noqa: E402
from ropa import spreadsheets  # noqa: E402
from ropa.models import (  # noqa: E402
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from sharing.models import Agreement, DataSource, Organisation  # noqa: E402
from vpp_portal.exports import Link, safe_cell  # noqa: E402

LINKS = {  # many-to-many field → (related rows to pick from, links per activity)
    "joint_controllers": ("organisations", 2),
    "processors": ("organisations", 1),
    "individual_categories": ("individuals", 2),
    "data_categories": ("data", 2),
    "recipient_categories": ("recipients", 1),
    "sources": ("sources", 2),
    "processor_contracts": ("agreements", 1),
}


def fresh_database() -> None:
    if DATABASE_URL.startswith("sqlite:///"):
        connection.close()
        Path(DATABASE_URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        call_command("flush", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)


def seed(count: int) -> None:
    owner = User.objects.create_user("owner@bench.test", full_name="Bench Owner")
    opcc = Organisation.objects.create(name="OPCC", kind="other", is_core_team_host=True)
    ControllerDetails.objects.create(
        controller_name="Office of the Police and Crime Commissioner for Humberside",
        controller_address="The Lawns, Harland Way, Cottingham",
        controller_email="opcc@example.test",
    )
    pools: dict[str, list[Any]] = {
        "organisations": Organisation.objects.bulk_create(
            Organisation(name=f"Partner organisation {n}", kind="other") for n in range(20)
        ),
        "agreements": Agreement.objects.bulk_create(
            Agreement(title=f"Agreement {n}", kind="isa", purpose="Sharing") for n in range(10)
        ),
        "sources": DataSource.objects.bulk_create(
            DataSource(name=f"Data source {n}", classification="open") for n in range(20)
        ),
        "individuals": IndividualCategory.objects.bulk_create(
            IndividualCategory(name=f"Individuals {n}") for n in range(5)
        ),
        "data": DataCategory.objects.bulk_create(
            DataCategory(name=f"Personal data {n}") for n in range(6)
        ),
        "recipients": RecipientCategory.objects.bulk_create(
            RecipientCategory(name=f"Recipients {n}") for n in range(4)
        ),
    }
    policy = Policy.objects.create(
        title="OPCC Retention Policy", kind="policy", owner_organisation=opcc
    )
    rule = RetentionRule.objects.create(
        record_class="Partnership analysis", period=6, trigger="creation", action="review"
    )
    text = "Partnership analysts only; MFA; encrypted at rest; access reviewed quarterly. " * 2
    start = date(2024, 1, 1)
    for first in range(0, count, 10_000):  # in slices, so seeding holds 10,000 at a time
        activities = ProcessingActivity.objects.bulk_create(
            (
                ProcessingActivity(
                    name=f"Processing activity {n:06d}",
                    business_function="Analysis",
                    purpose=f"Activity {n}: mapping where violence happens so partners act early.",
                    has_personal_data=True,
                    covering_agreement=pools["agreements"][n % 10],
                    third_countries="None",
                    retention_schedule="Six years from creation, then review",
                    retention_rule=rule,
                    retention_trigger_on=start + timedelta(days=n % 700),
                    security_measures=text,
                    art6_basis="public_task",
                    art9_condition="g",
                    lia_link=f"https://sharepoint.example/lia/{n}",
                    rights_available="Access, rectification, objection",
                    location="OPCC SharePoint (UK)",
                    dpia_required="yes",
                    schedule1_condition="p2_10",
                    retention_policy=policy,
                    retained_in_line="yes",
                    owner=owner,
                    next_review_on=start + timedelta(days=400 + n % 365),
                )
                for n in range(first, min(first + 10_000, count))
            ),
            batch_size=1000,
        )
        for name, (pool_name, per_activity) in LINKS.items():
            pool = pools[pool_name]
            through = getattr(ProcessingActivity, name).through
            related = getattr(ProcessingActivity, name).field.m2m_reverse_field_name()
            through.objects.bulk_create(
                (
                    through(
                        processingactivity_id=activity.pk,
                        **{f"{related}_id": pool[(first + index + k) % len(pool)].pk},
                    )
                    for index, activity in enumerate(activities)
                    for k in range(per_activity)
                ),
                batch_size=5000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def activities() -> Any:
    """What the export view exports for the DPO with no filter."""
    return ProcessingActivity.objects.all()


def portal_xlsx(target: Any) -> int:
    return spreadsheets.write_xlsx(spreadsheets.ico_rows(activities(), hyperlinks=True), target)


def portal_csv(target: Any) -> int:
    written = 0
    for piece in spreadsheets.write_csv(spreadsheets.ico_rows(activities(), hyperlinks=False)):
        target.write(piece)
        written += 1
    return written


def openpyxl_alone(rows: list[list[Any]], target: Any) -> None:
    """The same cells written with openpyxl's write-only workbook and nothing else."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ROPA")
    for index, column in enumerate(spreadsheets.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"B{spreadsheets.HEADING_ROW + 1}"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def text(value: str) -> object:
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return safe_cell(value)

    for number, row in enumerate(rows, start=1):
        cells: list[object] = []
        for position, value in enumerate(row, start=1):
            if isinstance(value, str):
                if number <= spreadsheets.HEADING_ROW and (
                    number == spreadsheets.HEADING_ROW or position == 1
                ):
                    cell = WriteOnlyCell(sheet, value=text(value))
                    cell.font = bold
                    if number == spreadsheets.HEADING_ROW:
                        cell.alignment = wrap
                    cells.append(cell)
                else:
                    cells.append(text(value))
            elif isinstance(value, Link):
                cell = WriteOnlyCell(sheet, value=text(value.text))
                cell.hyperlink = value.url
                cell.style = "Hyperlink"
                cells.append(cell)
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    workbook.save(target)


def timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def to_temporary_file(write: Callable[[Any], Any]) -> Callable[[], int]:
    def run() -> int:
        with tempfile.TemporaryFile() as file:
            write(file)
            return file.tell()

    return run


# --- memory, in a subprocess ---------------------------------------------------------------------


def peak_kib() -> int:
    """This process's peak resident memory, in KiB. Linux's ``VmHWM``: ``ru_maxrss`` of a
    spawned process also counts the parent's size when it was spawned, and the parent here
    has held every row for (b)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def memory_child(fmt: str) -> None:
    """Runs in the subprocess: export once, print the peaks as JSON."""
    connection.ensure_connection()
    ProcessingActivity.objects.first()  # the ORM and a connection, as a worker has them
    ready = peak_kib()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as file:
        (portal_xlsx if fmt == "xlsx" else portal_csv)(file)
        size = file.tell()
    seconds = time.perf_counter() - started
    print(json.dumps({"ready_kib": ready, "peak_kib": peak_kib(), "bytes": size, "s": seconds}))


def measure_memory(fmt: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.ropa_export", "--memory-child", fmt],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "ROPA_BENCH_DATABASE_URL": DATABASE_URL},
        cwd=Path(__file__).resolve().parent.parent,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse a database already seeded")
    parser.add_argument("--memory-only", action="store_true", help="only the memory runs")
    parser.add_argument("--memory-child", choices=("xlsx", "csv"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if not (args.keep and ProcessingActivity.objects.count() == args.activities):
        fresh_database()
        seed(args.activities)
    print(f"database: {connection.vendor} {DATABASE_URL}")
    print(
        f"{ProcessingActivity.objects.count():,} activities with "
        f"{sum(n for _, n in LINKS.values())} links each, ready in "
        f"{time.perf_counter() - started:.1f} s"
    )

    if not args.memory_only:
        with CaptureQueriesContext(connection) as queries:
            size = to_temporary_file(portal_xlsx)()  # warm-up, and the query count
        rows = list(spreadsheets.ico_rows(activities(), hyperlinks=True))
        links = sum(isinstance(value, Link) for row in rows for value in row)
        portal, alone, csv = [], [], []
        for _ in range(args.repeat):
            portal.append(timed(to_temporary_file(portal_xlsx)))
            alone.append(timed(to_temporary_file(lambda file: openpyxl_alone(rows, file))))
            csv.append(timed(to_temporary_file(portal_csv)))
        a, b = min(portal), min(alone)
        print(f"(a) portal ICO export, xlsx:    {a:7.2f} s  ({size:,} bytes, {links:,} hyperlinks)")
        print(f"(b) openpyxl alone, same cells: {b:7.2f} s")
        print(f"ratio a/b:                      {a / b:7.2f}   (goal ≤ 2)")
        print(f"queries in (a):                 {len(queries):7d}")
        print(
            f"(c) portal ICO export, csv:     {min(csv):7.2f} s  "
            f"({args.activities / min(csv):,.0f} rows/s)"
        )
        del rows

    for fmt in ("xlsx", "csv"):
        peak = measure_memory(fmt)
        print(
            f"peak memory, {fmt}: {peak['peak_kib'] / 1024:6.0f} MB "
            f"(after setup {peak['ready_kib'] / 1024:.0f} MB; {peak['s']:.1f} s, "
            f"{peak['bytes']:,} bytes)"
        )


if __name__ == "__main__":
    main()
