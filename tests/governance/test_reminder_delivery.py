"""Delivering reminders: who is told, what is cancelled, and exactly-once sending through
crashes, stale claims, e-mail failures and concurrent workers."""

import threading
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import close_old_connections, connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from governance.choices import ReminderKind, ReminderStage, ReminderState
from governance.models import Breach, EmailPreference, Notification, Policy, Reminder
from governance.reminders import deliver, plan, sweep
from governance.reminders.delivery import claim, message_id
from governance.reminders.kinds import KINDS
from tests.factories import UserFactory
from tests.governance.reminder_support import (
    build,
    london,
    make_breach,
    make_dpo_holder,
    set_due,
    stages_of,
    told,
)

pytestmark = pytest.mark.django_db

POLICY = ReminderKind.POLICY_REVIEW
BREACH = ReminderKind.BREACH_ICO_DEADLINE
CONSULTATION = ReminderKind.CONSULTATION_DUE
BACKEND = f"{__name__}.FlakyBackend"
TIMEOUT = 600

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite has no SELECT … FOR UPDATE SKIP LOCKED and serialises writers: run with "
    "DATABASE_URL=postgres://…",
)


class FlakyBackend(BaseEmailBackend):
    """A mail server that refuses some addresses, or every connection, on demand."""

    failing: ClassVar[set[str]] = set()
    down: ClassVar[bool] = False
    sent: ClassVar[list[Any]] = []

    def open(self) -> bool:
        if FlakyBackend.down:
            raise ConnectionRefusedError("The mail server is down")
        return True

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            if set(message.to) & FlakyBackend.failing:
                raise OSError(f"Refused: {message.to}")
            FlakyBackend.sent.append(message)
        return len(email_messages)


@pytest.fixture
def flaky_mail():
    FlakyBackend.failing = set()
    FlakyBackend.down = False
    FlakyBackend.sent = []
    with override_settings(EMAIL_BACKEND=BACKEND, REMINDER_CLAIM_TIMEOUT=TIMEOUT):
        yield FlakyBackend


def recipients_of(reminder_or_record, kind=None) -> list[str]:
    if kind is not None:
        reminders = Reminder.objects.filter(kind=kind, object_id=reminder_or_record.pk)
    else:
        reminders = Reminder.objects.filter(pk=reminder_or_record.pk)
    return sorted(
        Notification.objects.filter(reminder__in=reminders).values_list("user__email", flat=True)
    )


def emailed() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def policy_due(opcc, owner, days: int = 0, **values):
    policy = build(POLICY, owner, opcc, **values)
    set_due(POLICY, policy, timezone.localdate() + timedelta(days=days))
    return policy


# --- Who is told ---------------------------------------------------------------------------------


def test_the_owner_is_told_in_the_portal_and_by_email_and_the_dpo_is_not_before_it_is_overdue(
    opcc, staff, dpo
):
    policy = policy_due(opcc, staff, days=0)
    report = sweep("daily")

    assert report.delivery.sent == 1
    assert recipients_of(policy, POLICY) == [staff.email]
    assert told(staff) == [
        f"The review of policy ‘{policy}’ is due today, {timezone.localdate():%-d %B %Y}"
    ]
    assert told(dpo) == []
    assert emailed() == [staff.email]
    assert stages_of(POLICY, policy, state=ReminderState.SENT) == [ReminderStage.ON_THE_DAY]


def test_an_overdue_reminder_escalates_to_the_current_dpo_role_holder(opcc, staff, dpo):
    holder_account = UserFactory(email="new.dpo@test.vpp", role=Role.DPO, organisation=opcc)
    make_dpo_holder(opcc, holder_account, name="Nia New")
    policy = policy_due(opcc, staff, days=-1)
    sweep("daily")

    # The role holder's account, not every user with the DPO role.
    assert recipients_of(policy, POLICY) == sorted([staff.email, holder_account.email])
    escalation = Notification.objects.get(user=holder_account)
    assert escalation.is_escalation
    assert "because it is overdue" in escalation.body
    assert not Notification.objects.get(user=staff).is_escalation


