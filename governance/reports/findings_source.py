"""The findings the Board report reads, through ``governance.findings``' public API, in the
order the report lists them: the most serious kinds first."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from .. import findings
from ..findings import Category, Finding, FindingKind


def kinds() -> tuple[FindingKind, ...]:
    """Every finding kind, high severity first (the findings module's own order)."""
    return findings.KINDS


def kinds_of(category: Category) -> list[FindingKind]:
    return [kind for kind in kinds() if kind.category == category]


def counts(today: date, user: Any) -> dict[str, int]:
    """Each kind's count among the records ``user`` may see (one query per kind)."""
    return findings.counts(today, user=user)


def page(
    kinds: Sequence[FindingKind], limit: int, today: date, counts: dict[str, int], user: Any
) -> list[Finding]:
    """The first ``limit`` findings of ``kinds`` in their order, reading only the kinds that
    have any (each one SQL-sliced query)."""
    if limit <= 0:
        return []
    return findings.findings_page(kinds, 0, limit, today, user=user, known_counts=counts)


def findings_url(**params: Any) -> str:
    return findings.findings_url(**params)
