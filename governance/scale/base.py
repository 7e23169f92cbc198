"""What every register's builder shares: the counts, the random source, the users who own the
changes, saving in batches and recording history."""

import random
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from sharing.models import Organisation

from .constants import (
    BATCH,
    DEFAULT_ROWS,
    EXTRA_USERS,
    LEGACY_SHARE,
    PLACES,
    SCALE_PREFIX,
    SEED,
    SHARES,
    TOPICS,
)
from .history import History, Report


class ScaleAlreadySeeded(Exception):
    """The database already holds scale data: seeding twice would double it."""


def is_seeded() -> bool:
    return Organisation.objects.filter(name__startswith=f"{SCALE_PREFIX} ").exists()


class SeederBase:
    """One run: the counts for ``rows``, the random source, the actors and what was written.

    The builders of each register are mixins (``sharing_registers``, ``ropa_registers``,
    ``governance_registers``); the records one builder makes and a later one links to are the
    attributes declared here."""

    users: list[int]
    history: History
    dpo_ids: list[int]
    signers: list[int]
    orgs: list[Any]
    forums: list[Any]
    rules: list[Any]
    policies: list[Any]
    safeguards: list[Any]
    in_force: list[Any]
    agreements: list[Any]
    active_personal: list[Any]
    expired: list[Any]
    party_orgs: dict[int, list[int]]
    live_products_of: dict[int, int]
    sources: list[Any]
    partner_sources: list[Any]
    products: list[Any]
    dpias: list[Any]
    approved: list[Any]
    screened_out: list[Any]
    activities: list[Any]

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
