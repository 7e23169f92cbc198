"""Training reminders through the ledger: before expiry, on the day and overdue (escalated to
the DPO) for a training record; the induction 30 days after a start date. Each stage exactly
once, whatever the number of sweeps."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from governance.choices import ReminderKind
from governance.models import Notification, Reminder
from tests.governance.reminder_support import london, stages_of, told
from tests.governance.training_support import induction, record, refresher, started

pytestmark = pytest.mark.django_db

EXPIRY = ReminderKind.TRAINING_EXPIRY
INDUCTION = ReminderKind.INDUCTION_DUE


def sweep() -> str:
    out = StringIO()
    call_command("send_reminders", "--period", "daily", stdout=out)
    return out.getvalue().strip()


def test_expiring_training_reminds_its_person_once_per_stage_and_escalates_when_overdue(staff, dpo):
    with time_machine.travel(london(2026, 6, 1, 7, 0), tick=False):
        yearly = refresher(staff)
        done = record(staff, staff, yearly, date(2025, 6, 8))  # expires 8 June 2026
        sweep()
        sweep()
        assert stages_of(EXPIRY, done) == ["days_7"]
        assert told(staff) == [
            "The renewal of ‘Data protection refresher – Sam Staff, completed 8 June 2025’ is due "
            "in 7 days, on 8 June 2026"
        ]
    with time_machine.travel(london(2026, 6, 8, 7, 0), tick=False):
        sweep()
        sweep()
        assert stages_of(EXPIRY, done) == ["days_7", "on_the_day"]
    with time_machine.travel(london(2026, 6, 9, 7, 0), tick=False):
        sweep()
        sweep()
        assert stages_of(EXPIRY, done) == ["days_7", "on_the_day", "overdue"]
    overdue = Notification.objects.filter(reminder__stage="overdue")
    assert sorted(overdue.values_list("user__email", "is_escalation")) == [
        ("dpo@test.vpp", True),
        ("staff@test.vpp", False),
    ]
    assert Notification.objects.filter(user=staff).count() == 3


def test_renewed_training_is_not_reminded_about(staff, dpo):
    with time_machine.travel(london(2026, 6, 9, 7, 0), tick=False):
        yearly = refresher(staff)
        old = record(staff, staff, yearly, date(2025, 6, 8))
        record(staff, staff, yearly, date(2026, 6, 1))
        sweep()
        assert stages_of(EXPIRY, old) == []
        assert not Reminder.objects.filter(kind=EXPIRY).exists()


def test_the_induction_is_reminded_thirty_days_after_the_start_until_it_is_done(staff, dpo):
    with time_machine.travel(london(2026, 6, 1, 7, 0), tick=False):
        intro = induction(staff)
        profile = started(staff, staff, date(2026, 6, 1))
        sweep()
        sweep()
        assert stages_of(INDUCTION, profile) == ["days_30"]
        assert told(staff) == [
            (
                "The induction training of Sam Staff, started 1 June 2026 is due in 30 days, on "
                "1 July 2026"
            )
        ]
    with time_machine.travel(london(2026, 7, 2, 7, 0), tick=False):
        sweep()
        sweep()
        assert stages_of(INDUCTION, profile) == ["days_30", "overdue"]
        assert Notification.objects.filter(user=dpo, is_escalation=True).count() == 1
    with time_machine.travel(london(2026, 7, 3, 7, 0), tick=False):
        record(staff, staff, intro, date(2026, 7, 3))
        sweep()
    assert Reminder.objects.filter(kind=INDUCTION).count() == 2


def test_a_person_who_has_left_is_not_reminded(staff, dpo):
    with time_machine.travel(london(2026, 6, 8, 7, 0), tick=False):
        done = record(staff, staff, refresher(staff), date(2025, 6, 8))
        staff.is_active = False
        staff.save()
        sweep()
        assert stages_of(EXPIRY, done) == []