def test_a_role_holder_who_has_left_is_not_told(opcc, staff, dpo):
    old = UserFactory(email="old.dpo@test.vpp", role=Role.STAFF, organisation=opcc)
    holder = make_dpo_holder(opcc, old, name="Olly Old")
    holder.ends_on = timezone.localdate() - timedelta(days=1)
    holder.save()
    policy = policy_due(opcc, staff, days=-1)
    sweep("daily")
    assert recipients_of(policy, POLICY) == sorted([staff.email, dpo.email])


def test_without_a_dpo_role_holder_an_overdue_reminder_goes_to_every_active_dpo(opcc, staff, dpo):
    second = UserFactory(email="dpo2@test.vpp", role=Role.DPO, organisation=opcc)
    UserFactory(email="gone.dpo@test.vpp", role=Role.DPO, organisation=opcc, is_active=False)
    policy = policy_due(opcc, staff, days=-3)
    sweep("daily")
    assert recipients_of(policy, POLICY) == sorted([staff.email, dpo.email, second.email])


@pytest.mark.parametrize("account", ["none", "inactive"])
def test_a_dpo_role_holder_without_a_usable_account_falls_back_to_dpo_users(
    opcc, staff, dpo, account
):
    user = None
    if account == "inactive":
        user = UserFactory(email="away@test.vpp", role=Role.DPO, is_active=False)
    make_dpo_holder(opcc, user)
    policy = policy_due(opcc, staff, days=-1)
    sweep("daily")
    assert recipients_of(policy, POLICY) == sorted([staff.email, dpo.email])


def test_a_record_without_an_owner_goes_to_the_dpo(opcc, dpo):
    policy = policy_due(opcc, None, days=7)
    sweep("daily")
    assert recipients_of(policy, POLICY) == [dpo.email]
    assert Notification.objects.get(user=dpo).body.endswith(
        "You are told as the Data Protection Officer."
    )


def test_an_inactive_owner_is_skipped_and_the_dpo_told_instead(opcc, staff, dpo):
    staff.is_active = False
    staff.save()
    policy = policy_due(opcc, staff, days=30)
    sweep("daily")
    assert recipients_of(policy, POLICY) == [dpo.email]
    assert told(staff) == []


def test_a_consultation_reminder_also_reaches_the_consulted_partners_users(
    opcc, hull, staff, dpo, partner_hull, partner_police
):
    colleague = UserFactory(email="hull2@test.vpp", role=Role.PARTNER, organisation=hull)
    UserFactory(email="left@test.vpp", role=Role.PARTNER, organisation=hull, is_active=False)
    consultation = build(CONSULTATION, staff, hull)
    set_due(CONSULTATION, consultation, timezone.localdate() + timedelta(days=2))
    sweep("daily")
    assert recipients_of(consultation, CONSULTATION) == sorted(
        [staff.email, partner_hull.email, colleague.email]
    )
    assert told(partner_police) == []
    assert told(dpo) == []


def test_the_dpo_hears_about_every_stage_of_a_breach_deadline(staff, dpo):
    breach = make_breach(staff)
    sweep("hourly")
    assert recipients_of(breach, BREACH) == sorted([staff.email, dpo.email])
    assert "72-hour deadline to tell the ICO" in told(dpo)[0]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_plans_and_sends_a_reminder_for_its_record(opcc, hull, staff, dpo, kind):
    record = build(kind, staff, hull if kind == CONSULTATION else opcc)
    if not KINDS[kind].is_deadline:
        set_due(kind, record, timezone.localdate())
    report = sweep()

    expected = "hours_72" if KINDS[kind].is_deadline else "on_the_day"
    assert report.plan.planned[(str(kind), expected)] == 1
    reminder = Reminder.objects.get(kind=kind, object_id=record.pk)
    assert reminder.state == ReminderState.SENT
    assert reminder.sent_at is not None
    notification = Notification.objects.get(reminder=reminder, user=staff)
    assert notification.url == record.get_absolute_url()
    assert notification.kind == kind
    assert str(record) in notification.title
    assert staff.email in emailed()


# --- What no longer counts, and moved dates ------------------------------------------------------

