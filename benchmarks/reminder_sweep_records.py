"""The records ``reminder_sweep.py`` seeds and the floor it measures planning against.

Imported by ``benchmarks/reminder_sweep.py`` after it has pointed Django at the throwaway
database and called ``django.setup()``; not a script of its own."""

from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from governance.models import Breach, Dpia, Policy, Reminder
from ropa.models import ProcessingActivity
from sharing.models import (
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
