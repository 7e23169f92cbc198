"""Benchmark: the reminder sweep over 100,000 records with due dates.

Run it from the project folder as a script (``benchmarks`` needs no ``__init__.py``; the records
it seeds and the floor statement are in ``reminder_sweep_records.py`` beside it):

    .venv/bin/python benchmarks/reminder_sweep.py                    # 100,000 records
    .venv/bin/python benchmarks/reminder_sweep.py --records 20000 --repeat 1

It needs PostgreSQL (the sweep's ``INSERT … SELECT … ON CONFLICT`` and ``SKIP LOCKED`` are what
is measured). It never touches the portal's own database: it creates a throwaway database,
``vpp_bench_reminders`` on ``postgres://postgres@127.0.0.1:5432`` (``REMINDER_BENCH_DATABASE_URL``
points it elsewhere), migrates it, seeds it with ``bulk_create`` and drops it at the end
(``--keep`` keeps it). The records are spread over the kinds — policies, agreements (review and
expiry), processing activities (review and retention), data sources (retention and refresh),
consultations, breaches and approved DPIAs — with due dates spread from 60 days ago to 60 days
ahead, so most are in some stage today. Then, in the same process, it times

(a) ``governance.reminders.planning.plan()`` — the sweep's planning: one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per kind and stage into the ledger;
(b) the same due rows written by one hand-written ``INSERT … SELECT`` (a ``UNION ALL`` over the
    record tables, the stage worked out by ``CASE``) into a bare scratch table: the floor any
    set-based planning pays. The two sets of rows are checked to be the same. (b′) is the same
    statement into a copy of the ledger with its indexes, ``ON CONFLICT DO NOTHING``: what any
    planning into a ledger with a unique constraint pays;
(c) ``governance.reminders.delivery.deliver()`` — claiming planned rows, writing the
    notifications and e-mailing them (locmem backend) — for the same ``--deliver-rows`` rows at
    each of two batch sizes, reported separately with rows per second: the queries follow the
    batches, not the rows. Composing e-mails costs milliseconds each, so delivering all ~100,000
    rows takes many minutes: ``--deliver-rows 0`` does it anyway;

and prints the times (best of ``--repeat`` for a and b), the ratio a/b (goal ≤ 3×) and each
phase's query count, which must follow the number of kinds and batches, never the rows.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DATABASE_URL = os.environ.get(
    "REMINDER_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vpp_bench_reminders"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ["DATABASE_URL"] = DATABASE_URL  # before Django reads its settings
os.environ["DEBUG"] = "false"  # queries are only recorded where they are counted
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from reminder_sweep_records import (  # noqa: E402  (this folder: the script's own)
    SCRATCH,
    SCRATCH_INDEXED,
    create_scratch,
    floor_insert,
    same_rows,
    seed,
)

from governance.models import Notification, Reminder  # noqa: E402
from governance.reminders.delivery import deliver  # noqa: E402
from governance.reminders.kinds import KINDS  # noqa: E402
from governance.reminders.planning import plan  # noqa: E402

# --- the throwaway database ---------------------------------------------------------------


def _maintenance(sql: str) -> None:
    parts = urlsplit(DATABASE_URL)
    url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql)


def _database_name() -> str:
    return urlsplit(DATABASE_URL).path.lstrip("/")


def fresh_database() -> None:
    name = _database_name()
    _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _maintenance(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)


def drop_database() -> None:
    connection.close()
    _maintenance(f'DROP DATABASE IF EXISTS "{_database_name()}" WITH (FORCE)')


# --- timing -------------------------------------------------------------------------------


def truncate(*tables: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def reset_ledger() -> None:
    truncate(Notification._meta.db_table)
    Reminder.objects.update(
        state="pending", claimed_at=None, claim_token=None, attempts=0, sent_at=None
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Reminder._meta.db_table}")
    mail.outbox = []


def timed(run: Callable[[], Any]) -> tuple[float, int, Any]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    return seconds, len(queries), result


def best_of(
    repeat: int, prepare: Callable[[], None], run: Callable[[], Any]
) -> tuple[float, int, Any]:
    best: tuple[float, int, Any] = (float("inf"), 0, None)
    for _ in range(repeat):
        prepare()
        outcome = timed(run)
        if outcome[0] < best[0]:
            best = outcome
    return best


def vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def delivery_rows(rows: int, sizes: list[int]) -> list[tuple[int, float, int, Any]]:
    """Deliver ``rows`` ledger rows in batches of each of ``sizes``, from a fresh ledger."""
    runs = []
    for size in sizes:
        reset_ledger()
        now = timezone.now()
        batches = -(-rows // size)
        run = partial(deliver, timezone.localdate(now), now, batch_size=size, max_batches=batches)
        seconds, queries, report = timed(run)
        runs.append((size, seconds, queries, report))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b); best is kept")
    parser.add_argument(
        "--batch-sizes", type=int, nargs="+", default=[100, 500], help="for delivery (c)"
    )
    parser.add_argument(
        "--deliver-rows",
        type=int,
        default=5000,
        help="ledger rows delivered at each batch size in (c) (0: every planned row; slow: "
        "e-mails are composed at a few hundred a second)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    started = time.perf_counter()
    fresh_database()
    migrated = time.perf_counter()
    try:
        count = seed(args.records)
        vacuum()
        print(f"database: {DATABASE_URL} (migrated in {migrated - started:.1f} s)")
        print(
            f"seeded {sum(count.values()):,} records in {time.perf_counter() - migrated:.1f} s: "
            + ", ".join(f"{n:,} {name}" for name, n in count.items())
        )
        now = timezone.now()
        today = timezone.localdate(now)
        create_scratch()

        def clear_ledger() -> None:
            truncate(Notification._meta.db_table, Reminder._meta.db_table)
            vacuum()

        def clear_scratch(table: str) -> Callable[[], None]:
            return lambda: truncate(table)

        plan_s, plan_q, planned = best_of(args.repeat, clear_ledger, lambda: plan(today, now))
        floor_s, floor_q, floored = best_of(
            args.repeat, clear_scratch(SCRATCH), lambda: floor_insert(SCRATCH, today, now)
        )
        missing, extra = same_rows()
        indexed_s, indexed_q, _ = best_of(
            args.repeat,
            clear_scratch(SCRATCH_INDEXED),
            lambda: floor_insert(SCRATCH_INDEXED, today, now),
        )
        again_s, again_q, again = timed(lambda: plan(today, now))
        rows = planned.total
        statements = sum(len(spec.stages) for spec in KINDS.values())

        print()
        print(f"due rows: {rows:,} ledger rows from {len(KINDS)} kinds ({statements} kind×stage)")
        same = (missing, extra, floored) == (0, 0, rows)
        print(
            f"(a) and (b) wrote the same rows: {'yes' if same else 'NO'}"
            f" (ledger only {missing}, scratch only {extra}, scratch {floored:,})"
        )
        print()
        print(f"{'phase':<58}{'seconds':>9}{'queries':>9}{'rows/s':>11}")

        def line(label: str, seconds: float, queries: int, count: int, note: str = "") -> None:
            rate = f"{count / seconds:11,.0f}" if count else f"{'':11}"
            print(f"{label:<58}{seconds:9.3f}{queries:9d}{rate}{note}")

        line("(a) plan(): INSERT…SELECT…ON CONFLICT per kind×stage", plan_s, plan_q, rows)
        line("(b) one hand-written INSERT…SELECT, bare scratch table", floor_s, floor_q, floored)
        print(f"{'    ratio a/b (goal ≤ 3)':<58}{plan_s / floor_s:9.2f}")
        line(
            "(b') the same into a copy of the ledger with its indexes",
            indexed_s,
            indexed_q,
            floored,
        )
        print(f"{'    ratio a/b′':<58}{plan_s / indexed_s:9.2f}")
        line(
            "(a) again, every row already in the ledger",
            again_s,
            again_q,
            0,
            f"  ({again.total} new)",
        )

        runs = delivery_rows(args.deliver_rows or rows, args.batch_sizes)
        for size, seconds, queries, report in runs:
            line(
                f"(c) deliver(), {report.batches} batches of {size}",
                seconds,
                queries,
                report.sent,
                f"  ({report.sent:,} sent, {report.notifications:,} notifications, "
                f"{report.emails:,} e-mails; {queries / report.batches:.1f} queries a batch)",
            )
        if len(runs) >= 2:
            (_, _, q1, r1), (_, _, q2, r2) = runs[0], runs[-1]
            if r1.batches != r2.batches:
                per_batch = (q2 - q1) / (r2.batches - r1.batches)
                print(
                    f"    queries ≈ {q1 - per_batch * r1.batches:.0f} + {per_batch:.1f} a batch "
                    f"(batch sizes {runs[0][0]} and {runs[-1][0]})"
                )
        size, seconds, _, report = runs[-1]
        if report.sent < rows:
            full = plan_s + seconds * rows / report.sent
            print(f"{'    whole sweep of every due row, (a) + (c) extrapolated':<58}{full:9.1f}")
    finally:
        if args.keep:
            print(f"kept {DATABASE_URL}")
        else:
            drop_database()


if __name__ == "__main__":
    main()
