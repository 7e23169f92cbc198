"""Reminder stages across the clock changes: a due date is a London calendar date, so the sweep
just after and just before local midnight plans the stage of that London day, never a day early
or late; a breach's 72 hours are elapsed hours, whatever the clocks do in between.

Spring 2026: the clocks go forward at 01:00 GMT on Sunday 29 March.
Autumn 2026: the clocks go back at 02:00 BST on Sunday 25 October.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from governance.choices import ReminderKind, ReminderStage
from governance.models import Breach
from governance.reminders import sweep
from governance.reminders.kinds import KINDS, stage_for
from tests.governance.reminder_support import build, london, make_breach, set_due, stages_of, utc

pytestmark = pytest.mark.django_db

POLICY = ReminderKind.POLICY_REVIEW
BREACH = ReminderKind.BREACH_ICO_DEADLINE

SPRING_DUE = date(2026, 3, 30)
AUTUMN_DUE = date(2026, 10, 26)

#: (London day of the sweep, the stage a record due that day is in), around each change.
SPRING_DAYS = [
    (date(2026, 2, 27), None),
    (date(2026, 2, 28), ReminderStage.DAYS_30),
    (date(2026, 3, 22), ReminderStage.DAYS_30),
    (date(2026, 3, 23), ReminderStage.DAYS_7),
    (date(2026, 3, 28), ReminderStage.DAYS_7),
    (date(2026, 3, 29), ReminderStage.DAYS_7),
    (date(2026, 3, 30), ReminderStage.ON_THE_DAY),
    (date(2026, 3, 31), ReminderStage.OVERDUE),
    (date(2026, 4, 1), ReminderStage.OVERDUE),
]
AUTUMN_DAYS = [
    (date(2026, 9, 25), None),
    (date(2026, 9, 26), ReminderStage.DAYS_30),
    (date(2026, 10, 18), ReminderStage.DAYS_30),
    (date(2026, 10, 19), ReminderStage.DAYS_7),
    (date(2026, 10, 24), ReminderStage.DAYS_7),
    (date(2026, 10, 25), ReminderStage.DAYS_7),
    (date(2026, 10, 26), ReminderStage.ON_THE_DAY),
    (date(2026, 10, 27), ReminderStage.OVERDUE),
]


def just_after_midnight(day: date) -> datetime:
    return london(day.year, day.month, day.day, 0, 0, 30)


def just_before_midnight(day: date) -> datetime:
    return london(day.year, day.month, day.day, 23, 59, 30)


CASES = [
    pytest.param(due, moment(day), stage, id=f"{moment.__name__}-{day}")
    for due, days in ((SPRING_DUE, SPRING_DAYS), (AUTUMN_DUE, AUTUMN_DAYS))
    for day, stage in days
    for moment in (just_after_midnight, just_before_midnight)
]


def test_the_moments_checked_straddle_utc_midnight_around_the_changes():
    # Just after local midnight on the day a spring record falls due, UTC is still the day
    # before: a sweep that used the UTC date would be a day late.
    assert just_after_midnight(SPRING_DUE).astimezone(UTC).date() == date(2026, 3, 29)
    assert just_before_midnight(date(2026, 3, 29)).utcoffset() == timedelta(hours=1)
    assert just_after_midnight(date(2026, 3, 29)).utcoffset() == timedelta(0)
    assert just_after_midnight(date(2026, 10, 25)).utcoffset() == timedelta(hours=1)
    assert just_before_midnight(date(2026, 10, 25)).utcoffset() == timedelta(0)


@pytest.mark.parametrize(("due", "now", "expected"), CASES)
def test_a_date_is_in_the_stage_of_its_london_calendar_day(due, now, expected):
    spec = KINDS[POLICY]
    with time_machine.travel(now, tick=False):
        stage = stage_for(spec, due, timezone.localdate(), timezone.now())
    assert (stage.stage if stage else None) == expected


@pytest.mark.parametrize(("due", "now", "expected"), CASES)
def test_the_sweep_at_each_moment_plans_exactly_the_stage_of_that_day(
    opcc, staff, due, now, expected
):
    with time_machine.travel(now, tick=False):
        policy = build(POLICY, staff, opcc)
        set_due(POLICY, policy, due)
        sweep("daily")
    assert stages_of(POLICY, policy) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("due", "first_day"),
    [(SPRING_DUE, date(2026, 2, 25)), (AUTUMN_DUE, date(2026, 9, 23))],
    ids=["spring", "autumn"],
)
def test_daily_sweeps_through_a_clock_change_plan_each_stage_once_on_its_own_day(
    opcc, staff, due, first_day
):
    with time_machine.travel(just_after_midnight(first_day), tick=False):
        policy = build(POLICY, staff, opcc)
        set_due(POLICY, policy, due)
    first_planned: dict[str, datetime] = {}
    day = first_day
    while day <= due + timedelta(days=2):
        for moment in (just_after_midnight(day), just_before_midnight(day)):
            with time_machine.travel(moment, tick=False):
                sweep("daily")
            for stage in stages_of(POLICY, policy):
                first_planned.setdefault(stage, moment)
        day += timedelta(days=1)

    assert first_planned == {
        ReminderStage.DAYS_30: just_after_midnight(due - timedelta(days=30)),
        ReminderStage.DAYS_7: just_after_midnight(due - timedelta(days=7)),
        ReminderStage.ON_THE_DAY: just_after_midnight(due),
        ReminderStage.OVERDUE: just_after_midnight(due + timedelta(days=1)),
    }
    # One ledger row per stage, each sent once.
    assert stages_of(POLICY, policy, state="sent") == sorted(first_planned)


# --- Breach deadlines: 72 elapsed hours ---------------------------------------------------------


def test_the_ico_deadline_is_72_elapsed_hours_across_the_spring_change():
    aware = london(2026, 3, 28, 12, 0)  # 12:00 GMT
    deadline = Breach.deadline_for(aware)
    assert deadline == utc(2026, 3, 31, 12, 0)
    assert timezone.localtime(deadline).strftime("%d %B %H:%M %Z") == "31 March 13:00 BST"


def test_the_ico_deadline_is_72_elapsed_hours_across_the_autumn_change():
    aware = london(2026, 10, 24, 12, 0)  # 12:00 BST
    deadline = Breach.deadline_for(aware)
    assert deadline == utc(2026, 10, 27, 11, 0)
    assert timezone.localtime(deadline).strftime("%d %B %H:%M %Z") == "27 October 11:00 GMT"


def test_a_breach_recorded_with_a_london_time_stores_the_elapsed_hours_deadline(staff):
    with time_machine.travel(london(2026, 3, 28, 12, 30), tick=False):
        breach = make_breach(staff, became_aware_at=london(2026, 3, 28, 12, 0))
    assert breach.ico_deadline_at == utc(2026, 3, 31, 12, 0)
    breach.refresh_from_db()
    assert breach.ico_deadline_at == utc(2026, 3, 31, 12, 0)


@pytest.mark.parametrize(
    ("aware", "deadline"),
    [
        (london(2026, 3, 28, 12, 0), utc(2026, 3, 31, 12, 0)),
        (london(2026, 10, 24, 12, 0), utc(2026, 10, 27, 11, 0)),
    ],
    ids=["spring", "autumn"],
)
def test_hourly_sweeps_plan_each_breach_stage_at_the_right_elapsed_hour(staff, aware, deadline):
    with time_machine.travel(aware, tick=False):
        breach = make_breach(staff, became_aware_at=aware)
    second = timedelta(seconds=1)
    expected = [
        (aware + timedelta(minutes=1), [ReminderStage.HOURS_72]),
        (deadline - timedelta(hours=24) - second, [ReminderStage.HOURS_72]),
        (deadline - timedelta(hours=24), [ReminderStage.HOURS_24, ReminderStage.HOURS_72]),
        (deadline - second, [ReminderStage.HOURS_24, ReminderStage.HOURS_72]),
        (deadline, [ReminderStage.HOURS_24, ReminderStage.HOURS_72, ReminderStage.OVERDUE]),
    ]
    for now, stages in expected:
        with time_machine.travel(now, tick=False):
            sweep("hourly")
        assert stages_of(BREACH, breach) == sorted(stages), timezone.localtime(now)


def test_stage_for_counts_elapsed_hours_even_when_both_times_are_london_times():
    spec = KINDS[BREACH]
    deadline = london(2026, 3, 31, 13, 0)  # 12:00 UTC
    # 71½ real hours before the deadline, 72½ by the wall clock.
    now = london(2026, 3, 28, 12, 30)
    stage = stage_for(spec, deadline, now.date(), now)
    assert stage is not None and stage.stage == ReminderStage.HOURS_72
    # 24½ real hours before a deadline just after the autumn change; 23½ by the wall clock.
    deadline = london(2026, 10, 25, 12, 0)  # 12:00 GMT
    now = london(2026, 10, 24, 12, 30)  # 11:30 UTC
    stage = stage_for(spec, deadline, now.date(), now)
    assert stage is not None and stage.stage == ReminderStage.HOURS_72


def test_planning_with_a_london_now_counts_elapsed_hours(staff):
    from governance.reminders import plan

    with time_machine.travel(london(2026, 3, 28, 12, 0), tick=False):
        breach = make_breach(staff, became_aware_at=london(2026, 3, 28, 12, 0))
    set_due(BREACH, breach, utc(2026, 3, 31, 12, 0))
    now = london(2026, 3, 28, 12, 30)  # 71½ hours left
    plan(now.date(), now, (BREACH,))
    assert stages_of(BREACH, breach) == [ReminderStage.HOURS_72]
