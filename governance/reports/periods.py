"""The period a Board report covers: a calendar quarter (the Board meets quarterly) or any
run of dates up to a year, always whole London days."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone

#: The longest period one report covers: past a year the trends are the better read.
LONGEST_PERIOD = timedelta(days=366)
#: How many past quarters the form offers.
QUARTERS_OFFERED = 8


@dataclass(frozen=True)
class Period:
    """From ``starts_on`` to ``ends_on``, both included."""

    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        """ "1 July to 30 September 2026", or with both years when it spans two."""
        if self.starts_on.year == self.ends_on.year:
            start = formats.date_format(self.starts_on, "j F")
        else:
            start = formats.date_format(self.starts_on, "j F Y")
        return f"{start} to {formats.date_format(self.ends_on, 'j F Y')}"

    @property
    def quarter(self) -> str:
        """``"2026-Q3"`` when the period is exactly a calendar quarter, else ``""``."""
        value = _quarter_value(self.starts_on)
        return value if quarter_period(value) == self else ""

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes: from its first midnight to the midnight after it."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.starts_on, time.min, tzinfo=zone)
        end = datetime.combine(self.ends_on + timedelta(days=1), time.min, tzinfo=zone)
        return start, end

    def as_params(self) -> dict[str, str]:
        return {"starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat()}

    @classmethod
    def from_params(cls, params: dict[str, str]) -> "Period":
        return cls(date.fromisoformat(params["starts_on"]), date.fromisoformat(params["ends_on"]))


def _quarter_value(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_period(value: str) -> Period | None:
    """``"2026-Q3"`` as its period; ``None`` for anything else."""
    try:
        year_text, quarter_text = value.split("-Q")
        year, quarter = int(year_text), int(quarter_text)
    except ValueError:
        return None
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        return None
    starts_on = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(starts_on, next_start - timedelta(days=1))


def last_full_quarter(today: date | None = None) -> Period:
    """The most recent calendar quarter that has ended: what the Board meets to review."""
    today = today or timezone.localdate()
    this_quarter = quarter_period(_quarter_value(today))
    assert this_quarter is not None
    day_before = this_quarter.starts_on - timedelta(days=1)
    previous = quarter_period(_quarter_value(day_before))
    assert previous is not None
    return previous


def quarter_choices(today: date | None = None) -> list[tuple[str, str]]:
    """The quarter so far and the past ones, newest first, as (value, label)."""
    today = today or timezone.localdate()
    choices = []
    day = today
    for _ in range(QUARTERS_OFFERED + 1):
        value = _quarter_value(day)
        period = quarter_period(value)
        assert period is not None
        # Named by its months: a calendar quarter's number would be read as the financial
        # year's by many in the public sector.
        months = (
            f"{formats.date_format(period.starts_on, 'F')} to "
            f"{formats.date_format(period.ends_on, 'F Y')}"
        )
        suffix = " (so far)" if period.ends_on >= today else ""
        choices.append((value, f"{months}{suffix}"))
        day = period.starts_on - timedelta(days=1)
    return choices
