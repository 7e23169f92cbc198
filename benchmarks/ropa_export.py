"""Benchmark: the ICO-layout XLSX export of 10,000 processing activities.

Run it from the project folder (``benchmarks`` needs no ``__init__.py``):

    .venv/bin/python -m benchmarks.ropa_export                  # 10,000 activities, best of 3
    .venv/bin/python -m benchmarks.ropa_export --activities 2000 --repeat 5

It never touches the portal's own database: it uses a throwaway SQLite file,
``/tmp/ropa_bench.sqlite3`` (``ROPA_BENCH_DATABASE_URL`` points it elsewhere), deleted and
migrated afresh on every run, and seeds it with ``bulk_create``: the reference rows, then the
activities with every text column filled and eleven many-to-many links each. Then, in the
same process, it times

(a) ``ropa.spreadsheets.export_ico`` on ``ProcessingActivity.objects.with_related()`` — what
    the export view runs: the queries, the cell formatting and the workbook — and counts its
    queries;
(b) openpyxl alone writing the same cells, computed beforehand, to a write-only workbook: the
    floor any export in this layout pays.

and prints both times (best of ``--repeat`` runs), the ratio a/b and a's query count.
"""

import argparse
import io
import os
import sys
import time
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
        Path(DATABASE_URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
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
    activities = ProcessingActivity.objects.bulk_create(
        (
            ProcessingActivity(
                name=f"Processing activity {n:05d}",
                business_function="Analysis",
                purpose=f"Activity {n}: mapping where violence happens so partners act early.",
                has_personal_data=True,
                covering_agreement=pools["agreements"][n % 10],
                third_countries="None",
                retention_schedule="Six years from creation, then review",
                retention_rule=rule,
                security_measures=text,
                art6_basis="public_task",
                art9_condition="g",
                rights_available="Access, rectification, objection",
                location="OPCC SharePoint (UK)",
                dpia_required="yes",
                schedule1_condition="p2_10",
                retention_policy=policy,
                retained_in_line="yes",
                owner=owner,
            )
            for n in range(count)
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
                    **{f"{related}_id": pool[(index + k) % len(pool)].pk},
                )
                for index, activity in enumerate(activities)
                for k in range(per_activity)
            ),
            batch_size=5000,
        )


def best_of(repeat: int, run: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def write_precomputed(rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ROPA")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    fresh_database()
    seed(args.activities)
    print(f"database: {DATABASE_URL}")
    print(
        f"seeded {ProcessingActivity.objects.count():,} activities with "
        f"{sum(n for _, n in LINKS.values())} links each in {time.perf_counter() - started:.1f} s"
    )

    def portal_export() -> bytes:
        return spreadsheets.export_ico(ProcessingActivity.objects.with_related(), "xlsx")

    with CaptureQueriesContext(connection) as queries:
        portal_export()  # warm-up, and the query count
    portal_seconds, body = best_of(args.repeat, portal_export)

    # Where (a)'s time goes: loading the rows (queries and model instances), then their text.
    load_seconds, loaded = best_of(
        args.repeat,
        lambda: list(spreadsheets.for_export(ProcessingActivity.objects.with_related())),
    )
    controller = ControllerDetails.objects.first()
    text_seconds, cells = best_of(
        args.repeat,
        lambda: [
            [spreadsheets._xlsx_value(value) for value in row]
            for row in spreadsheets.ico_rows(loaded, controller)
        ],
    )
    bare_seconds, bare = best_of(args.repeat, lambda: write_precomputed(cells))

    print(f"(a) portal export_ico, xlsx:       {portal_seconds:7.2f} s  ({len(body):,} bytes)")
    print(f"(b) openpyxl alone, same cells:    {bare_seconds:7.2f} s  ({len(bare):,} bytes)")
    print(f"ratio a/b:                         {portal_seconds / bare_seconds:7.2f}")
    print(f"  (a) loading rows, queries + models: {load_seconds:7.2f} s")
    print(f"  (a) cell text of loaded rows:       {text_seconds:7.2f} s")
    print(f"queries in (a):                    {len(queries):7d}")
    print(f"rows per second (a):               {args.activities / portal_seconds:7.0f}")


if __name__ == "__main__":
    main()
