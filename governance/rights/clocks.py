"""The statutory clocks of requests from individuals, as pure functions of dates.

Nothing here reads the database or the time: callers pass "today". Two regimes:

**UK GDPR** (subject access and the other rights, Art 12(3) and Art 12A). The controller
answers within one calendar month of the day the clock starts: the corresponding date of the
next month (3 March → 3 April), or the last day of that month where it has no such date
(31 January → 28 or 29 February). Where that date is a weekend or a bank holiday, the answer
is due on the next working day. A complex or numerous request may be extended by one or two
further months (the months count from the same start: received 3 September, extended by two
months, due 3 December), with the reason recorded.

Waiting for the requester, the clock does not run; the rule depends on what is awaited:

- *identification* (information to confirm who the requester is): the time limit starts from
  receipt of that information. The clock's start becomes the day the identification arrived,
  and the month is counted from there (``gdpr_due_on(arrived_on)``).
- *clarification* (which information or processing the request is about): the days from the
  day the controller asked to the day the answer arrived, both counted, do not count towards
  the month ("stop the clock"): they are added to the month before the working-day rule is
  applied (``days_paused``).

Working days for the UK GDPR date are those of England and Wales (the partnership's
controllers are in England): weekends and England and Wales bank holidays are not working days.

**FOI and EIR** (FOIA s.10, EIR reg 5(2)). The answer is due on the twentieth working day
following the day of receipt: the day of receipt is not counted, and a request received on a
non-working day has the next working day as its first. A working day (FOIA s.10(6)) is any day
other than a Saturday, a Sunday, Christmas Day, Good Friday or a day that is a bank holiday in
any part of the United Kingdom: England and Wales, Scotland or Northern Ireland, so a Scottish
2 January or a Northern Irish St Patrick's Day is not a working day either. The calendar comes
from the maintained ``holidays`` package, all four nations unioned. EIR allows 40 working days
for a complex and voluminous request (reg 7(1)). A request clarified (FOIA s.1(3), EIR reg
9(4)) or awaiting identification starts again from the day the information arrives.
"""

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays


class Regime(StrEnum):
    GDPR = "gdpr"
    FOI = "foi"
    EIR = "eir"


class PauseReason(StrEnum):
    IDENTIFICATION = "identification"
    CLARIFICATION = "clarification"


#: FOI and EIR: the working days allowed, and EIR's for a complex and voluminous request.
FOI_WORKING_DAYS = 20
EIR_EXTENDED_WORKING_DAYS = 40
#: UK GDPR: the most months a request may be extended by.
GDPR_MAX_EXTENSION_MONTHS = 2

UK_NATIONS = ("ENG", "NIR", "SCT", "WLS")
GDPR_NATIONS = ("ENG", "WLS")


@cache
def _bank_holidays(year: int, nations: tuple[str, ...]) -> frozenset[date]:
    days: set[date] = set()
    for nation in nations:
        days.update(holidays.UK(subdiv=nation, years=year).keys())
    return frozenset(days)


def uk_bank_holidays(year: int) -> frozenset[date]:
    """Every bank holiday of ``year`` in any part of the UK (with Christmas Day and Good
    Friday, which are bank holidays in every nation)."""
    return _bank_holidays(year, UK_NATIONS)


def is_foi_working_day(day: date) -> bool:
    """FOIA s.10(6): not a weekend, Christmas Day, Good Friday or a UK bank holiday."""
    return day.weekday() < 5 and day not in uk_bank_holidays(day.year)


