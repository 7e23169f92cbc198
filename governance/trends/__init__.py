"""Trends over the last twelve months, worked out from the registers' history.

``record_month`` works out one month's figures from the simple-history tables (each record as
its latest history row before the month's end) and stores them in ``MonthlyFigure``; the
nightly task ``governance.record_monthly_figures`` and ``manage.py rebuild_trends`` call it.
``charts`` reads the stored figures back for the dashboard and the Board report, so a page
never reads history itself.
"""

from .charts import Chart, Column, Segment, charts
from .recording import figures_for, months_back, rebuild, record_month

__all__ = [
    "Chart",
    "Column",
    "Segment",
    "charts",
    "figures_for",
    "months_back",
    "rebuild",
    "record_month",
]