NO_LONGER_COUNTS = [
    pytest.param(ReminderKind.DPIA_REVIEW, {"status": "superseded"}, id="dpia-superseded"),
    pytest.param(
        ReminderKind.AGREEMENT_REVIEW, {"status": "terminated"}, id="agreement-terminated"
    ),
    pytest.param(ReminderKind.AGREEMENT_EXPIRY, {"status": "terminated"}, id="expiry-terminated"),
    pytest.param(POLICY, {"status": "withdrawn"}, id="policy-withdrawn"),
    pytest.param(ReminderKind.ACTIVITY_REVIEW, {"status": "retired"}, id="activity-retired"),
    pytest.param(
        ReminderKind.SOURCE_REFRESH, {"retired_on": date(2026, 1, 5)}, id="source-retired"
    ),
    pytest.param(CONSULTATION, {"response": "agreed"}, id="consultation-answered"),
    pytest.param(
        BREACH,
        {"ico_decision": "report", "ico_decision_reasons": "High risk.", "ico_told_at": "now"},
        id="breach-told-the-ico",
    ),
    pytest.param(
        BREACH,
        {"ico_decision": "not_required", "ico_decision_reasons": "Nobody identifiable."},
        id="breach-not-reportable",
    ),
]


@pytest.mark.parametrize(("kind", "change"), NO_LONGER_COUNTS)
def test_a_pending_reminder_whose_record_no_longer_counts_is_cancelled(
    opcc, hull, staff, dpo, kind, change
):
    record = build(kind, staff, hull if kind == CONSULTATION else opcc)
    plan(timezone.localdate(), timezone.now())
    assert Reminder.objects.filter(kind=kind, object_id=record.pk).count() == 1
    change = {name: timezone.now() if value == "now" else value for name, value in change.items()}
    type(record)._default_manager.filter(pk=record.pk).update(**change)

    report = deliver()

    reminder = Reminder.objects.get(kind=kind, object_id=record.pk)
    assert reminder.state == ReminderState.CANCELLED
    assert report.cancelled >= 1
    assert not reminder.notifications.exists()
    assert mail.outbox == []


def test_a_moved_due_date_gets_its_own_reminders_and_the_old_pending_ones_stop(opcc, staff):
    today = timezone.localdate()
    policy = policy_due(opcc, staff, days=5)
    plan(today, timezone.now())  # planned, not yet sent
    set_due(POLICY, policy, today + timedelta(days=20))

    report = sweep("daily")

    rows = Reminder.objects.filter(kind=POLICY, object_id=policy.pk)
    assert sorted(rows.values_list("due_on", "stage", "state")) == [
        (today + timedelta(days=5), ReminderStage.DAYS_7, ReminderState.CANCELLED),
        (today + timedelta(days=20), ReminderStage.DAYS_30, ReminderState.SENT),
    ]
    assert report.delivery.cancelled == 1
    assert len(told(staff)) == 1
    assert f"is due in 20 days, on {today + timedelta(days=20):%-d %B %Y}" in told(staff)[0]


def test_a_reminder_already_sent_is_not_sent_again_when_the_date_moves(opcc, staff):
    today = timezone.localdate()
    policy = policy_due(opcc, staff, days=10)
    sweep("daily")  # 30 days before: sent
    set_due(POLICY, policy, today + timedelta(days=3))
    sweep("daily")  # the new date's 7-days-before
    set_due(POLICY, policy, today + timedelta(days=10))
    sweep("daily")  # back to the first date: its 30-days-before went already

    rows = Reminder.objects.filter(kind=POLICY, object_id=policy.pk)
    assert sorted(rows.values_list("due_on", "stage", "state")) == [
        (today + timedelta(days=3), ReminderStage.DAYS_7, ReminderState.SENT),
        (today + timedelta(days=10), ReminderStage.DAYS_30, ReminderState.SENT),
    ]
    assert len(told(staff)) == 2
    assert len(mail.outbox) == 2


def test_a_reminder_cancelled_while_its_record_did_not_count_is_sent_when_it_counts_again(
    opcc, staff
):
    policy = policy_due(opcc, staff, days=7)
    plan(timezone.localdate(), timezone.now())
    Policy.objects.filter(pk=policy.pk).update(status="withdrawn")
    assert deliver().cancelled == 1
    Policy.objects.filter(pk=policy.pk).update(status="in_force")

    report = sweep("daily")

    assert (report.plan.total, report.delivery.sent) == (1, 1)
    reminder = Reminder.objects.get()
    assert (reminder.stage, reminder.state) == (ReminderStage.DAYS_7, ReminderState.SENT)
    assert len(told(staff)) == 1
    assert sweep("daily").plan.total == 0