def is_gdpr_working_day(day: date) -> bool:
    """Not a weekend or an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year, GDPR_NATIONS)


def _on_or_after(day: date, is_working: Callable[[date], bool]) -> date:
    while not is_working(day):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later, or the last day of that month without one."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def clarification_days(asked_on: date, received_on: date) -> int:
    """The days that do not count while clarification is awaited: from the day it was asked
    for to the day it arrived, both included."""
    if received_on < asked_on:
        raise ValueError("The clarification cannot arrive before it was asked for.")
    return (received_on - asked_on).days + 1


def gdpr_due_on(starts_on: date, *, extension_months: int = 0, days_paused: int = 0) -> date:
    """UK GDPR: one calendar month (plus any extension) from ``starts_on``, plus the days
    paused for clarification, moved to the next working day if it falls on a day off."""
    if not 0 <= extension_months <= GDPR_MAX_EXTENSION_MONTHS:
        raise ValueError("A request can be extended by one or two further months only.")
    if days_paused < 0:
        raise ValueError("The days paused cannot be negative.")
    limit = add_months(starts_on, 1 + extension_months) + timedelta(days=days_paused)
    return _on_or_after(limit, is_gdpr_working_day)


def add_foi_working_days(received_on: date, working_days: int) -> date:
    """The ``working_days``-th working day following the day of receipt."""
    day = received_on
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if is_foi_working_day(day):
            counted += 1
    return day


def foi_due_on(
    received_on: date, *, is_extended: bool = False, regime: Regime = Regime.FOI
) -> date:
    """FOI and EIR: 20 working days following receipt; 40 for an extended EIR request."""
    if is_extended and regime != Regime.EIR:
        raise ValueError("Only an EIR request can be extended to 40 working days.")
    days = EIR_EXTENDED_WORKING_DAYS if is_extended else FOI_WORKING_DAYS
    return add_foi_working_days(received_on, days)


def due_on(
    regime: Regime,
    starts_on: date,
    *,
    extension_months: int = 0,
    is_extended: bool = False,
    days_paused: int = 0,
) -> date:
    """The due date for ``regime`` with the clock started on ``starts_on`` (see the module)."""
    if regime == Regime.GDPR:
        return gdpr_due_on(starts_on, extension_months=extension_months, days_paused=days_paused)
    return foi_due_on(starts_on, is_extended=is_extended, regime=regime)


def foi_working_days_between(start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end`` (0 if ``end`` is not
    later)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_foi_working_day(day):
            count += 1
    return count


# --- The clock in words ---------------------------------------------------------------------------

PAUSE_WORDS = {
    PauseReason.IDENTIFICATION: "waiting for identification",
    PauseReason.CLARIFICATION: "waiting for clarification",
}


def long_date(day: date) -> str:
    """GOV.UK style: "Friday 9 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Clock:
    """Where a request stands against its time limit, in words (the colour only repeats it).
    ``is_running``: not paused and not answered; ``is_overdue``: that, and the date passed."""

    text: str
    colour: str
    is_running: bool
    is_overdue: bool


def clock(
    *,
    regime: Regime,
    today: date,
    due: date | None,
    paused_on: date | None = None,
    pause_reason: str = "",
    responded_on: date | None = None,
) -> Clock:
    """The clock in words: "Due Friday 9 January 2027: 12 working days left", "Paused since
    Thursday 3 December 2026: waiting for identification", "Responded Monday 4 January 2027,
    on time"."""
    if responded_on is not None:
        if due is None or responded_on <= due:
            return Clock(f"Responded {long_date(responded_on)}, on time", "green", False, False)
        late = (responded_on - due).days
        return Clock(
            f"Responded {long_date(responded_on)}, {_plural(late, 'day')} late", "red", False, False
        )
    if paused_on is not None or due is None:
        since = f" since {long_date(paused_on)}" if paused_on else ""
        waiting = PAUSE_WORDS.get(PauseReason(pause_reason), "") if pause_reason else ""
        text = f"Paused{since}: {waiting}" if waiting else f"Paused{since}"
        return Clock(text, "grey", False, False)
    if due < today:
        late = (today - due).days
        return Clock(f"Was due {long_date(due)}: {_plural(late, 'day')} overdue", "red", True, True)
    if due == today:
        return Clock(f"Due today, {long_date(due)}", "orange", True, False)
    if regime == Regime.GDPR:
        left = _plural((due - today).days, "day")
        soon = (due - today).days <= 7
    else:
        working = foi_working_days_between(today, due)
        left = _plural(working, "working day")
        soon = working <= 5
    return Clock(f"Due {long_date(due)}: {left} left", "orange" if soon else "blue", True, False)
