"""Benchmark: the reminder sweep over 100,000 records with due dates.

Run it from the project folder (``benchmarks`` needs no ``__init__.py``):

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
from datetime import date, datetime, timedelta
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

from accounts.choices import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from governance.models import Breach, Dpia, Notification, Policy, Reminder  # noqa: E402
from governance.reminders.delivery import deliver  # noqa: E402
from governance.reminders.kinds import KINDS  # noqa: E402
from governance.reminders.planning import plan  # noqa: E402
from ropa.models import ProcessingActivity  # noqa: E402
from sharing.models import (  # noqa: E402
    Agreement,
    Consultation,
    DataSource,
    Organisation,
    Product,
)

#: Share of the records per model (they add up to 1).
SHARES = {
    "policies": 0.25,
    "agreements": 0.15,
    "activities": 0.20,
    "sources": 0.25,
    "consultations": 0.06,
    "breaches": 0.04,
    "dpias": 0.05,
}
SPREAD_DAYS = 60  # due dates run from SPREAD_DAYS ago to SPREAD_DAYS ahead
BULK = 5000


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


# --- seeding ------------------------------------------------------------------------------


def _due(n: int, today: date) -> date:
    """Spread evenly (and deterministically) over the window, every day used."""
    return today + timedelta(days=(n * 7919) % (2 * SPREAD_DAYS + 1) - SPREAD_DAYS)


def seed(records: int) -> dict[str, int]:
    today = timezone.localdate()
    now = timezone.now()
    User.objects.create_user("dpo@bench.test", full_name="Bench DPO", role=Role.DPO)
    owners = User.objects.bulk_create(
        User(email=f"owner{n}@bench.test", full_name=f"Owner {n}", role=Role.STAFF)
        for n in range(50)
    )
    opcc = Organisation.objects.create(name="OPCC", kind="other", is_core_team_host=True)
    partners = Organisation.objects.bulk_create(
        Organisation(name=f"Partner {n}", kind="other") for n in range(25)
    )
    User.objects.bulk_create(
        User(
            email=f"partner{n}@bench.test",
            full_name=f"Partner user {n}",
            role=Role.PARTNER,
            organisation=partner,
        )
        for n, partner in enumerate(partners)
    )
    count = {name: int(records * share) for name, share in SHARES.items()}
    count["policies"] += records - sum(count.values())

    def owner(n: int) -> User | None:
        return None if n % 20 == 0 else owners[n % len(owners)]  # a few have no owner

    Policy.objects.bulk_create(
        (
            Policy(
                title=f"Policy {n}",
                kind="policy",
                owner_organisation=opcc,
                status="in_force",
                owner=owner(n),
                next_review_on=_due(n, today),
            )
            for n in range(count["policies"])
        ),
        batch_size=BULK,
    )
    Agreement.objects.bulk_create(
        (
            Agreement(
                title=f"Agreement {n}",
                purpose="Sharing",
                status="active",
                owner=owner(n),
                review_on=_due(n, today),
                expires_on=_due(n + 17, today),
            )
            for n in range(count["agreements"])
        ),
        batch_size=BULK,
    )
    ProcessingActivity.objects.bulk_create(
        (
            ProcessingActivity(
                name=f"Activity {n}",
                business_function="Analysis",
                purpose="Analysis",
                owner=owner(n),
                next_review_on=_due(n, today),
                retention_due_on=_due(n + 29, today) if n % 2 else None,
            )
            for n in range(count["activities"])
        ),
        batch_size=BULK,
    )
    DataSource.objects.bulk_create(
        (
            DataSource(
                name=f"Source {n}",
                classification="open",
                update_frequency="weekly",
                owner=owner(n),
                retention_due_on=_due(n, today) if n % 2 else None,
                refresh_due_on=_due(n + 3, today),
            )
            for n in range(count["sources"])
        ),
        batch_size=BULK,
    )
    products = Product.objects.bulk_create(
        Product(title=f"Product {n}", kind="report", audience="partners")
        for n in range(count["consultations"] // len(partners) + 1)
    )
    Consultation.objects.bulk_create(
        (
            Consultation(
                product=products[n // len(partners)],
                organisation=partners[n % len(partners)],
                requested_by=owner(n),
                due_on=_due(n, today),
            )
            for n in range(count["consultations"])
        ),
        batch_size=BULK,
    )
    Breach.objects.bulk_create(
        (
            Breach(
                reference=f"BR-{n:05d}",
                title=f"Breach {n}",
                detected_at=now - timedelta(hours=n % 100),
                became_aware_at=now - timedelta(hours=n % 100),
                ico_deadline_at=now + timedelta(hours=72 - n % 100),
                reported_by=owners[0],
                owner=owner(n),
                description="Sent to the wrong address.",
            )
            for n in range(count["breaches"])
        ),
        batch_size=BULK,
    )
    Dpia.objects.bulk_create(
        (
            Dpia(
                reference=f"DPIA-{n:05d}",
                title=f"DPIA {n}",
                author=owners[0],
                status="approved",
                review_owner=owner(n),
                next_review_on=_due(n, today),
            )
            for n in range(count["dpias"])
        ),
        batch_size=BULK,
    )
    return count


# --- (b) the floor: one hand-written INSERT … SELECT ----------------------------------------


def _date_stage(column: str, stages: str) -> str:
    """CASE working out a date kind's stage; ``stages`` is "all" or "day" (on the day and
    overdue only) or "week" (7 days, on the day, overdue)."""
    cases = [
        f"WHEN {column} < %(today)s THEN 'overdue'",
        f"WHEN {column} = %(today)s THEN 'on_the_day'",
    ]
    if stages in ("all", "week"):
        cases.append(f"WHEN {column} <= %(today)s + 7 THEN 'days_7'")
    if stages == "all":
        cases.append("ELSE 'days_30'")
    return "CASE " + " ".join(cases) + " END"


def _date_select(kind: str, table: str, column: str, where: str, stages: str = "all") -> str:
    horizon = {"all": 30, "week": 7, "day": 0}[stages]
    return (
        f"SELECT '{kind}', id, {column}, NULL::timestamptz, {_date_stage(column, stages)}, "
        f"'pending', 0, %(now)s FROM {table} "
        f"WHERE {column} IS NOT NULL AND {column} <= %(today)s + {horizon} AND ({where})"
    )


FLOOR_SELECTS = (
    _date_select("dpia_review", "governance_dpia", "next_review_on", "status = 'approved'"),
    _date_select("agreement_review", "sharing_agreement", "review_on", "status = 'active'"),
    _date_select("agreement_expiry", "sharing_agreement", "expires_on", "status = 'active'"),
    _date_select("policy_review", "governance_policy", "next_review_on", "status <> 'withdrawn'"),
    _date_select(
        "activity_review", "ropa_processingactivity", "next_review_on", "status <> 'retired'"
    ),
    _date_select(
        "activity_retention", "ropa_processingactivity", "retention_due_on", "status <> 'retired'"
    ),
    _date_select(
        "source_retention", "sharing_datasource", "retention_due_on", "retired_on IS NULL"
    ),
    _date_select(
        "source_refresh",
        "sharing_datasource",
        "refresh_due_on",
        "retired_on IS NULL AND classification = 'open'",
        stages="day",
    ),
    _date_select(
        "consultation_due", "sharing_consultation", "due_on", "response = 'pending'", "week"
    ),
    "SELECT 'breach_ico_deadline', id, (ico_deadline_at AT TIME ZONE 'Europe/London')::date, "
    "ico_deadline_at, CASE WHEN ico_deadline_at <= %(now)s THEN 'overdue' "
    "WHEN ico_deadline_at <= %(now)s + interval '24 hours' THEN 'hours_24' ELSE 'hours_72' END, "
    "'pending', 0, %(now)s FROM governance_breach "
    "WHERE ico_deadline_at <= %(now)s + interval '72 hours' AND ico_told_at IS NULL "
    "AND ico_decision <> 'not_required' AND status <> 'closed'",
)
COLUMNS = "kind, object_id, due_on, due_at, stage, state, attempts, created_at"


SCRATCH = "bench_scratch_ledger"
SCRATCH_INDEXED = "bench_scratch_ledger_indexed"


def create_scratch() -> None:
    """A bare table with the ledger's columns, and a copy of the ledger with its indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (kind varchar(30), object_id bigint, "
            "due_on date, due_at timestamptz, stage varchar(20), state varchar(20), "
            "attempts smallint, created_at timestamptz)"
        )
        cursor.execute(
            f"CREATE TABLE {SCRATCH_INDEXED} (LIKE {Reminder._meta.db_table} INCLUDING ALL)"
        )


def floor_insert(table: str, today: date, now: datetime) -> int:
    sql = f"INSERT INTO {table} ({COLUMNS}) " + " UNION ALL ".join(FLOOR_SELECTS)
    if table == SCRATCH_INDEXED:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": today, "now": now})
        return cursor.rowcount


def same_rows() -> tuple[int, int]:
    """Rows in the ledger but not the scratch table, and the other way round."""
    key = "kind, object_id, due_on, due_at, stage"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {key} FROM governance_reminder EXCEPT "
            f"SELECT {key} FROM {SCRATCH}) a), (SELECT count(*) FROM (SELECT {key} "
            f"FROM {SCRATCH} EXCEPT SELECT {key} FROM governance_reminder) b)"
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


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
