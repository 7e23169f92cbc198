"""``python manage.py send_reminders``: the sweep run by hand or by cron, and safe to repeat."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance.choices import ReminderKind, ReminderState
from governance.models import Notification, Reminder
from governance.tasks import breach_recorded, sweep_reminders
from tests.governance.reminder_support import build, london, make_breach, set_due

pytestmark = pytest.mark.django_db

POLICY = ReminderKind.POLICY_REVIEW


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def due_records(opcc, staff, dpo):
    today = timezone.localdate()
    on_the_day = build(POLICY, staff, opcc)
    overdue = build(POLICY, staff, opcc)
    set_due(POLICY, overdue, today - timedelta(days=2))
    far_off = build(POLICY, staff, opcc)
    set_due(POLICY, far_off, today + timedelta(days=90))
    breach = make_breach(staff)
    return {"on_the_day": on_the_day, "overdue": overdue, "far_off": far_off, "breach": breach}


def test_the_command_reports_what_it_planned_and_sent(due_records):
    assert run() == ("Reminders: 3 planned, 3 sent, 0 cancelled; 5 notifications, 5 e-mails.")
    assert Reminder.objects.filter(state=ReminderState.SENT).count() == 3
    assert len(mail.outbox) == 5


def test_running_the_command_again_sends_nothing(due_records):
    run()
    assert run() == "Reminders: 0 planned, 0 sent, 0 cancelled; 0 notifications, 0 e-mails."
    assert Notification.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_daily_period_leaves_breach_deadlines_to_the_hourly_one(due_records):
    assert run("--period", "daily").startswith("Reminders: 2 planned, 2 sent")
    assert run("--period", "hourly").startswith("Reminders: 1 planned, 1 sent")
    assert run("--period", "all").startswith("Reminders: 0 planned, 0 sent")


def test_an_unknown_period_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'weekly'"):
        run("--period", "weekly")


def test_the_next_day_the_command_sends_the_next_stage(opcc, staff, dpo):
    with time_machine.travel(london(2026, 3, 29, 6, 0), tick=False):
        policy = build(POLICY, staff, opcc)
        set_due(POLICY, policy, timezone.localdate() + timedelta(days=1))
        assert run().startswith("Reminders: 1 planned, 1 sent")
        assert run().startswith("Reminders: 0 planned, 0 sent")
    with time_machine.travel(london(2026, 3, 30, 0, 5), tick=False):  # 23:05 UTC on the 29th
        assert run().startswith("Reminders: 1 planned, 1 sent")
    assert sorted(Reminder.objects.values_list("stage", flat=True)) == ["days_7", "on_the_day"]


def test_the_sweep_task_returns_the_same_figures(due_records):
    assert sweep_reminders.delay("daily").get() == {
        "planned": 2,
        "sent": 2,
        "cancelled": 0,
        "emails": 3,
    }
    assert sweep_reminders.delay("daily").get() == {
        "planned": 0,
        "sent": 0,
        "cancelled": 0,
        "emails": 0,
    }


def test_recording_a_breach_starts_its_reminders_at_once(staff, dpo):
    breach = make_breach(staff)
    result = breach_recorded.delay(breach.pk).get()
    assert result == {"planned": 1, "sent": 1, "emails": 2}
    assert breach_recorded.delay(breach.pk).get() == {"planned": 0, "sent": 0, "emails": 0}