def test_a_due_date_moved_away_and_back_before_sending_is_still_reminded(opcc, staff):
    today = timezone.localdate()
    policy = policy_due(opcc, staff, days=0)
    plan(today, timezone.now())
    set_due(POLICY, policy, today + timedelta(days=60))
    assert deliver().cancelled == 1
    set_due(POLICY, policy, today)

    sweep("daily")

    assert stages_of(POLICY, policy, state=ReminderState.SENT) == [ReminderStage.ON_THE_DAY]
    assert told(staff) == [f"The review of policy ‘{policy}’ is due today, {today:%-d %B %Y}"]


def test_a_breach_whose_ico_decision_is_reversed_is_reminded_again(staff, dpo):
    breach = make_breach(staff)
    plan(timezone.localdate(), timezone.now(), (BREACH,))
    reasons = {"ico_decision_reasons": "Nobody identifiable."}
    Breach.objects.filter(pk=breach.pk).update(ico_decision="not_required", **reasons)
    assert deliver().cancelled == 1
    Breach.objects.filter(pk=breach.pk).update(ico_decision="report", **reasons)

    sweep("hourly")

    assert stages_of(BREACH, breach, state=ReminderState.SENT) == [ReminderStage.HOURS_72]
    assert len(told(staff)) == len(told(dpo)) == 1


def test_a_breach_whose_awareness_time_moves_is_reminded_of_the_new_deadline_only(staff, dpo):
    with time_machine.travel(london(2026, 3, 28, 12, 0), tick=False):
        breach = make_breach(staff, became_aware_at=timezone.now())
        plan(timezone.localdate(), timezone.now(), (BREACH,))
        breach.became_aware_at = breach.detected_at = timezone.now() - timedelta(hours=2)
        breach.save()
        sweep("hourly")
    rows = Reminder.objects.filter(kind=BREACH, object_id=breach.pk).order_by("due_at")
    assert list(rows.values_list("stage", "state")) == [
        (ReminderStage.HOURS_72, ReminderState.SENT),
        (ReminderStage.HOURS_72, ReminderState.CANCELLED),
    ]
    # 10:00 GMT + 72 elapsed hours = 10:00 UTC = 11:00 BST.
    assert "is at 11:00 on Tuesday 31 March 2026: 70 hours left" in told(staff)[0]


# --- Exactly once through crashes, stale claims and failures ------------------------------------


def test_sending_twice_sends_nothing_the_second_time(opcc, staff, dpo):
    policy_due(opcc, staff, days=-1)
    first = sweep("daily")
    second = sweep("daily")
    assert (first.delivery.sent, first.delivery.notifications, first.delivery.emails) == (1, 2, 2)
    assert (second.plan.total, second.delivery.claimed, second.delivery.emails) == (0, 0, 0)
    assert len(mail.outbox) == 2


def test_a_fresh_claim_by_another_worker_is_not_taken(opcc, staff, flaky_mail):
    policy_due(opcc, staff)
    plan(timezone.localdate(), timezone.now())
    token, claimed = claim(10)
    assert len(claimed) == 1

    report = deliver()

    assert (report.claimed, report.sent) == (0, 0)
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.claim_token) == (ReminderState.CLAIMED, token)
    assert flaky_mail.sent == []


def test_a_stale_claim_is_claimed_again_and_sent_once(opcc, staff, dpo, flaky_mail, monkeypatch):
    start = london(2026, 3, 30, 9, 0)
    with time_machine.travel(start, tick=False):
        policy_due(opcc, staff, days=-1)
        plan(timezone.localdate(), timezone.now())
        # The worker dies after writing the notifications, before any e-mail leaves.
        with monkeypatch.context() as patch:
            patch.setattr(
                "governance.reminders.delivery._send_emails",
                lambda *args: (_ for _ in ()).throw(SystemExit("worker killed")),
            )
            with pytest.raises(SystemExit):
                deliver()
        assert Reminder.objects.get().state == ReminderState.CLAIMED
        assert Notification.objects.count() == 2
        # Another run before the time limit leaves the claim alone.
        assert deliver().claimed == 0
    with time_machine.travel(start + timedelta(seconds=TIMEOUT - 1), tick=False):
        assert deliver().claimed == 0
    with time_machine.travel(start + timedelta(seconds=TIMEOUT + 1), tick=False):
        report = deliver()

    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts) == (ReminderState.SENT, 2)
    assert (report.claimed, report.sent, report.notifications) == (1, 1, 0)
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in flaky_mail.sent) == sorted([staff.email, dpo.email])


