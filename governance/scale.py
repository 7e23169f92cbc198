"""Realistic volume for measuring the portal at scale (``manage.py seed_scale``).

Builds, on top of the Humber demo, about ``rows`` register rows spread over every register (in
the proportions of ``SHARES``) and about ten history rows for each (created, then changed a few
times over the last 18 months by several users, each change with its reason), which is what the
audit log and the trend charts read. Everything is written with ``bulk_create`` in batches and
the history rows straight into the historical tables, so the default 100,000 rows and ~1,000,000
history rows take minutes rather than the hours that saving row by row would.

The data is deterministic (one seeded ``random.Random``) and valid as the services would leave
it (an active agreement has its parties, dates and signed copy; an active activity with personal
data has its active agreement, its approved DPIA or screening, its safeguards policy and every
ICO column; a published product has every supplier's agreement; statuses agree with their
dates). A small share of rows is what old data or imports leave behind (``LEGACY_SHARE``), so
that every kind of compliance finding has something to find. The rows are marked by the
``SCALE_PREFIX`` in their names, which is how a second run knows the database is already seeded
and refuses (``ScaleAlreadySeeded``).
"""

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from governance.choices import (
    AdviceDecision,
    BreachRisk,
    BreachStatus,
    DpiaStatus,
    DpoRecommendation,
    IcoDecision,
    Likelihood,
    MeasureEffect,
    PolicyKind,
    PolicyStatus,
    ReminderKind,
    ReminderStage,
    ReminderState,
    RiskLevel,
    ScreeningOutcome,
    Severity,
)
from governance.models import Breach, Dpia, DpiaRisk, Notification, Policy, Reminder
from ropa.choices import (
    ActivityStatus,
    Art9Condition,
    DisposalMethod,
    DisposalStatus,
    DpiaRequired,
    PeriodUnit,
    RetentionAction,
    RetentionTrigger,
    Schedule1Condition,
    YesNo,
)
from ropa.models import (
    DataCategory,
    Disposal,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from sharing.choices import (
    AgreementKind,
    AgreementStatus,
    Audience,
    Collection,
    ConsultationResponse,
    DataClassification,
    HolderRole,
    LawfulBasis,
    NewCollectionPurpose,
    OrganisationKind,
    PartyRole,
    ProductKind,
    ProductStatus,
    UpdateFrequency,
)
from sharing.models import (
    Agreement,
    AgreementParty,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
    SignedDocument,
)

#: Every name the seeder writes starts with this, so a re-run can tell it has run before.
SCALE_PREFIX = "Scale"
DEFAULT_ROWS = 100_000
SMALL_ROWS = 10_000
SEED = 12
BATCH = 2_000
#: Share of rows left as old data or imports leave them, so every finding kind has examples.
LEGACY_SHARE = 0.03
#: How far back the history goes.
HISTORY_DAYS = 540
#: History rows per record: created, then changed (min, max) times.
CHANGES = (8, 22)
#: Staff accounts the changes are spread over (besides the demo's).
EXTRA_USERS = 40

#: Parent records per 100,000 register rows; children (parties, documents, consultations,
#: risks, members) follow their parents, so the total comes out near ``rows``.
SHARES: dict[str, int] = {
    "organisations": 5_000,
    "contacts": 9_000,
    "role_holders": 1_500,
    "forums": 150,
    "retention_rules": 150,
    "policies": 800,
    "agreements": 8_000,
    "data_sources": 13_000,
    "products": 4_500,
    "activities": 6_500,
    "dpias": 3_500,
    "disposals": 1_500,
    "breaches": 1_500,
    "reminders": 3_500,
}

REASONS = (
    "Details corrected after the quarterly check",
    "Updated after the partner's comments",
    "Owner changed",
    "Review date moved after the Board meeting",
    "Wording agreed with the DPO",
    "Contact details updated",
    "Added detail from the project team",
    "Tidied after the information audit",
)


#: The first history reason of a row that old data or an import left breaking today's rules.
IMPORTED = "Imported from the old spreadsheet register"


class ScaleAlreadySeeded(Exception):
    """The database already holds scale data: seeding twice would double it."""


@dataclass
class Report:
    """What was written: rows per register and history rows per table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)
    history: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_history(self) -> int:
        return sum(self.history.values())


def is_seeded() -> bool:
    return Organisation.objects.filter(name__startswith=f"{SCALE_PREFIX} ").exists()


@contextmanager
def _keeping_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` store the ``created_at``/``updated_at`` the seeder chose (spread over
    18 months) instead of now: ``auto_now``/``auto_now_add`` would overwrite them."""
    from django.apps import apps

    saved = []

    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                saved.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


class History:
    """Buffers history rows per historical table and writes them in batches.

    The rows are plain tuples written with ``COPY`` on PostgreSQL and ``executemany`` elsewhere:
    building and compiling a model instance per row is what made a million rows take many
    minutes (Django's insert compiler prepares every value of every row)."""

    def __init__(self, rng: random.Random, users: list[int], now: datetime, report: Report):
        self.rng, self.users, self.now, self.report = rng, users, now, report
        self.buffers: dict[type[models.Model], list[tuple[Any, ...]]] = {}
        self.layouts: dict[type[models.Model], tuple[type[models.Model], list[Any]]] = {}

    def timeline(self, versions: int | None = None) -> list[datetime]:
        """When a record was created and each time it changed, oldest first."""
        count = versions or self.rng.randint(*CHANGES) + 1
        start = self.now - timedelta(
            days=self.rng.uniform(20, HISTORY_DAYS), seconds=self.rng.uniform(0, 86_400)
        )
        span = (self.now - timedelta(hours=1) - start).total_seconds()
        return [
            start,
            *sorted(
                start + timedelta(seconds=self.rng.uniform(60, span)) for _ in range(count - 1)
            ),
        ]

    def layout(self, model: type[models.Model]) -> tuple[type[models.Model], list[Any]]:
        """The historical model of ``model`` and its columns (all but its own id), cached."""
        if model not in self.layouts:
            history_model = model.history.model  # type: ignore[attr-defined]
            columns = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
            self.layouts[model] = (history_model, columns)
        return self.layouts[model]

    def record(
        self,
        instance: models.Model,
        times: list[datetime],
        *,
        statuses: list[str] | None = None,
        churn: str | None = None,
        imported: bool = False,
    ) -> None:
        """History rows for ``instance`` at ``times``: the last is the row as stored; earlier
        ones carry the status the path had then, and ``churn`` (a text field) as it was before
        each edit, so each change shows a difference. An ``imported`` row (old data, which need
        not meet today's rules) says so in its first reason."""
        history_model, columns = self.layout(type(instance))
        names = [f.attname for f in columns]
        final: dict[str, Any] = {name: getattr(instance, name, None) for name in names}
        for name in names:  # files are stored by their name
            value = final[name]
            if hasattr(value, "name") and not isinstance(value, str | int):
                final[name] = value.name or ""
        count = len(times)
        buffer = self.buffers.setdefault(history_model, [])
        for index, at in enumerate(times):
            values = dict(final)
            user = self.rng.choice(self.users)
            values["row_version"] = index + 1
            values["updated_at"] = at
            values["updated_by_id"] = user
            if statuses:
                values["status"] = statuses[min(len(statuses) - 1, index * len(statuses) // count)]
            if churn and index < count - 1:
                values[churn] = f"{final[churn]} (draft {index + 1})".strip()
            values["history_date"] = at
            values["history_type"] = "+" if index == 0 else "~"
            values["history_user_id"] = user
            first = IMPORTED if imported else "Created"
            values["history_change_reason"] = first if index == 0 else self.rng.choice(REASONS)
            buffer.append(tuple(values[name] for name in names))
        if len(buffer) >= BATCH * 10:
            self.flush(history_model)

    def flush(self, history_model: type[models.Model] | None = None) -> None:
        for model in [history_model] if history_model else list(self.buffers):
            rows = self.buffers.get(model, [])
            if rows:
                columns = next(c for m, c in self.layouts.values() if m is model)
                write_rows(model, columns, rows)
                key = model._meta.model_name or ""
                self.report.history[key] = self.report.history.get(key, 0) + len(rows)
                self.buffers[model] = []


def write_rows(model: type[models.Model], columns: list[Any], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``model``'s table."""
    ops = connection.ops
    adapters: list[Callable[[Any], Any] | None] = []
    for column in columns:
        if isinstance(column, models.JSONField):
            adapters.append(json.dumps)
        elif isinstance(column, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(column, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    if any(adapters):
        rows = [
            tuple(
                adapt(value) if adapt is not None and value is not None else value
                for adapt, value in zip(adapters, row, strict=True)
            )
            for row in rows
        ]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
                )


def _path(final: str, paths: dict[str, list[str]]) -> list[str]:
    return paths.get(final, [final])


AGREEMENT_PATHS = {
    AgreementStatus.DRAFTING: [AgreementStatus.DRAFTING],
    AgreementStatus.IN_NEGOTIATION: [AgreementStatus.DRAFTING, AgreementStatus.IN_NEGOTIATION],
    AgreementStatus.ACTIVE: [
        AgreementStatus.DRAFTING,
        AgreementStatus.IN_NEGOTIATION,
        AgreementStatus.ACTIVE,
    ],
    AgreementStatus.EXPIRED: [
        AgreementStatus.DRAFTING,
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
    ],
    AgreementStatus.TERMINATED: [
        AgreementStatus.DRAFTING,
        AgreementStatus.ACTIVE,
        AgreementStatus.TERMINATED,
    ],
}
DPIA_PATHS = {
    DpiaStatus.SUBMITTED: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED],
    DpiaStatus.RETURNED: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED, DpiaStatus.RETURNED],
    DpiaStatus.AWAITING_SIGN_OFF: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
    ],
    DpiaStatus.APPROVED: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
        DpiaStatus.APPROVED,
    ],
    DpiaStatus.SCREENED_OUT: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED, DpiaStatus.SCREENED_OUT],
    DpiaStatus.REJECTED: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
        DpiaStatus.REJECTED,
    ],
    DpiaStatus.WITHDRAWN: [DpiaStatus.DRAFT, DpiaStatus.WITHDRAWN],
}
PRODUCT_PATHS = {
    ProductStatus.AWAITING_CONSULTATION: [ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION],
    ProductStatus.READY: [ProductStatus.DRAFT, ProductStatus.READY],
    ProductStatus.PUBLISHED: [ProductStatus.DRAFT, ProductStatus.READY, ProductStatus.PUBLISHED],
    ProductStatus.WITHDRAWN: [
        ProductStatus.DRAFT,
        ProductStatus.PUBLISHED,
        ProductStatus.WITHDRAWN,
    ],
}
ACTIVITY_PATHS = {
    ActivityStatus.ACTIVE: [ActivityStatus.DRAFT, ActivityStatus.ACTIVE],
    ActivityStatus.UNDER_REVIEW: [
        ActivityStatus.DRAFT,
        ActivityStatus.ACTIVE,
        ActivityStatus.UNDER_REVIEW,
    ],
    ActivityStatus.RETIRED: [ActivityStatus.DRAFT, ActivityStatus.ACTIVE, ActivityStatus.RETIRED],
}
POLICY_PATHS = {
    PolicyStatus.IN_FORCE: [PolicyStatus.DRAFT, PolicyStatus.IN_FORCE],
    PolicyStatus.UNDER_REVIEW: [
        PolicyStatus.DRAFT,
        PolicyStatus.IN_FORCE,
        PolicyStatus.UNDER_REVIEW,
    ],
    PolicyStatus.WITHDRAWN: [PolicyStatus.DRAFT, PolicyStatus.IN_FORCE, PolicyStatus.WITHDRAWN],
}
BREACH_PATHS = {
    BreachStatus.CONTAINED: [BreachStatus.OPEN, BreachStatus.CONTAINED],
    BreachStatus.CLOSED: [BreachStatus.OPEN, BreachStatus.CONTAINED, BreachStatus.CLOSED],
}

