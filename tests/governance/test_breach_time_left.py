"""The time left to tell the ICO: counted in elapsed hours from awareness, worded for people,
and shown in UK local time, including across the spring and autumn clock changes."""

import datetime

import pytest
import time_machine

from governance.tables import ico_clock

from .breach_helpers import LONDON, make_breach

pytestmark = pytest.mark.django_db


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("hours_after_awareness", "wording", "colour"),
    [
        (0, "72 hours left", "blue"),
        (41, "31 hours left", "blue"),
        (48.5, "23 hours left", "orange"),
        (71, "1 hour left", "orange"),
        (71.75, "15 minutes left", "orange"),
        (72, "Deadline passed less than a minute ago", "red"),
        (72.5, "Deadline passed 30 minutes ago", "red"),
        (77, "Deadline passed 5 hours ago", "red"),
        (72 + 47, "Deadline passed 47 hours ago", "red"),
        (72 + 75, "Deadline passed 3 days ago", "red"),
    ],
)
def test_the_time_left_is_worded_in_whole_hours_or_minutes(
    staff, hours_after_awareness, wording, colour
):
    aware = london(2026, 11, 10, 9, 0)
    breach = make_breach(staff, became_aware_at=aware)
    clock = ico_clock(breach, aware + datetime.timedelta(hours=hours_after_awareness))
    assert (clock.text, clock.colour) == (wording, colour)


def test_a_told_or_not_reportable_breach_says_what_stopped_the_clock(staff):
    aware = london(2026, 11, 10, 9, 0)
    told = make_breach(
        staff,
        became_aware_at=aware,
        ico_decision="report",
        ico_decision_reasons="Risk",
        ico_told_at=london(2026, 11, 12, 16, 0),
    )
    not_reportable = make_breach(
        staff,
        "BR-002",
        became_aware_at=aware,
        ico_decision="not_required",
        ico_decision_reasons="Encrypted",
    )
    later = aware + datetime.timedelta(days=10)
    assert ico_clock(told, later).text == "Told the ICO 12 Nov 2026"
    assert ico_clock(not_reportable, later).text == "Not reportable"
    assert not ico_clock(told, later).is_running


def test_the_clock_counts_elapsed_hours_across_the_spring_clock_change(client, staff):
    # Aware at noon GMT on Saturday 28 March 2026; the clocks go forward at 1am on the 29th.
    aware = london(2026, 3, 28, 12, 0)
    breach = make_breach(staff, became_aware_at=aware)
    # 72 elapsed hours later is 1pm BST on Tuesday 31 March, not noon.
    assert breach.ico_deadline_at == london(2026, 3, 31, 13, 0)
    with time_machine.travel(london(2026, 3, 29, 13, 0), tick=False):  # 24 elapsed hours
        client.force_login(staff)
        page = client.get(breach.get_absolute_url()).content.decode()
    assert "48 hours left to tell the ICO" in page
    assert "1:00pm on Tuesday 31 March 2026" in page


def test_the_clock_counts_elapsed_hours_across_the_autumn_clock_change(client, staff):
    # Aware at noon BST on Saturday 24 October 2026; the clocks go back at 2am on the 25th.
    aware = london(2026, 10, 24, 12, 0)
    breach = make_breach(staff, became_aware_at=aware)
    assert breach.ico_deadline_at == london(2026, 10, 27, 11, 0)
    with time_machine.travel(london(2026, 10, 27, 11, 30), tick=False):
        client.force_login(staff)
        page = client.get(breach.get_absolute_url()).content.decode()
        listing = client.get("/governance/breaches/").content.decode()
    assert "Deadline passed 30 minutes ago" in page
    assert "11:00am on Tuesday 27 October 2026" in page
    assert "Deadline passed 30 minutes ago" in listing


def test_the_page_shows_the_time_left_in_a_warning_while_the_clock_runs(client, staff):
    aware = london(2026, 11, 10, 9, 0)
    breach = make_breach(staff, became_aware_at=aware)
    with time_machine.travel(aware + datetime.timedelta(hours=41), tick=False):
        client.force_login(staff)
        page = client.get(breach.get_absolute_url()).content.decode()
    assert "govuk-warning-text" in page
    assert "31 hours left to tell the ICO" in page
    assert "9:00am on Friday 13 November 2026" in page
