"""The statutory clocks of requests from individuals, table by table (no database)."""

from datetime import date

import pytest

from governance.rights.clocks import (
    Regime,
    add_months,
    clarification_days,
    clock,
    due_on,
    foi_due_on,
    foi_working_days_between,
    gdpr_due_on,
    is_foi_working_day,
    is_gdpr_working_day,
)


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2026, 3, 3), 1, date(2026, 4, 3)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 1, date(2028, 3, 29)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2027, 1, 31), 3, date(2027, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_a_calendar_month_is_the_corresponding_date_or_the_last_day_of_the_month(
    received: date, months: int, expected: date
) -> None:
    assert add_months(received, months) == expected


@pytest.mark.parametrize(
    ("received", "expected", "why"),
    [
        (date(2026, 6, 15), date(2026, 7, 15), "the corresponding date, a Wednesday"),
        (date(2027, 1, 31), date(2027, 3, 1), "31 Jan → 28 Feb 2027, a Sunday → Monday"),
        (date(2028, 1, 31), date(2028, 2, 29), "31 Jan → 29 Feb in a leap year"),
        (date(2028, 2, 29), date(2028, 3, 29), "29 Feb → 29 Mar"),
        (date(2029, 1, 30), date(2029, 2, 28), "30 Jan → 28 Feb, no 30 February"),
        (date(2026, 3, 3), date(2026, 4, 7), "3 Apr 2026 is Good Friday, then Easter Monday"),
        (date(2026, 11, 25), date(2026, 12, 29), "Christmas Day, a weekend, Boxing Day moved"),
        (date(2025, 12, 2), date(2026, 1, 2), "a Scottish 2 January is a working day in England"),
        (date(2027, 2, 17), date(2027, 3, 17), "St Patrick's Day is a working day in England"),
    ],
)
def test_a_uk_gdpr_request_is_due_a_calendar_month_later_on_a_working_day(
    received: date, expected: date, why: str
) -> None:
    assert gdpr_due_on(received) == expected, why


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2026, 9, 3), 1, date(2026, 11, 3)),
        (date(2026, 9, 3), 2, date(2026, 12, 3)),
        (date(2027, 1, 31), 2, date(2027, 4, 30)),
        (date(2026, 10, 25), 2, date(2027, 1, 25)),
    ],
)
def test_an_extension_adds_one_or_two_months_counted_from_the_same_start(
    received: date, months: int, expected: date
) -> None:
    assert gdpr_due_on(received, extension_months=months) == expected


@pytest.mark.parametrize("months", [-1, 3])
def test_a_uk_gdpr_request_cannot_be_extended_beyond_two_months(months: int) -> None:
    with pytest.raises(ValueError, match="one or two"):
        gdpr_due_on(date(2026, 9, 3), extension_months=months)


@pytest.mark.parametrize(
    ("received", "asked", "answered", "paused", "expected"),
    [
        # Asked 5 June, answered 9 June: five days that do not count.
        (date(2026, 6, 1), date(2026, 6, 5), date(2026, 6, 9), 5, date(2026, 7, 6)),
        # Asked and answered the same day: that day does not count.
        (date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 2), 1, date(2026, 7, 2)),
        # The paused days carry the date past a month end: 31 Jan → 28 Feb + 3 → 3 Mar 2027.
        (date(2027, 1, 31), date(2027, 2, 1), date(2027, 2, 3), 3, date(2027, 3, 3)),
    ],
)
def test_waiting_for_clarification_adds_the_days_paused(
    received: date, asked: date, answered: date, paused: int, expected: date
) -> None:
    assert clarification_days(asked, answered) == paused
    assert gdpr_due_on(received, days_paused=paused) == expected


def test_clarification_cannot_arrive_before_it_was_asked_for() -> None:
    with pytest.raises(ValueError):
        clarification_days(date(2026, 6, 5), date(2026, 6, 4))


def test_waiting_for_identification_starts_the_month_when_it_arrives() -> None:
    # Received 1 June; identification asked for at once, arrived 15 June: due 15 July.
    assert due_on(Regime.GDPR, date(2026, 6, 15)) == date(2026, 7, 15)
    assert gdpr_due_on(date(2026, 6, 1)) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("day", "foi", "gdpr", "why"),
    [
        (date(2026, 1, 2), False, True, "Scottish 2 January"),
        (date(2027, 3, 17), False, True, "St Patrick's Day (Northern Ireland)"),
        (date(2027, 7, 12), False, True, "Battle of the Boyne (Northern Ireland)"),
        (date(2026, 8, 3), False, True, "Scottish summer bank holiday"),
        (date(2026, 8, 31), False, False, "English summer bank holiday"),
        (date(2026, 12, 25), False, False, "Christmas Day"),
        (date(2027, 3, 26), False, False, "Good Friday"),
        (date(2026, 12, 5), False, False, "a Saturday"),
        (date(2026, 12, 3), True, True, "an ordinary Thursday"),
    ],
)
def test_working_days(day: date, foi: bool, gdpr: bool, why: str) -> None:
    assert is_foi_working_day(day) is foi, why
    assert is_gdpr_working_day(day) is gdpr, why


