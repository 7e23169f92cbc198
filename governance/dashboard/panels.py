"""The dashboard's panels: one per Accountability Framework category, with figures from
``leadership``, ``sharing_ropa`` and ``risks`` (``figures`` holds what a figure is).

Every figure is a count (or, for the leadership panel, a name or a date) with the URL of the
register list filtered to exactly its rows: the list filters and these counts share their
definitions (the querysets' ``uncovered``, ``review_overdue``, ``review_due``,
``with_high_residual_risk``, ``incomplete``; the stored retention due dates the due list and the
reminders read). Each register table is read once, by one conditional aggregate, so the
panels cost the same number of queries for ten rows or a hundred thousand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from ..findings import Category, category_counts, findings_url
from .actions import action_figures
from .figures import Figure, Panel, status_text
from .leadership import leadership_figures, policy_figures
from .rights import rights_figures
from .risks import breach_figures, records_figures, risk_figures
from .sharing_ropa import activity_figures, contract_figures, ropa_figures, source_figures
from .training import training_figures
from .transparency import transparency_figures


def build_panels(user: Any, today: date | None = None) -> list[Panel]:
    """One panel per Accountability Framework category, in the Framework's order: figures
    from the registers ``user`` may see, status from the category's findings."""
    today = today or timezone.localdate()
    activities = activity_figures(user, today)
    sources = source_figures(user, today)
    figures = {
        Category.LEADERSHIP: [*leadership_figures(today), *action_figures(user, today)],
        Category.POLICIES: policy_figures(user, today),
        Category.ROPA: ropa_figures(activities),
        Category.TRANSPARENCY: transparency_figures(activities),
        Category.CONTRACTS: contract_figures(user, today, sources),
        Category.RISKS: risk_figures(user, today),
        Category.RECORDS: records_figures(user, today, activities, sources),
        Category.BREACHES: breach_figures(user),
        Category.RIGHTS: rights_figures(user, today),
        Category.TRAINING: training_figures(user, today),
    }
    findings = category_counts(today)
    panels = []
    for category in Category:
        by_severity = {
            str(severity): count for severity, count in findings.get(category, {}).items() if count
        }
        attention = sum(by_severity.values())
        panels.append(
            Panel(
                category=category,
                heading=str(category.label),
                status=status_text(attention),
                attention=attention,
                figures=figures[category],
                findings_url=findings_url(category=category.value),
                by_severity=by_severity,
            )
        )
    return panels


__all__ = ["Figure", "Panel", "build_panels", "status_text"]
