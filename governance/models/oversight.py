"""Oversight: the monthly figures behind the dashboard's trend charts.

The figures are worked out from the registers' history (``governance.trends``) by a nightly job
and can be rebuilt from history at any time, so this table holds nothing that cannot be
recomputed. Its permission, ``view_dashboard``, is what opens the accountability dashboard and
the Board report to the SIRO, the DPO and the Director.
"""

from django.db import models
from django.utils import timezone


class MonthlyFigure(models.Model):
    """One figure of one trend series for one month: e.g. ("dpias_by_state", "approved") = 12
    at the end of March 2026."""

    month = models.DateField(help_text="The first day of the month the figure describes.")
    series = models.CharField(max_length=50)
    key = models.CharField(max_length=50, blank=True)
    value = models.IntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("series", "month", "key")
        verbose_name = "monthly figure"
        permissions = (
            (
                "view_dashboard",
                "Can open the accountability dashboard, its trends and the Board report",
            ),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("series", "month", "key"), name="governance_monthlyfigure_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.series} {self.key} {self.month:%Y-%m}: {self.value}"