#: The overall risk for likelihood by severity (the DPIA risk matrix).
MATRIX = {
    (Likelihood.REMOTE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SIGNIFICANT): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SEVERE): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.POSSIBLE, Severity.SIGNIFICANT): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.SEVERE): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.MINIMAL): RiskLevel.MEDIUM,
    (Likelihood.PROBABLE, Severity.SIGNIFICANT): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.SEVERE): RiskLevel.HIGH,
}

PLACES = (
    "Hull", "Grimsby", "Scunthorpe", "Beverley", "Goole", "Bridlington", "Cleethorpes",
    "Hessle", "Driffield", "Brigg", "Withernsea", "Immingham", "Barton", "Howden", "Cottingham",
)  # fmt: skip
TOPICS = (
    "knife crime", "youth violence", "domestic abuse", "night-time economy", "county lines",
    "school exclusions", "A&E assaults", "hospital navigators", "serious violence duty",
    "community safety", "custody diversion", "mentoring", "family support", "street outreach",
)  # fmt: skip


class Seeder:
    """One run: the counts for ``rows``, the random source, the actors and what was written."""

    def __init__(self, rows: int, *, seed: int = SEED, out: Callable[[str], None] | None = None):
        self.rows = rows
        self.scale = rows / DEFAULT_ROWS
        self.rng = random.Random(seed)
        self.out = out or (lambda message: None)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.report = Report()

    def count(self, key: str) -> int:
        return max(2, round(SHARES[key] * self.scale))

    def legacy(self) -> bool:
        return self.rng.random() < LEGACY_SHARE

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def days_ahead(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def name(self, kind: str, number: int) -> str:
        place = PLACES[number % len(PLACES)]
        topic = TOPICS[(number // len(PLACES)) % len(TOPICS)]
        return f"{SCALE_PREFIX} {kind} {number:06d}: {place} {topic}"

    def stamp(self, instance: models.Model, times: list[datetime]) -> None:
        user = self.rng.choice(self.users)
        instance.created_at, instance.updated_at = times[0], times[-1]  # type: ignore[attr-defined]
        instance.created_by_id = self.users[0] if user is None else user  # type: ignore[attr-defined]
        instance.updated_by_id = self.rng.choice(self.users)  # type: ignore[attr-defined]
        instance.row_version = len(times)  # type: ignore[attr-defined]

    def save_all(
        self, key: str, model: type[models.Model], rows: list[Any], *, links: bool = False
    ) -> list[Any]:
        """Insert ``rows`` in batches (their primary keys are set: PostgreSQL and SQLite return
        them) and count them as register rows, or as many-to-many ``links``."""
        saved = model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
        counts = self.report.links if links else self.report.rows
        counts[key] = counts.get(key, 0) + len(saved)
        return saved

    def history_for(
        self,
        rows: Iterable[Any],
        times: dict[int, list[datetime]],
        *,
        statuses: Callable[[Any], list[str]] | None = None,
        churn: str | None = None,
        imported: set[int] | None = None,
    ) -> None:
        for number, (row, row_times) in enumerate(zip(rows, times.values(), strict=True)):
            self.history.record(
                row,
                row_times,
                statuses=statuses(row) if statuses else None,
                churn=churn,
                imported=number in (imported or ()),
            )
        self.history.flush()

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> Report:
        if is_seeded():
            raise ScaleAlreadySeeded(
                "This database already holds scale data (organisations named "
                f"‘{SCALE_PREFIX} …’); seed a fresh database instead of doubling it."
            )
        started = time.perf_counter()
        with _keeping_timestamps(), transaction.atomic():
            self.users = self.seed_users()
            self.history = History(self.rng, self.users, self.now, self.report)
            for step in (
                self.seed_organisations,
                self.seed_forums,
                self.seed_rules_and_policies,
                self.seed_agreements,
                self.seed_sources,
                self.seed_products,
                self.seed_dpias,
                self.seed_activities,
                self.seed_disposals,
                self.seed_breaches,
                self.seed_reminders,
            ):
                step_started = time.perf_counter()
                step()
                took = time.perf_counter() - step_started
                self.out(f"  {step.__name__.removeprefix('seed_'):<22} {took:6.1f} s")
        if connection.vendor == "postgresql":
            # After a bulk load the planner has no statistics until autovacuum analyses the
            # tables (never, where it is off): it would plan every page for empty tables
            # (sequential scans past the search indexes, nested loops over thousands of rows).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.report.seconds = time.perf_counter() - started
        return self.report

    def seed_users(self) -> list[int]:
        host = Organisation.objects.filter(is_core_team_host=True).first()
        password = make_password(None)  # unusable: these accounts only own changes
        new = [
            User(
                email=f"scale.staff{number:02d}@scale.vpp.test",
                full_name=f"{SCALE_PREFIX} Analyst {number:02d}",
                role=Role.STAFF,
                organisation=host,
                password=password,
            )
            for number in range(1, EXTRA_USERS + 1)
        ]
        self.save_all("users", User, new, links=True)
        internal = list(
            User.objects.exclude(role=Role.PARTNER)
            .filter(is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.dpo_ids = (
            list(User.objects.filter(role=Role.DPO).order_by("pk").values_list("pk", flat=True))
            or internal[:1]
        )
        self.signers = (
            list(
                User.objects.filter(role__in=(Role.SIRO, Role.DIRECTOR))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            or internal[:1]
        )
        return internal

    def seed_organisations(self) -> None:
        kinds = [k for k in OrganisationKind.values]
        times, orgs = {}, []
        for number in range(self.count("organisations")):
            org = Organisation(
                name=self.name("Organisation", number),
                kind=self.rng.choice(kinds),
                address=f"{number} High Street, {PLACES[number % len(PLACES)]}",
            )
            times[number] = self.history.timeline()
            self.stamp(org, times[number])
            orgs.append(org)
        self.orgs = self.save_all("organisations", Organisation, orgs)
        self.history_for(self.orgs, times, churn="address")

        contacts, times = [], {}
        for number in range(self.count("contacts")):
            org = self.orgs[number % len(self.orgs)]
            contact = Contact(
                organisation_id=org.pk,
                name=f"{SCALE_PREFIX} Contact {number:06d}",
                role=self.rng.choice(("Data Protection Officer", "Analyst", "IG Lead")),
                email=f"contact{number}@scale.vpp.test",
                phone=f"01482 {number:06d}",
            )
            times[number] = self.history.timeline()
            self.stamp(contact, times[number])
            contacts.append(contact)
        self.history_for(self.save_all("contacts", Contact, contacts), times, churn="role")

        holders, times = [], {}
        roles = list(HolderRole.values)
        for number in range(self.count("role_holders")):
            org = self.orgs[(number // len(roles)) % len(self.orgs)]
            past = number // (len(roles) * len(self.orgs)) > 0
            starts = self.days_ago(800, 1200) if past else self.days_ago(30, 700)
            holder = RoleHolder(
                organisation_id=org.pk,
                role=roles[number % len(roles)],
                name=f"{SCALE_PREFIX} Holder {number:06d}",
                job_title="Head of Information Governance",
                email=f"holder{number}@scale.vpp.test",
                starts_on=starts,
                ends_on=self.days_ago(701, 799) if past else None,
            )
            times[number] = self.history.timeline()
            self.stamp(holder, times[number])
            holders.append(holder)
        self.history_for(
            self.save_all("role holders", RoleHolder, holders), times, churn="job_title"
        )

    def seed_forums(self) -> None:
        forums, times = [], {}
        for number in range(self.count("forums")):
            forum = Forum(
                name=self.name("Forum", number),
                acronym=f"SF{number}",
                purpose="Information sharing between members",
            )
            times[number] = self.history.timeline()
            self.stamp(forum, times[number])
            forums.append(forum)
        self.forums = self.save_all("forums", Forum, forums)
        self.history_for(self.forums, times, churn="purpose")
        through = Forum.members.through
        links = []
        for forum in self.forums:
            for org in self.rng.sample(self.orgs, min(len(self.orgs), self.rng.randint(5, 15))):
                links.append(through(forum_id=forum.pk, organisation_id=org.pk))
        self.save_all("forum members", through, links, links=True)

    def seed_rules_and_policies(self) -> None:
        rules, times = [], {}
        for number in range(self.count("retention_rules")):
            rule = RetentionRule(
                record_class=self.name("Record class", number),
                period=self.rng.choice((6, 12, 18, 24, 36)),
                period_unit=PeriodUnit.MONTHS,
                trigger=self.rng.choice(RetentionTrigger.values),
                action=self.rng.choice(RetentionAction.values),
                authority="OPCC retention policy",
            )
            times[number] = self.history.timeline()
            self.stamp(rule, times[number])
            rules.append(rule)
        self.rules = self.save_all("retention rules", RetentionRule, rules)
        self.history_for(self.rules, times, churn="authority")

        policies, times = [], {}
        for number in range(self.count("policies")):
            kind = PolicyKind.SAFEGUARDS if number % 4 == 0 else self.rng.choice(PolicyKind.values)
            status = self.rng.choices(
                (PolicyStatus.IN_FORCE, PolicyStatus.DRAFT, PolicyStatus.UNDER_REVIEW,
                 PolicyStatus.WITHDRAWN), (75, 8, 10, 7),
            )[0]  # fmt: skip
            if number == 0:  # at any size, one safeguards policy in force to point to
                status = PolicyStatus.IN_FORCE
            overdue = self.rng.random() < 0.1
            policy = Policy(
                title=self.name("Policy", number),
                kind=kind,
                owner_organisation_id=self.orgs[number % len(self.orgs)].pk,
                version=f"{self.rng.randint(1, 5)}.0",
                document_url=f"https://policies.example.test/{number}",
                next_review_on=self.days_ago(1, 120) if overdue else self.days_ahead(30, 700),
                owner_id=self.rng.choice(self.users),
                status=status,
            )
            times[number] = self.history.timeline()
            self.stamp(policy, times[number])
            policies.append(policy)
        self.policies = self.save_all("policies", Policy, policies)
        self.history_for(
            self.policies,
            times,
            statuses=lambda p: _path(p.status, POLICY_PATHS),  # type: ignore[arg-type]
            churn="version",
        )
        self.safeguards = [
            p for p in self.policies if p.kind == PolicyKind.SAFEGUARDS and p.is_in_force
        ]
        self.in_force = [p for p in self.policies if p.is_in_force]

    def seed_agreements(self) -> None:
        agreements, times, parties_of = [], {}, {}
        statuses = (
            AgreementStatus.ACTIVE, AgreementStatus.DRAFTING, AgreementStatus.IN_NEGOTIATION,
            AgreementStatus.EXPIRED, AgreementStatus.TERMINATED,
        )  # fmt: skip
        for number in range(self.count("agreements")):
            kind = self.rng.choices(
                (AgreementKind.ISA, AgreementKind.ART28, AgreementKind.MOU,
                 AgreementKind.FORUM_AIP), (60, 15, 15, 10),
            )[0]  # fmt: skip
            status = self.rng.choices(statuses, (70, 8, 8, 10, 4))[0]
            if number < 2:  # at any size, an active and an expired ISA to point to
                kind = AgreementKind.ISA
                status = (AgreementStatus.ACTIVE, AgreementStatus.EXPIRED)[number]
            personal = kind in (AgreementKind.ISA, AgreementKind.ART28)
            starts = self.days_ago(100, 1000) if status != AgreementStatus.DRAFTING else None
            if status == AgreementStatus.EXPIRED:
                expires = self.days_ago(1, 90)
            elif status == AgreementStatus.ACTIVE and self.rng.random() < 0.1:
                expires = self.days_ahead(1, 90)  # expiring soon
            else:
                expires = self.days_ahead(91, 1100)
            review_overdue = status == AgreementStatus.ACTIVE and self.rng.random() < 0.08
            agreement = Agreement(
                title=self.name("Agreement", number),
                reference=f"SCALE-AGR-{number:06d}",
                kind=kind,
                via_forum_id=self.rng.choice(self.forums).pk if kind == "forum_aip" else None,
                purpose="Sharing to reduce serious violence",
                lawful_basis=LawfulBasis.PUBLIC_TASK if personal else "",
                legal_power="Crime and Disorder Act 1998 s115" if personal else "",
                data_items="Incident counts by area",
                allows_personal_data=personal,
                starts_on=starts,
                review_on=self.days_ago(1, 60) if review_overdue else self.days_ahead(10, 400),
                expires_on=expires,
                owner_id=self.rng.choice(self.users),
                status=status,
            )
            chosen = self.rng.sample(self.orgs, self.rng.randint(2, 3))
            joint = self.rng.random() < 0.15
            parties_of[number] = [
                (org, PartyRole.JOINT_CONTROLLER if joint and i < 2 else
                 (PartyRole.CONTROLLER if i == 0 else PartyRole.RECIPIENT))
                for i, org in enumerate(chosen)
            ]  # fmt: skip
            if joint:
                agreement.art26_arrangement = "Each controller answers requests about its data."
            times[number] = self.history.timeline()
            self.stamp(agreement, times[number])
            agreements.append(agreement)
        self.agreements = self.save_all("agreements", Agreement, agreements)
        self.history_for(
            self.agreements,
            times,
            statuses=lambda a: _path(a.status, AGREEMENT_PATHS),  # type: ignore[arg-type]
            churn="data_items",
        )
        parties: list[AgreementParty] = []
        documents: list[SignedDocument] = []
        party_times: dict[int, list[datetime]] = {}
        document_times: dict[int, list[datetime]] = {}
        self.party_orgs: dict[int, list[int]] = {}
        for number, agreement in enumerate(self.agreements):
            self.party_orgs[agreement.pk] = [org.pk for org, _ in parties_of[number]]
            for org, role in parties_of[number]:
                party = AgreementParty(agreement_id=agreement.pk, organisation_id=org.pk, role=role)
                party_times[len(parties)] = self.history.timeline(self.rng.randint(2, 4))
                self.stamp(party, party_times[len(parties)])
                parties.append(party)
            if agreement.status in (
                AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED,
            ) and agreement.kind != AgreementKind.FORUM_AIP:  # fmt: skip
                document = SignedDocument(
                    agreement_id=agreement.pk,
                    title="Signed copy",
                    file="agreements/scale/signed-copy.pdf",
                    original_name="signed-copy.pdf",
                    content_type="application/pdf",
                    size=10_240,
                    sha256="0" * 64,
                )
                document_times[len(documents)] = self.history.timeline(1)
                self.stamp(document, document_times[len(documents)])
                documents.append(document)
        self.history_for(self.save_all("agreement parties", AgreementParty, parties), party_times)
        self.history_for(
            self.save_all("signed documents", SignedDocument, documents), document_times
        )
        self.active_personal = [
            a for a in self.agreements if a.is_active and a.allows_personal_data
        ]
        self.expired = [a for a in self.agreements if a.status == AgreementStatus.EXPIRED]

    def seed_sources(self) -> None:
        sources, times, imported = [], {}, set()
        for number in range(self.count("data_sources")):
            classification = self.rng.choices(DataClassification.values, (30, 15, 55))[0]
            source = DataSource(
                name=self.name("Data source", number),
                description="Counts by ward and month",
                classification=classification,
                location="OPCC SharePoint",
                owner_id=self.rng.choice(self.users),
            )
            if classification == DataClassification.OPEN:
                source.url = f"https://data.example.test/{number}"
                source.publisher = "Office for National Statistics"
                source.licence = "Open Government Licence"
                source.update_frequency = self.rng.choice(
                    (UpdateFrequency.MONTHLY, UpdateFrequency.QUARTERLY, UpdateFrequency.ANNUALLY)
                )
                source.last_refreshed_on = self.days_ago(1, 400)
            elif classification == DataClassification.ONE_OFF_PUBLIC:
                source.citation = f"Violence in the Humber, report {number}"
                source.published_on = self.days_ago(100, 2000)
            else:
                legacy = self.legacy()
                pool = self.expired if legacy and self.expired else self.active_personal
                if pool is self.expired:
                    imported.add(number)
                agreement = self.rng.choice(pool)
                source.covering_agreement_id = agreement.pk
                source.supplier_id = self.rng.choice(self.party_orgs[agreement.pk])
                source.justification = "Open data does not hold incidents below ward level."
                source.collection = self.rng.choice(Collection.values)
                if source.collection == Collection.NEW:
                    source.new_collection_purpose = self.rng.choice(NewCollectionPurpose.values)
                source.has_personal_data = self.rng.random() < 0.5
                if source.has_personal_data:
                    source.has_special_category_data = self.rng.random() < 0.2
                    source.has_criminal_offence_data = self.rng.random() < 0.3
            if self.rng.random() < 0.5:
                source.retention_rule = self.rng.choice(self.rules)
                source.retention_trigger_on = self.days_ago(30, 1500)
            source.derive_due_dates()
            times[number] = self.history.timeline()
            self.stamp(source, times[number])
            sources.append(source)
        self.sources = self.save_all("data sources", DataSource, sources)
        self.history_for(self.sources, times, churn="description", imported=imported)
        self.partner_sources = [
            s for s in self.sources if s.classification == DataClassification.PARTNER_SHARED
        ]

    def seed_products(self) -> None:
        products, times, used = [], {}, {}
        for number in range(self.count("products")):
            audience = self.rng.choices(Audience.values, (40, 40, 20))[0]
            chosen = self.rng.sample(self.sources, self.rng.randint(1, 4))
            status = self.rng.choices(
                (ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY,
                 ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN), (20, 20, 15, 40, 5),
            )[0]  # fmt: skip
            if audience == Audience.INTERNAL and status == ProductStatus.AWAITING_CONSULTATION:
                status = ProductStatus.READY
            product = Product(
                title=self.name("Product", number),
                kind=self.rng.choice(ProductKind.values),
                audience=audience,
                description="Monthly briefing for the partnership",
                owner_id=self.rng.choice(self.users),
                status=status,
                published_on=self.days_ago(1, 300)
                if status in (ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN)
                else None,
            )
            used[number] = chosen
            times[number] = self.history.timeline()
            self.stamp(product, times[number])
            products.append(product)
        self.products = self.save_all("products", Product, products)
        self.history_for(
            self.products,
            times,
            statuses=lambda p: _path(p.status, PRODUCT_PATHS),  # type: ignore[arg-type]
            churn="description",
        )
        through = Product.data_sources.through
        self.save_all(
            "product sources",
            through,
            [
                through(product_id=product.pk, datasource_id=source.pk)
                for number, product in enumerate(self.products)
                for source in used[number]
            ],
            links=True,
        )
        self.live_products_of: dict[int, int] = {}
        consultations: list[Consultation] = []
        ctimes: dict[int, list[datetime]] = {}
        for number, product in enumerate(self.products):
            suppliers = {
                s.supplier_id
                for s in used[number]
                if s.classification == DataClassification.PARTNER_SHARED
            }
            for source in used[number]:
                if product.status in (ProductStatus.PUBLISHED, ProductStatus.READY):
                    self.live_products_of.setdefault(source.pk, product.pk)
            if product.audience == Audience.INTERNAL or product.status == ProductStatus.DRAFT:
                continue
            needs_agreement = product.status in (
                ProductStatus.READY, ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN,
            )  # fmt: skip
            for index, supplier in enumerate(sorted(s for s in suppliers if s)):
                if needs_agreement and not (index == 0 and self.legacy()):
                    response = self.rng.choice(
                        (ConsultationResponse.AGREED, ConsultationResponse.AGREED_WITH_CONDITIONS)
                    )
                else:
                    response = ConsultationResponse.PENDING
                asked = self.now - timedelta(days=self.rng.randint(5, 200))
                answered = response != ConsultationResponse.PENDING
                consultation = Consultation(
                    product_id=product.pk,
                    organisation_id=supplier,
                    requested_at=asked,
                    requested_by_id=self.rng.choice(self.users),
                    due_on=(asked + timedelta(days=28)).date(),
                    response=response,
                    conditions="Aggregate to ward level"
                    if response == ConsultationResponse.AGREED_WITH_CONDITIONS
                    else "",
                    responded_at=asked + timedelta(days=self.rng.randint(1, 20))
                    if answered
                    else None,
                )
                ctimes[len(consultations)] = self.history.timeline(self.rng.randint(1, 3))
                self.stamp(consultation, ctimes[len(consultations)])
                consultations.append(consultation)
        self.history_for(self.save_all("consultations", Consultation, consultations), ctimes)

    def seed_dpias(self) -> None:
        dpias, times = [], {}
        first = (
            max(
                (
                    int(ref.removeprefix("DPIA-"))
                    for ref in Dpia.objects.values_list("reference", flat=True)
                    if ref.removeprefix("DPIA-").isdigit()
                ),
                default=0,
            )
            + 1
        )
        statuses = list(DPIA_PATHS)
        for number in range(self.count("dpias")):
            status = self.rng.choices(statuses, (6, 4, 5, 55, 15, 3, 2))[0]
            if number < 2:  # at any size, an approved DPIA and a screening to link to
                status = (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT)[number]
            required = status != DpiaStatus.SCREENED_OUT
            submitted = self.now - timedelta(days=self.rng.randint(1, 90))
            after_dpo = status in (
                DpiaStatus.AWAITING_SIGN_OFF, DpiaStatus.APPROVED, DpiaStatus.REJECTED,
                DpiaStatus.SCREENED_OUT,
            )  # fmt: skip
            signed = status in (DpiaStatus.APPROVED, DpiaStatus.REJECTED)
            dpia = Dpia(
                reference=f"DPIA-{first + number:03d}",
                title=self.name("DPIA", number),
                author_id=self.rng.choice(self.users),
                screening_indicators=["data_matching", "vulnerable"] if required else [],
                screening_outcome=ScreeningOutcome.REQUIRED
                if required
                else ScreeningOutcome.NOT_REQUIRED,
                screening_reason="Matching police and health data about vulnerable people",
                processing_nature="Pseudonymised matching",
                processing_scope="Humber-wide, 3 years",
                processing_context="Violence reduction",
                processing_purposes="Target prevention work",
                necessity_and_proportionality="Aggregates cannot target support",
                submitted_by_id=self.rng.choice(self.users)
                if status != DpiaStatus.WITHDRAWN
                else None,
                submitted_at=submitted if status != DpiaStatus.WITHDRAWN else None,
                status=status,
            )
            if after_dpo:
                dpia.dpo_recommendation = DpoRecommendation.PROCEED
                dpia.dpo_advice = "Proceed with the measures listed"
                dpia.advised_by_id = self.rng.choice(self.dpo_ids)
                dpia.advised_at = submitted + timedelta(days=self.rng.randint(1, 10))
            if signed:
                dpia.signed_off_by_id = self.rng.choice(self.signers)
                dpia.signed_off_at = submitted + timedelta(days=self.rng.randint(11, 20))
                dpia.advice_decision = AdviceDecision.ACCEPTED
            if status in (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT):
                overdue = self.rng.random() < 0.08
                dpia.next_review_on = self.days_ago(1, 60) if overdue else self.days_ahead(30, 500)
                dpia.review_owner_id = dpia.author_id
            times[number] = self.history.timeline()
            self.stamp(dpia, times[number])
            dpias.append(dpia)
        self.dpias = self.save_all("DPIAs", Dpia, dpias)
        self.history_for(
            self.dpias,
            times,
            statuses=lambda d: _path(d.status, DPIA_PATHS),  # type: ignore[arg-type]
            churn="processing_scope",
        )
        risks: list[DpiaRisk] = []
        rtimes: dict[int, list[datetime]] = {}
        for dpia in self.dpias:
            for number in range(1, self.rng.randint(1, 4) + 1):
                likelihood = self.rng.choice(Likelihood.values)
                severity = self.rng.choice(Severity.values)
                overall = MATRIX[(likelihood, severity)]  # type: ignore[index]
                risk = DpiaRisk(
                    dpia_id=dpia.pk,
                    number=number,
                    description="Re-identification of individuals from matched records",
                    likelihood=likelihood,
                    severity=severity,
                    overall_risk=overall,
                )
                if overall != RiskLevel.LOW:
                    risk.measure_options = "Pseudonymise before matching"
                    risk.measure_effect = MeasureEffect.REDUCED
                    risk.residual_risk = (
                        RiskLevel.HIGH if self.rng.random() < 0.05 else RiskLevel.LOW
                    )
                rtimes[len(risks)] = self.history.timeline(self.rng.randint(1, 4))
                self.stamp(risk, rtimes[len(risks)])
                risks.append(risk)
        self.history_for(self.save_all("DPIA risks", DpiaRisk, risks), rtimes)
        self.approved = [d for d in self.dpias if d.status == DpiaStatus.APPROVED]
        self.screened_out = [d for d in self.dpias if d.status == DpiaStatus.SCREENED_OUT]

    def seed_activities(self) -> None:
        activities, times, links, imported = [], {}, {}, set()
        vocab = {
            "individual_categories": list(IndividualCategory.objects.values_list("pk", flat=True)),
            "data_categories": list(DataCategory.objects.values_list("pk", flat=True)),
            "recipient_categories": list(RecipientCategory.objects.values_list("pk", flat=True)),
        }
        for number in range(self.count("activities")):
            status = self.rng.choices(ActivityStatus.values, (15, 65, 10, 10))[0]
            personal = self.rng.random() < 0.6
            legacy = self.legacy()
            if legacy:
                imported.add(number)
            activity = ProcessingActivity(
                name=self.name("Activity", number),
                business_function="Analysis",
                purpose="Understand where violence happens to target prevention",
                has_personal_data=personal,
                retention_schedule="Kept for 2 years after the project ends",
                security_measures="Encrypted at rest; role-based access",
                location="OPCC SharePoint",
                rights_available="Access, rectification, objection",
                automated_decision_making="None",
                owner_id=self.rng.choice(self.users),
                status=status,
                next_review_on=self.days_ago(1, 90)
                if self.rng.random() < 0.08
                else self.days_ahead(20, 600),
            )
            dpia = None
            if personal:
                activity.has_special_category_data = self.rng.random() < 0.25
                activity.has_criminal_offence_data = self.rng.random() < 0.35
                activity.art6_basis = LawfulBasis.PUBLIC_TASK
                activity.retained_in_line = YesNo.YES
                activity.retention_policy_id = self.rng.choice(self.in_force).pk
                if activity.has_special_category_data:
                    activity.art9_condition = Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST
                if activity.has_criminal_offence_data:
                    activity.schedule1_condition = Schedule1Condition.PREVENTING_CRIME
                    activity.schedule1_art6_basis = LawfulBasis.PUBLIC_TASK
                pool = self.expired if legacy and self.expired else self.active_personal
                activity.covering_agreement_id = self.rng.choice(pool).pk
                special = activity.has_special_category_data or activity.has_criminal_offence_data
                if special and not (legacy and status == ActivityStatus.ACTIVE):
                    activity.safeguards_policy_id = self.rng.choice(self.safeguards).pk
                if self.rng.random() < 0.2 and self.screened_out:
                    activity.dpia_required = DpiaRequired.NO
                    dpia = self.rng.choice(self.screened_out)
                else:
                    activity.dpia_required = DpiaRequired.YES
                    if not (legacy and status == ActivityStatus.ACTIVE):
                        dpia = self.rng.choice(self.approved)
            if self.rng.random() < 0.6:
                activity.retention_rule = self.rng.choice(self.rules)
                activity.retention_trigger_on = self.days_ago(30, 1500)
                activity.retention_due_on = activity.retention_rule.due_on(
                    activity.retention_trigger_on
                )
            links[number] = (dpia, personal)
            times[number] = self.history.timeline()
            self.stamp(activity, times[number])
            activities.append(activity)
        self.activities = self.save_all("processing activities", ProcessingActivity, activities)
        self.history_for(
            self.activities,
            times,
            statuses=lambda a: _path(a.status, ACTIVITY_PATHS),  # type: ignore[arg-type]
            churn="purpose",
            imported=imported,
        )
        m2m: dict[str, list[models.Model]] = {}

        def link(field_name: str, activity_id: int, other_ids: Iterable[int], other: str) -> None:
            through = getattr(ProcessingActivity, field_name).through
            m2m.setdefault(field_name, []).extend(
                through(processingactivity_id=activity_id, **{f"{other}_id": pk})
                for pk in other_ids
            )

        dpia_through = Dpia.activities.through
        dpia_links = []
        for number, activity in enumerate(self.activities):
            dpia, personal = links[number]
            link(
                "sources",
                activity.pk,
                {s.pk for s in self.rng.sample(self.sources, 2)},
                "datasource",
            )
            if personal:
                for name, ids in vocab.items():
                    if ids:
                        other = {
                            "individual_categories": "individualcategory",
                            "data_categories": "datacategory",
                            "recipient_categories": "recipientcategory",
                        }[name]
                        link(name, activity.pk, self.rng.sample(ids, min(2, len(ids))), other)
            if dpia is not None:
                dpia_links.append(dpia_through(dpia_id=dpia.pk, processingactivity_id=activity.pk))
        for field_name, rows in m2m.items():
            self.save_all(f"activity {field_name}", type(rows[0]), rows, links=True)
        self.save_all("DPIA activities", dpia_through, dpia_links, links=True)

    def seed_disposals(self) -> None:
        disposals, times = [], {}
        candidates = self.rng.sample(self.sources, min(len(self.sources), self.count("disposals")))
        retired_sources = []
        for number, source in enumerate(candidates):
            status = self.rng.choices(DisposalStatus.values, (15, 80, 5))[0]
            # A disposed source is no longer in any live product, except in old data.
            if (
                status == DisposalStatus.APPROVED
                and source.pk in self.live_products_of
                and not self.legacy()
            ):
                status = DisposalStatus.PROPOSED
            disposed_on = self.days_ago(1, 400)
            proposed_at = self.now - timedelta(days=(self.today - disposed_on).days + 5)
            disposal = Disposal(
                data_source_id=source.pk,
                disposed_on=disposed_on,
                method=self.rng.choice(DisposalMethod.values),
                carried_out_by_id=self.rng.choice(self.users),
                evidence_reference=f"Certificate SCALE-{number:06d}",
                status=status,
                proposed_by_id=self.rng.choice(self.users),
                proposed_at=proposed_at,
            )
            if status != DisposalStatus.PROPOSED:
                disposal.decided_by_id = self.rng.choice(self.dpo_ids)
                disposal.decided_at = proposed_at + timedelta(days=2)
                disposal.decision_reason = (
                    "Not yet at the end of its retention"
                    if status == DisposalStatus.REFUSED
                    else ""
                )
            if status == DisposalStatus.APPROVED:
                retired_sources.append((source.pk, disposed_on))
            times[number] = self.history.timeline(self.rng.randint(1, 3))
            self.stamp(disposal, times[number])
            disposals.append(disposal)
        self.history_for(
            self.save_all("disposals", Disposal, disposals),
            times,
            statuses=lambda d: (
                [DisposalStatus.PROPOSED, d.status]
                if d.status != DisposalStatus.PROPOSED
                else [d.status]
            ),
        )
        for pk, on in retired_sources:  # few thousand at most; one UPDATE each
            DataSource.objects.filter(pk=pk).update(retired_on=on)

    def seed_breaches(self) -> None:
        breaches, times = [], {}
        last = Breach.objects.values_list("reference", flat=True)
        first = max(
            (int(r[3:]) for r in last if r.startswith("BR-") and r[3:].isdigit()), default=0
        )
        for number in range(self.count("breaches")):
            status = self.rng.choices(BreachStatus.values, (10, 10, 80))[0]
            aware = self.now - timedelta(hours=self.rng.randint(2, 24 * 500))
            overdue_undecided = status == BreachStatus.OPEN and self.rng.random() < 0.3
            decision = (
                IcoDecision.UNDECIDED
                if overdue_undecided or (status == BreachStatus.OPEN and self.rng.random() < 0.5)
                else self.rng.choice((IcoDecision.REPORT, IcoDecision.NOT_REQUIRED))
            )
            breach = Breach(
                reference=f"BR-{first + number + 1:03d}",
                title=self.name("Breach", number),
                detected_at=aware - timedelta(hours=self.rng.randint(0, 12)),
                became_aware_at=aware,
                reported_by_id=self.rng.choice(self.users),
                owner_id=self.rng.choice(self.dpo_ids),
                description="An e-mail with a spreadsheet went to the wrong partner",
                data_affected="Names and incident references",
                people_affected=self.rng.randint(1, 400),
                organisation_id=self.rng.choice(self.orgs).pk,
                risk=self.rng.choice(BreachRisk.values),
                ico_decision=decision,
                ico_decision_reasons=""
                if decision == IcoDecision.UNDECIDED
                else "Assessed by the DPO",
                status=status,
                actions="Recipient deleted the e-mail",
            )
            breach.ico_deadline_at = Breach.deadline_for(aware)
            if decision == IcoDecision.REPORT:
                late = self.rng.random() < 0.15
                breach.ico_told_at = aware + timedelta(
                    hours=self.rng.randint(73, 120) if late else self.rng.randint(2, 70)
                )
                breach.ico_told_at = min(breach.ico_told_at, self.now)
                breach.ico_reference = f"ICO-{number:06d}"
            if status != BreachStatus.OPEN:
                breach.contained_at = aware + timedelta(hours=6)
            if status == BreachStatus.CLOSED:
                breach.closed_at = min(aware + timedelta(days=20), self.now)
                breach.lessons_learnt = "Check recipients before sending"
            times[number] = self.history.timeline(self.rng.randint(3, 10))
            if times[number][0] > aware:
                times[number] = sorted([aware, *times[number][1:]])
            self.stamp(breach, times[number])
            breaches.append(breach)
        self.history_for(
            self.save_all("breaches", Breach, breaches),
            times,
            statuses=lambda b: _path(b.status, BREACH_PATHS),  # type: ignore[arg-type]
            churn="actions",
        )

    def seed_reminders(self) -> None:
        """Reminders already sent for policy and agreement reviews, each with its in-app
        notification (what a user's notification list and the ledger page read)."""
        reminders = []
        records = [(ReminderKind.POLICY_REVIEW, p) for p in self.policies] + [
            (ReminderKind.AGREEMENT_REVIEW, a) for a in self.agreements
        ]
        for kind, record in self.rng.sample(records, min(len(records), self.count("reminders"))):
            due = record.next_review_on if kind == ReminderKind.POLICY_REVIEW else record.review_on
            due = due or self.today
            sent = self.now - timedelta(days=self.rng.randint(0, 60))
            reminders.append(
                Reminder(
                    kind=kind,
                    object_id=record.pk,
                    due_on=due,
                    stage=ReminderStage.DAYS_30,
                    state=ReminderState.SENT,
                    created_at=sent,
                    sent_at=sent,
                    attempts=1,
                )
            )
        reminders = self.save_all("reminders", Reminder, reminders)
        self.save_all(
            "notifications",
            Notification,
            [
                Notification(
                    user_id=self.rng.choice(self.users),
                    reminder_id=reminder.pk,
                    kind=reminder.kind,
                    title=f"Review due on {reminder.due_on:%d %B %Y}",
                    url="/",
                    created_at=reminder.created_at,
                    read_at=reminder.created_at + timedelta(days=1)
                    if self.rng.random() < 0.6
                    else None,
                    email_wanted=True,
                    email_sent_at=reminder.created_at,
                )
                for reminder in reminders
            ],
        )


def seed(
    rows: int = DEFAULT_ROWS, *, seed: int = SEED, out: Callable[[str], None] | None = None
) -> Report:
    """Seed about ``rows`` register rows and their history; see the module's docstring."""
    return Seeder(rows, seed=seed, out=out).run()


__all__ = ["DEFAULT_ROWS", "SMALL_ROWS", "Report", "ScaleAlreadySeeded", "is_seeded", "seed"]