@pytest.mark.parametrize(
    ("received", "expected", "why"),
    [
        (
            date(2026, 12, 3),
            date(2027, 1, 6),
            "Christmas, Boxing Day moved, New Year, Scottish 4 Jan",
        ),
        (date(2025, 12, 19), date(2026, 1, 22), "the Scottish 2 January is not counted"),
        (date(2027, 3, 5), date(2027, 4, 7), "St Patrick's Day, Good Friday, Easter Monday"),
        (date(2026, 12, 5), date(2027, 1, 7), "received on a Saturday: Monday is day one"),
        (date(2026, 6, 1), date(2026, 6, 30), "Scotland's one-off bank holiday, 15 June 2026"),
        (date(2026, 9, 1), date(2026, 9, 29), "no holidays: four weeks"),
    ],
)
def test_an_foi_request_is_due_twenty_working_days_after_receipt(
    received: date, expected: date, why: str
) -> None:
    assert foi_due_on(received) == expected, why
    assert due_on(Regime.FOI, received) == expected


def test_an_eir_request_may_be_extended_to_forty_working_days() -> None:
    assert due_on(Regime.EIR, date(2026, 12, 3)) == date(2027, 1, 6)
    assert due_on(Regime.EIR, date(2026, 12, 3), is_extended=True) == date(2027, 2, 3)
    assert foi_working_days_between(date(2026, 12, 3), date(2027, 2, 3)) == 40


def test_an_foi_request_cannot_be_extended_to_forty_working_days() -> None:
    with pytest.raises(ValueError, match="EIR"):
        foi_due_on(date(2026, 12, 3), is_extended=True)


@pytest.mark.parametrize(
    ("kwargs", "text", "colour"),
    [
        (
            {"regime": Regime.FOI, "today": date(2026, 12, 3), "due": date(2027, 1, 8)},
            "Due Friday 8 January 2027: 22 working days left",
            "blue",
        ),
        (
            {"regime": Regime.FOI, "today": date(2027, 1, 4), "due": date(2027, 1, 8)},
            "Due Friday 8 January 2027: 4 working days left",
            "orange",
        ),
        (
            {"regime": Regime.GDPR, "today": date(2026, 12, 1), "due": date(2026, 12, 10)},
            "Due Thursday 10 December 2026: 9 days left",
            "blue",
        ),
        (
            {"regime": Regime.GDPR, "today": date(2026, 12, 9), "due": date(2026, 12, 10)},
            "Due Thursday 10 December 2026: 1 day left",
            "orange",
        ),
        (
            {"regime": Regime.GDPR, "today": date(2026, 12, 10), "due": date(2026, 12, 10)},
            "Due today, Thursday 10 December 2026",
            "orange",
        ),
        (
            {"regime": Regime.GDPR, "today": date(2026, 12, 13), "due": date(2026, 12, 10)},
            "Was due Thursday 10 December 2026: 3 days overdue",
            "red",
        ),
        (
            {
                "regime": Regime.GDPR,
                "today": date(2026, 12, 13),
                "due": None,
                "paused_on": date(2026, 12, 3),
                "pause_reason": "identification",
            },
            "Paused since Thursday 3 December 2026: waiting for identification",
            "grey",
        ),
        (
            {
                "regime": Regime.FOI,
                "today": date(2026, 12, 13),
                "due": None,
                "paused_on": date(2026, 12, 4),
                "pause_reason": "clarification",
            },
            "Paused since Friday 4 December 2026: waiting for clarification",
            "grey",
        ),
        (
            {
                "regime": Regime.GDPR,
                "today": date(2026, 12, 13),
                "due": date(2026, 12, 10),
                "responded_on": date(2026, 12, 9),
            },
            "Responded Wednesday 9 December 2026, on time",
            "green",
        ),
        (
            {
                "regime": Regime.GDPR,
                "today": date(2026, 12, 13),
                "due": date(2026, 12, 10),
                "responded_on": date(2026, 12, 11),
            },
            "Responded Friday 11 December 2026, 1 day late",
            "red",
        ),
    ],
)
def test_the_clock_in_words(kwargs: dict, text: str, colour: str) -> None:
    shown = clock(**kwargs)
    assert (shown.text, shown.colour) == (text, colour)
