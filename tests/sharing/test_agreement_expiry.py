"""Agreements expire by themselves: the daily job records every active agreement whose expiry
date has come as expired, once, with history and its reason; the owner is told once; and the
sharing rules' consequences follow (the data it covered is uncovered)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from governance.choices import ReminderKind, ReminderStage
from governance.findings import counts
from governance.findings.ropa import ACTIVITY_WITHOUT_AGREEMENT
from governance.findings.sharing import UNCOVERED_SOURCE
from governance.models import Notification, Reminder
from governance.reminders import deliver
from sharing import services
from sharing.models import Agreement, DataSource
from sharing.services.agreements import EXPIRED_ON_ITS_DATE
from sharing.tasks import expire_agreements
from tests.factories import AgreementFactory, DataSourceFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 31)


def at_noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def owner(opcc):
    return UserFactory(email="owner@vpp.test", full_name="Olive Owner", organisation=opcc)


def active(owner, expires_on, **values):
    return AgreementFactory(
        status="active",
        owner=owner,
        starts_on=datetime.date(2025, 4, 1),
        expires_on=expires_on,
        **values,
    )


def test_the_job_expires_exactly_the_active_agreements_due_once_with_history(owner):
    due_today = active(owner, DAY, title="Due today")
    overdue = active(owner, DAY - datetime.timedelta(days=3), title="Overdue")
    active(owner, DAY + datetime.timedelta(days=1), title="Due tomorrow")
    AgreementFactory(status="drafting", expires_on=DAY, title="Still a draft")
    active(owner, None, title="No expiry date")
    with time_machine.travel(at_noon(DAY), tick=False):
        assert expire_agreements() == 2
        assert expire_agreements() == 0  # a second run expires nothing
    statuses = dict(Agreement.objects.values_list("title", "status"))
    assert statuses == {
        "Due today": "expired",
        "Overdue": "expired",
        "Due tomorrow": "active",
        "Still a draft": "drafting",
        "No expiry date": "active",
    }
    for agreement in (due_today, overdue):
        latest = agreement.history.order_by("-history_date", "-history_id")
        expired_rows = [row for row in latest if row.status == "expired"]
        assert len(expired_rows) == 1
        assert expired_rows[0].history_change_reason == EXPIRED_ON_ITS_DATE
        assert expired_rows[0].history_user is None  # the system, not a person


def test_the_owner_is_told_once_that_the_agreement_expired(owner):
    agreement = active(owner, DAY, title="Hull youth justice ISA")
    with time_machine.travel(at_noon(DAY), tick=False):
        expire_agreements()
        expire_agreements()
        deliver()
        deliver()
    events = Reminder.objects.filter(kind=ReminderKind.AGREEMENT_EXPIRED, object_id=agreement.pk)
    assert events.count() == 1 and events.get().stage == ReminderStage.EVENT
    notes = Notification.objects.filter(kind=ReminderKind.AGREEMENT_EXPIRED)
    assert [(n.user, n.title) for n in notes] == [
        (owner, "Agreement ‘Hull youth justice ISA’ has expired")
    ]
    assert notes.get().url == agreement.get_absolute_url()


def test_an_agreement_without_an_owner_tells_the_dpo(dpo):
    agreement = AgreementFactory(
        status="active", starts_on=datetime.date(2025, 4, 1), expires_on=DAY
    )
    with time_machine.travel(at_noon(DAY), tick=False):
        expire_agreements()
        deliver()
    assert list(
        Notification.objects.filter(kind=ReminderKind.AGREEMENT_EXPIRED).values_list(
            "user", flat=True
        )
    ) == [dpo.pk]
    assert agreement.pk


def test_the_data_it_covered_becomes_uncovered(owner, hull, opcc):
    agreement = active(owner, DAY, parties=[(opcc, "controller"), (hull, "controller")])
    source = DataSourceFactory(
        name="Hull referrals",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=hull,
        covering_agreement=agreement,
        justification="Not published.",
        collection="existing",
    )
    with time_machine.travel(at_noon(DAY - datetime.timedelta(days=1)), tick=False):
        assert not DataSource.objects.uncovered().filter(pk=source.pk).exists()
        assert counts(kinds=[UNCOVERED_SOURCE])[UNCOVERED_SOURCE.slug] == 0
        expire_agreements()
        assert Agreement.objects.get(pk=agreement.pk).status == "active"
    with time_machine.travel(at_noon(DAY), tick=False):
        expire_agreements()
        assert DataSource.objects.uncovered().filter(pk=source.pk).exists()
        assert counts(kinds=[UNCOVERED_SOURCE])[UNCOVERED_SOURCE.slug] == 1


def test_a_personal_data_activity_under_it_then_lacks_its_agreement(owner):
    from ropa.models import ProcessingActivity

    agreement = active(
        owner, DAY, kind="isa", allows_personal_data=True, lawful_basis="public_task"
    )
    ProcessingActivity.objects.create(
        name="Hull referrals analysis",
        business_function="Analysis",
        purpose="Referral patterns",
        has_personal_data=True,
        covering_agreement=agreement,
        status="active",
    )
    slug = ACTIVITY_WITHOUT_AGREEMENT.slug
    with time_machine.travel(at_noon(DAY), tick=False):
        assert counts(kinds=[slug])[slug] == 0
        expire_agreements()
        assert counts(kinds=[slug])[slug] == 1


def test_an_agreement_given_a_later_date_meanwhile_is_left_active(owner):
    agreement = active(owner, DAY + datetime.timedelta(days=30))
    with (
        time_machine.travel(at_noon(DAY), tick=False),
        pytest.raises(ValidationError, match="expiry date has not come"),
    ):
        services.agreement_expire(agreement, actor=None, due_by=DAY)
    assert Agreement.objects.get(pk=agreement.pk).status == "active"


def test_recording_expiry_by_hand_keeps_the_person_and_reason(owner, staff):
    agreement = active(owner, DAY)
    services.agreement_expire(agreement, actor=staff, reason="Partner confirmed it lapsed")
    row = agreement.history.order_by("-history_date", "-history_id").first()
    assert (row.status, row.history_user, row.history_change_reason) == (
        "expired",
        staff,
        "Partner confirmed it lapsed",
    )


def test_the_command_runs_the_same_job_in_process(owner, capsys):
    active(owner, DAY)
    with time_machine.travel(at_noon(DAY), tick=False):
        call_command("expire_agreements")
        call_command("expire_agreements")
    out = capsys.readouterr().out
    assert "Agreements: 1 expired" in out and "Agreements: 0 expired" in out


def test_the_job_is_on_the_daily_schedule_before_the_reminder_sweep():
    entry = settings.CELERY_BEAT_SCHEDULE["daily-agreement-expiry"]
    assert entry["task"] == "sharing.expire_agreements"
    sweep = settings.CELERY_BEAT_SCHEDULE["daily-reminder-sweep"]["schedule"]
    assert entry["schedule"].hour == {5} and min(entry["schedule"].minute) < min(sweep.minute)
