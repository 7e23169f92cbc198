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

from .base import ScaleAlreadySeeded, is_seeded
from .constants import DEFAULT_ROWS, IMPORTED, SCALE_PREFIX, SEED, SMALL_ROWS
from .history import History, Report, write_rows
from .seeder import Seeder, seed

__all__ = [
    "DEFAULT_ROWS",
    "IMPORTED",
    "SCALE_PREFIX",
    "SEED",
    "SMALL_ROWS",
    "History",
    "Report",
    "ScaleAlreadySeeded",
    "Seeder",
    "is_seeded",
    "seed",
    "write_rows",
]