def test_an_email_failure_leaves_the_reminder_claimed_and_a_later_run_sends_only_what_is_missing(
    opcc, staff, dpo, flaky_mail
):
    flaky_mail.failing = {dpo.email}
    start = london(2026, 3, 30, 9, 0)
    with time_machine.travel(start, tick=False):
        policy_due(opcc, staff, days=-1)
        first = sweep("daily")
    reminder = Reminder.objects.get()
    assert reminder.state == ReminderState.CLAIMED
    assert (first.delivery.sent, first.delivery.emails) == (0, 1)
    assert [m.to for m in flaky_mail.sent] == [[staff.email]]
    # Both see it in the portal already.
    assert len(told(staff)) == len(told(dpo)) == 1

    flaky_mail.failing = set()
    with time_machine.travel(start + timedelta(seconds=TIMEOUT + 1), tick=False):
        second = sweep("daily")

    assert Reminder.objects.get().state == ReminderState.SENT
    assert (second.delivery.sent, second.delivery.emails, second.delivery.notifications) == (
        1,
        1,
        0,
    )
    assert [m.to for m in flaky_mail.sent] == [[staff.email], [dpo.email]]
    assert len(told(staff)) == len(told(dpo)) == 1
    assert not Notification.objects.filter(email_sent_at__isnull=True).exists()


def test_a_mail_server_that_is_down_leaves_the_batch_claimed_for_a_later_run(
    opcc, staff, dpo, flaky_mail
):
    flaky_mail.down = True
    start = london(2026, 3, 30, 9, 0)
    with time_machine.travel(start, tick=False):
        policy_due(opcc, staff, days=0)
        policy_due(opcc, staff, days=7)
        first = sweep("daily")
    assert (first.delivery.claimed, first.delivery.sent, first.delivery.emails) == (2, 0, 0)
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.CLAIMED}
    assert len(told(staff)) == 2

    flaky_mail.down = False
    with time_machine.travel(start + timedelta(seconds=TIMEOUT + 1), tick=False):
        second = sweep("daily")
    assert (second.delivery.sent, second.delivery.emails) == (2, 2)
    assert len(flaky_mail.sent) == 2


def test_each_email_of_a_notification_has_the_same_message_id_every_time(opcc, staff):
    policy_due(opcc, staff)
    sweep("daily")
    notification = Notification.objects.get()
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"] == message_id(notification)
    assert message_id(notification) == f"<notification-{notification.pk}@vpp.test>"
    assert notification.url in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_turning_email_off_for_a_kind_keeps_the_notification_but_sends_no_email(opcc, staff, dpo):
    EmailPreference.objects.create(user=staff, kind=POLICY, send_email=False)
    EmailPreference.objects.create(user=dpo, kind=BREACH, send_email=False)
    policy_due(opcc, staff, days=-1)
    sweep("daily")

    assert len(told(staff)) == 1
    assert not Notification.objects.get(user=staff).email_wanted
    # The DPO turned off another kind only.
    assert emailed() == [dpo.email]


def test_max_batches_stops_after_that_many_batches_and_the_rest_go_next_time(opcc, staff):
    for _ in range(5):
        policy_due(opcc, staff)
    plan(timezone.localdate(), timezone.now())
    first = deliver(batch_size=2, max_batches=1)
    assert (first.batches, first.sent) == (1, 2)
    second = deliver(batch_size=2)
    assert (second.batches, second.sent) == (2, 3)
    assert len(mail.outbox) == 5


# --- Query counts: they grow with batches, not rows ----------------------------------------------


def _delivery_queries(opcc, owner, rows: int) -> int:
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    Policy.objects.all().delete()
    for _ in range(rows):
        policy_due(opcc, owner, days=-1)
    plan(timezone.localdate(), timezone.now())
    with CaptureQueriesContext(connection) as queries:
        report = deliver(batch_size=10)
    assert report.sent == rows
    return len(queries.captured_queries)


