"""Stored due dates: a data source's retention and refresh dates and a processing activity's
retention date are derived on every save (and a retention rule's change moves all its
holders'), so reminders and lists can select on them in SQL."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from governance.choices import ReminderKind, ReminderState
from governance.models import Reminder
from governance.reminders import sweep
from ropa.models import ProcessingActivity, RetentionRule
from ropa.services import retention_rule_save
from sharing.models import DataSource
from tests.factories import DataSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(db):
    return RetentionRule.objects.create(
        record_class="Partnership analysis",
        period=6,
        period_unit="years",
        trigger="creation",
        action="review",
    )


def activity(rule, name="Analysis of open crime data", trigger=date(2020, 1, 15), **values):
    return ProcessingActivity.objects.create(
        name=name,
        business_function="Analysis",
        purpose="Hotspot analysis",
        retention_rule=rule,
        retention_trigger_on=trigger,
        **values,
    )


def stored(record):
    return type(record).objects.values_list("retention_due_on", flat=True).get(pk=record.pk)


def refresh_due(source):
    return DataSource.objects.values_list("refresh_due_on", flat=True).get(pk=source.pk)


# --- Retention ----------------------------------------------------------------------------------


def test_a_record_held_under_a_rule_is_due_a_period_after_its_trigger(rule):
    held = activity(rule)
    source = DataSourceFactory(retention_rule=rule, retention_trigger_on=date(2021, 2, 28))
    assert stored(held) == date(2026, 1, 15)
    assert stored(source) == date(2027, 2, 28)


def test_a_leap_day_trigger_falls_due_on_the_last_day_of_february(rule):
    source = DataSourceFactory(retention_rule=rule, retention_trigger_on=date(2024, 2, 29))
    assert stored(source) == date(2030, 2, 28)


def test_changing_a_rules_period_moves_every_holders_due_date(rule):
    first = activity(rule, name="First", trigger=date(2020, 1, 15))
    second = activity(rule, name="Second", trigger=date(2021, 6, 1))
    source = DataSourceFactory(retention_rule=rule, retention_trigger_on=date(2022, 3, 31))
    other_rule = RetentionRule.objects.create(
        record_class="Minutes", period=2, period_unit="years", trigger="creation", action="destroy"
    )
    elsewhere = activity(other_rule, name="Elsewhere", trigger=date(2020, 1, 15))

    rule.period = 18
    rule.period_unit = "months"
    retention_rule_save(rule, actor=None, reason="Period shortened")

    assert stored(first) == date(2021, 7, 15)
    assert stored(second) == date(2022, 12, 1)
    assert stored(source) == date(2023, 9, 30)
    assert stored(elsewhere) == date(2022, 1, 15)


@time_machine.travel(datetime(2026, 3, 30, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_changing_a_rules_period_moves_the_reminders_to_the_new_date(rule, staff):
    held = activity(rule, trigger=date(2020, 3, 30), owner=staff)
    sweep("daily")  # due today
    assert Reminder.objects.get(kind=ReminderKind.ACTIVITY_RETENTION).stage == "on_the_day"

    rule.period = 5
    retention_rule_save(rule, actor=staff, reason="Period shortened")  # now a year overdue
    sweep("daily")

    assert stored(held) == date(2025, 3, 30)
    assert sorted(
        Reminder.objects.filter(kind=ReminderKind.ACTIVITY_RETENTION).values_list("stage", "state")
    ) == [("on_the_day", ReminderState.SENT), ("overdue", ReminderState.SENT)]


def test_changing_a_records_trigger_or_rule_moves_its_due_date(rule):
    held = activity(rule)
    held.retention_trigger_on = date(2021, 1, 15)
    held.save()
    assert stored(held) == date(2027, 1, 15)

    held.retention_rule = None
    held.save()
    assert stored(held) is None

    source = DataSourceFactory(retention_rule=rule, retention_trigger_on=date(2020, 5, 1))
    source.retention_trigger_on = None
    source.save()
    assert stored(source) is None


def test_saving_only_some_fields_still_stores_the_derived_dates(rule):
    held = activity(rule)
    held.retention_trigger_on = date(2019, 1, 15)
    held.save(update_fields=["retention_trigger_on"])
    assert stored(held) == date(2025, 1, 15)

    source = DataSourceFactory(update_frequency="weekly", last_refreshed_on=date(2026, 3, 1))
    source.last_refreshed_on = date(2026, 3, 20)
    source.save(update_fields=["last_refreshed_on"])
    assert refresh_due(source) == date(2026, 3, 27)


# --- Open data refresh ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "due"),
    [
        ("daily", date(2026, 3, 29)),
        ("weekly", date(2026, 4, 4)),
        ("monthly", date(2026, 4, 28)),
        ("quarterly", date(2026, 6, 28)),
        ("annually", date(2027, 3, 29)),
    ],
)
def test_open_data_is_due_a_refresh_one_update_period_after_it_was_last_refreshed(frequency, due):
    source = DataSourceFactory(update_frequency=frequency, last_refreshed_on=date(2026, 3, 28))
    assert refresh_due(source) == due


def test_changing_the_update_frequency_or_last_refreshed_date_moves_the_refresh_date(db):
    source = DataSourceFactory(update_frequency="weekly", last_refreshed_on=date(2026, 3, 28))
    source.update_frequency = "daily"
    source.save()
    assert refresh_due(source) == date(2026, 3, 29)
    source.last_refreshed_on = date(2026, 3, 30)
    source.save()
    assert refresh_due(source) == date(2026, 3, 31)
    source.update_frequency = ""
    source.save()
    assert refresh_due(source) is None


def test_open_data_never_refreshed_has_no_refresh_date(db):
    assert refresh_due(DataSourceFactory(update_frequency="weekly", last_refreshed_on=None)) is None


@pytest.mark.parametrize("classification", ["one_off_public", "partner_shared"])
def test_sources_that_are_not_open_data_have_no_refresh_date(classification, hull):
    source = DataSourceFactory(
        classification=classification,
        update_frequency="weekly",
        last_refreshed_on=date(2026, 3, 28),
        supplier=hull if classification == "partner_shared" else None,
    )
    assert refresh_due(source) is None


def test_reclassifying_open_data_removes_its_refresh_date(db):
    source = DataSourceFactory(update_frequency="weekly", last_refreshed_on=date(2026, 3, 28))
    source.classification = "one_off_public"
    source.save()
    assert refresh_due(source) is None


def test_refreshing_open_data_cancels_the_overdue_reminder_not_yet_sent(staff, dpo):
    from governance.reminders import deliver, plan

    today = timezone.localdate()
    source = DataSourceFactory(
        owner=staff, update_frequency="daily", last_refreshed_on=date(today.year - 1, 1, 1)
    )
    plan(today, timezone.now())
    assert Reminder.objects.get(kind=ReminderKind.SOURCE_REFRESH).stage == "overdue"
    source.last_refreshed_on = today
    source.save()
    deliver()
    assert Reminder.objects.get(kind=ReminderKind.SOURCE_REFRESH).state == ReminderState.CANCELLED
