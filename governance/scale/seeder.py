"""The whole run: every register's builder in order, then ``ANALYZE``."""

import time
from collections.abc import Callable

from django.db import connection, transaction

from .base import ScaleAlreadySeeded, is_seeded
from .constants import (
    DEFAULT_ROWS,
    SCALE_PREFIX,
    SEED,
)
from .governance_registers import GovernanceSeeder
from .history import History, Report, _keeping_timestamps
from .ropa_registers import RopaSeeder
from .sharing_registers import SharingSeeder


class Seeder(SharingSeeder, RopaSeeder, GovernanceSeeder):
    """One run: the users first, then each register in an order where a record's links exist
    before it."""

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


def seed(
    rows: int = DEFAULT_ROWS, *, seed: int = SEED, out: Callable[[str], None] | None = None
) -> Report:
    """Seed about ``rows`` register rows and their history; see the package's docstring."""
    return Seeder(rows, seed=seed, out=out).run()