def test_delivery_runs_the_same_queries_for_every_batch_whatever_its_rows(opcc, staff, dpo):
    make_dpo_holder(opcc, dpo)
    none, ten, twenty, thirty = (_delivery_queries(opcc, staff, rows) for rows in (0, 10, 20, 30))
    per_batch = ten - none
    assert twenty - ten == thirty - twenty == per_batch
    # Claim 3 (savepoint, select, update, release, re-read: 5), records 1, owners 1,
    # partners 0, preferences 1, notifications 3 (savepoint, insert, release), still ours 1,
    # e-mails 2 (read, stamp), mark sent 1.
    assert per_batch == 15
    # The escalation list (the DPO role holder) and the last, empty claim (3).
    assert none == 4


def test_a_batch_of_mixed_kinds_runs_one_record_query_per_kind(opcc, hull, staff, dpo):
    one_kind = _delivery_queries(opcc, staff, 1)
    for kind in KINDS:
        build(kind, staff, hull if kind == CONSULTATION else opcc)
    plan(timezone.localdate(), timezone.now())
    kinds = len(set(Reminder.objects.filter(state="pending").values_list("kind", flat=True)))
    with CaptureQueriesContext(connection) as queries:
        report = deliver(batch_size=100)
    assert report.batches == 1
    assert kinds == len(KINDS)
    # One more query per kind for its records, and one per kind told through a partner
    # organisation (consultations, rights searches) for that organisation's users.
    partner_kinds = sum(1 for spec in KINDS.values() if spec.partner_organisation_field)
    assert len(queries.captured_queries) == one_kind + (kinds - 1) + partner_kinds


# --- PostgreSQL: concurrent workers --------------------------------------------------------------


def _in_thread(target, results, key, *args):
    try:
        results[key] = target(*args)
    except BaseException as error:
        results[key] = error
    finally:
        connections.close_all()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_get_disjoint_batches(opcc, staff):
    for _ in range(12):
        policy_due(opcc, staff)
    plan(timezone.localdate(), timezone.now())
    first_holds_its_locks = threading.Event()
    second_done = threading.Event()
    results: dict[str, Any] = {}

    first_released = threading.Event()

    def first_worker():
        with transaction.atomic():
            _, rows = claim(5)
            first_holds_its_locks.set()
            # Keep the rows locked (uncommitted) while the second worker claims.
            second_done.wait(timeout=10)
        first_released.set()
        return [row.pk for row in rows]

    def second_worker():
        first_holds_its_locks.wait(timeout=10)
        _, rows = claim(5)
        # It skipped the locked rows rather than waiting for them.
        results["second_waited"] = first_released.is_set()
        second_done.set()
        return [row.pk for row in rows]

    threads = [
        threading.Thread(target=_in_thread, args=(first_worker, results, "first")),
        threading.Thread(target=_in_thread, args=(second_worker, results, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    first, second = results["first"], results["second"]
    assert not isinstance(first, BaseException), first
    assert not isinstance(second, BaseException), second
    assert len(first) == len(second) == 5
    assert set(first).isdisjoint(second)
    assert results["second_waited"] is False
    assert Reminder.objects.filter(state=ReminderState.CLAIMED).count() == 10
    assert Reminder.objects.filter(state=ReminderState.PENDING).count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_reminder_exactly_once(opcc, staff, dpo):
    for days in range(-20, 20):
        policy_due(opcc, staff, days=days)
    start = threading.Barrier(2, timeout=20)
    results: dict[str, Any] = {}

    def worker():
        start.wait()
        close_old_connections()
        return sweep("daily", max_batches=None)

    threads = [
        threading.Thread(target=_in_thread, args=(worker, results, name), kwargs={})
        for name in ("a", "b")
    ]
    with override_settings(REMINDER_BATCH_SIZE=3):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    for name in ("a", "b"):
        assert not isinstance(results[name], BaseException), results[name]
    reminders = Reminder.objects.count()
    assert reminders == 40
    assert Reminder.objects.filter(state=ReminderState.SENT).count() == reminders
    assert results["a"].delivery.sent + results["b"].delivery.sent == reminders
    # Each (reminder, user) once, each e-mail once.
    overdue = Reminder.objects.filter(stage=ReminderStage.OVERDUE).count()
    assert Notification.objects.count() == reminders + overdue
    assert len(mail.outbox) == reminders + overdue
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == len(mail.outbox)
