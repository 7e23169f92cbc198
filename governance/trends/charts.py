"""The trend charts: the stored monthly figures as ``Chart`` objects ready to draw.

``charts()`` reads ``MonthlyFigure`` in one query whatever the number of months or series, and
works out, for each month, a stacked bar drawn with CSS classes in 5% steps (the
Content-Security-Policy forbids inline style). The data table beside each chart carries the
exact figures; the bars only show their shape.
"""

from dataclasses import dataclass, field
from datetime import date

from sharing.choices import AgreementStatus

from ..choices import DpiaStatus
from ..models import MonthlyFigure
from .recording import months_back
from .series import AGREEMENTS, DPIAS, FINDINGS, LIVE_FINDINGS, OVERDUE

#: Bar heights come in steps of this many percent (``app-bar--0`` … ``app-bar--100``).
STEP = 5


@dataclass(frozen=True)
class Segment:
    series: str
    value: int
    #: Height as a percentage of the tallest month, a multiple of ``STEP``.
    height: int
    #: Which of the chart's fill patterns it uses (the legend shows the same one).
    pattern: int


@dataclass(frozen=True)
class Column:
    label: str
    total: int
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    #: One line in words, e.g. "Open findings fell from 14 in Jan 2026 to 9 in Dec 2026."
    summary: str
    #: Column headings of the data table, one per value in each row.
    series: list[str]
    #: (month label "Mar 2026", one value per series), oldest first.
    rows: list[tuple[str, list[int]]]
    columns: list[Column] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[int, str]]:
        return list(enumerate(self.series))

    @property
    def totals(self) -> list[tuple[str, list[int], int]]:
        return [(label, values, sum(values)) for label, values in self.rows]


@dataclass(frozen=True)
class ChartSpec:
    slug: str
    series: str
    title: str
    #: (stored key, column heading), in the order drawn.
    keys: tuple[tuple[str, str], ...]
    #: What one unit is, for the summary: ("finding", "findings").
    noun: tuple[str, str]
    #: Leave out keys that are zero in every month shown (states nothing ever reached).
    drop_empty: bool = False
    #: The key the summary follows, instead of the total.
    headline: str | None = None


SPECS = (
    ChartSpec(
        "findings",
        FINDINGS,
        "Findings by month",
        (
            ("reviews_overdue", "Reviews overdue"),
            ("retention_overdue", "Retention overdue"),
            ("expired_agreement_in_use", "Expired agreements in use"),
            ("breach_72_hours", "Breaches past 72 hours undecided"),
        ),
        ("finding", "findings"),
    ),
    ChartSpec(
        "overdue",
        OVERDUE,
        "Overdue items by month",
        (
            ("dpia_review", "DPIA reviews"),
            ("agreement_review", "Agreement reviews"),
            ("policy_review", "Policy reviews"),
            ("activity_review", "Activity reviews"),
            ("retention", "Retention"),
        ),
        ("overdue item", "overdue items"),
    ),
    ChartSpec(
        "agreements",
        AGREEMENTS,
        "Agreements by state",
        tuple((value, str(label)) for value, label in AgreementStatus.choices),
        ("agreement", "agreements"),
        drop_empty=True,
        headline=AgreementStatus.ACTIVE,
    ),
    ChartSpec(
        "dpias",
        DPIAS,
        "DPIAs by state",
        tuple((value, str(label)) for value, label in DpiaStatus.choices),
        ("DPIA", "DPIAs"),
        drop_empty=True,
        headline=DpiaStatus.APPROVED,
    ),
)


def month_label(month: date) -> str:
    return f"{month:%b %Y}"


def heights(values: list[int], tallest: int) -> list[int]:
    """Each value's share of the tallest month, in ``STEP``s: a value above zero is never
    drawn as nothing, and a month's stack never goes past 100%."""
    if tallest <= 0:
        return [0 for _ in values]
    steps = [max(1, round(value * (100 // STEP) / tallest)) if value > 0 else 0 for value in values]
    while sum(steps) > 100 // STEP:
        steps[steps.index(max(steps))] -= 1
    return [step * STEP for step in steps]


def _summary(spec: ChartSpec, rows: list[tuple[str, list[int]]], keys: list[str]) -> str:
    plural = spec.noun[1]
    if not rows:
        return f"No {plural} recorded yet: the monthly figures have not been worked out."
    if spec.headline is not None and spec.headline in keys:
        index = keys.index(spec.headline)
        heading = dict(spec.keys)[spec.headline].lower()
        subject = f"{heading[:1].upper()}{heading[1:]} {plural}"
        first, last = rows[0][1][index], rows[-1][1][index]
    else:
        subject = plural[:1].upper() + plural[1:]
        first, last = sum(rows[0][1]), sum(rows[-1][1])
    (start, _), (end, _) = rows[0], rows[-1]
    if len(rows) == 1:
        return f"{subject}: {last} in {end}."
    if last > first:
        return f"{subject} rose from {first} in {start} to {last} in {end}."
    if last < first:
        return f"{subject} fell from {first} in {start} to {last} in {end}."
    return f"{subject} stayed at {last} from {start} to {end}."


def _live_sentence(live: dict[str, int]) -> str:
    total = sum(live.values())
    parts = ", ".join(f"{live.get(key, 0)} {key}" for key in ("high", "medium", "low"))
    return f" Today's full check finds {total} in all ({parts})."


def build_chart(
    spec: ChartSpec, months: list[date], stored: dict[tuple[str, date], dict[str, int]]
) -> Chart:
    recorded = [month for month in months if (spec.series, month) in stored]
    keys = [key for key, _ in spec.keys]
    if spec.drop_empty:
        keys = [key for key in keys if any(stored[(spec.series, m)].get(key) for m in recorded)]
    headings = dict(spec.keys)
    rows = [
        (month_label(month), [stored[(spec.series, month)].get(key, 0) for key in keys])
        for month in recorded
    ]
    tallest = max((sum(values) for _, values in rows), default=0)
    columns = [
        Column(
            label=label,
            total=sum(values),
            segments=[
                Segment(headings[key], value, height, pattern)
                for pattern, (key, value, height) in enumerate(
                    zip(keys, values, heights(values, tallest), strict=True)
                )
            ],
        )
        for label, values in rows
    ]
    summary = _summary(spec, rows, keys)
    if spec.series == FINDINGS and recorded and (LIVE_FINDINGS, recorded[-1]) in stored:
        summary += _live_sentence(stored[(LIVE_FINDINGS, recorded[-1])])
    return Chart(
        slug=spec.slug,
        title=spec.title,
        summary=summary,
        series=[headings[key] for key in keys],
        rows=rows,
        columns=columns,
    )


def charts(months: int = 12, end: date | None = None) -> list[Chart]:
    """The trend charts over the last ``months`` months ending with ``end``'s (today's by
    default), from the stored figures: one query. A month never worked out is left out rather
    than drawn as zeros."""
    window = months_back(months, end)
    stored: dict[tuple[str, date], dict[str, int]] = {}
    figures = MonthlyFigure.objects.filter(
        month__in=window, series__in=[*(spec.series for spec in SPECS), LIVE_FINDINGS]
    ).values_list("series", "month", "key", "value")
    for series, month, key, value in figures:
        stored.setdefault((series, month), {})[key] = value
    return [build_chart(spec, window, stored) for spec in SPECS]
