"""Exactly-once reminders through real Celery workers on the real Redis and PostgreSQL.

Each test seeds records, starts ``celery worker`` subprocesses on a queue of its own (pointed at
the test database, with e-mails written one file per message by
``tests.support.mail.FileMessageBackend``), sends ``governance.sweep_reminders`` through the
broker and then reads what a user would see: the ledger, the in-app notifications and the
e-mails. They need PostgreSQL: the worker must share the test database, and ``SKIP LOCKED`` must
be real. CI runs them there; on SQLite they are skipped.
"""

import io
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from governance.choices import ReminderState
from governance.models import Breach, EmailPreference, Notification, Policy, Reminder
from governance.reminders.delivery import message_id
from governance.tasks import sweep_reminders
from ropa.models import ProcessingActivity
from sharing.models import Agreement, Consultation, DataSource, Product
from tests.support.celery import (
    RESULT_TIMEOUT,
    Worker,
    broker_url_or_skip,
    tasks_sent_through,
    worker_env,
)
from tests.support.mail import BACKEND, DELAY_VARIABLE, DIR_VARIABLE, SentMessage, sent_messages

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

#: (kind, record id, due date or deadline, stage): one ledger row as a user thinks of it.
Key = tuple[str, int, date | datetime, str]


def key_of(reminder: Reminder) -> Key:
    due: date | datetime = reminder.due_at if reminder.due_at is not None else reminder.due_on
    return (reminder.kind, reminder.object_id, due, reminder.stage)


class Workers:
    """Workers for one test, all on the test's own queue, writing e-mails to ``mail_dir``.

    The first ``start`` points this process's Celery app at the broker (eager mode off), so
    records seeded before it never queue a task on the real broker by accident."""

    def __init__(self, tmp_path: Path, stack: ExitStack) -> None:
        self.tmp_path = tmp_path
        self.stack = stack
        self.queue = f"test-reminders-{uuid.uuid4().hex}"
        self.mail_dir = tmp_path / "mail"
        self.started: list[Worker] = []
        self.broker_url = ""
        self.backend_url = ""

    def start(self, env: Mapping[str, str], count: int = 1) -> list[Worker]:
        if not self.broker_url:
            self.broker_url = broker_url_or_skip()
            self.backend_url = os.environ.get("CELERY_RESULT_BACKEND") or self.broker_url
            self.stack.enter_context(tasks_sent_through(self.broker_url, self.backend_url))
        variables = {"EMAIL_BACKEND": BACKEND, DIR_VARIABLE: str(self.mail_dir), **env}
        new = []
        for _ in range(count):
            log = self.tmp_path / f"worker-{len(self.started)}.log"
            environment = worker_env(self.tmp_path, self.broker_url, self.backend_url, **variables)
            worker = Worker(environment, self.queue, log)
            self.started.append(worker)
            new.append(worker)
        for worker in new:
            worker.wait_until_ready()
        return new

    def describe(self) -> str:
        return "\n\n".join(worker.describe() for worker in self.started)

    def sweep(self, period: str = "all") -> Any:
        """Queue one sweep on this test's queue, keeping its result (the project ignores
        results by default)."""
        return sweep_reminders.apply_async(args=[period], queue=self.queue, ignore_result=False)

    def result(self, async_result: Any) -> dict[str, int]:
        try:
            result: dict[str, int] = async_result.get(timeout=RESULT_TIMEOUT)
        except Exception as exc:
            pytest.fail(f"the sweep failed or timed out: {exc!r}; {self.describe()}")
        finally:
            async_result.forget()
        return result

    def emails(self) -> list[SentMessage]:
        return sent_messages(self.mail_dir) if self.mail_dir.exists() else []


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: a worker cannot share SQLite's in-memory test database, and "
            "SKIP LOCKED is what these tests prove (CI runs them on PostgreSQL)"
        )
    with ExitStack() as stack:
        running = Workers(tmp_path, stack)
        try:
            yield running
        finally:
            for worker in running.started:
                worker.stop()


def wait_for(condition: Callable[[], bool], timeout: float, what: str, workers: Workers) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"{what} did not happen within {timeout} s; {workers.describe()}")


def unfinished() -> int:
    return Reminder.objects.filter(state__in=(ReminderState.PENDING, ReminderState.CLAIMED)).count()


def policies_due(owner: Any, organisation: Any, days: list[int], prefix: str) -> list[Policy]:
    today = timezone.localdate()
    return Policy.objects.bulk_create(
        Policy(
            title=f"{prefix} {n:02d}",
            kind="policy",
            owner_organisation=organisation,
            status="in_force",
            owner=owner,
            next_review_on=today + timedelta(days=offset),
        )
        for n, offset in enumerate(days)
    )


def assert_emails_match_notifications(
    emails: list[SentMessage], notifications: list[Notification]
) -> int:
    """Every notification that wants an e-mail was e-mailed, to its user, under its own
    Message-ID, and nothing else was; returns how many raw copies were extra. A copy is only
    allowed when it carries the same Message-ID, To and Subject as the original."""
    wanted = {message_id(n): (n.user.email, n.title) for n in notifications if n.email_wanted}
    assert {e.message_id for e in emails} == set(wanted)
    for sent in emails:
        assert (sent.to, sent.subject) == wanted[sent.message_id], sent.message_id
    assert all(n.email_sent_at is not None for n in notifications if n.email_wanted)
    assert all(n.email_sent_at is None for n in notifications if not n.email_wanted)
    return len(emails) - len(wanted)


def test_a_sweep_through_a_worker_sends_exactly_the_reminders_that_are_due(
    workers: Workers, opcc, hull, staff, dpo, director, partner_hull
):
    from tests.dpias import approved_dpia

    today = timezone.localdate()
    now = timezone.now()
    day = timedelta(days=1)
    expected: dict[Key, set[str]] = {}  # ledger row → e-mail addresses of its recipients

    # Policies in each stage of a date kind, and one not due yet.
    thirty, seven, on_the_day, overdue, _not_yet = policies_due(
        staff, opcc, [20, 4, 0, -3, 45], "Policy due"
    )
    expected[("policy_review", thirty.pk, today + 20 * day, "days_30")] = {staff.email}
    expected[("policy_review", seven.pk, today + 4 * day, "days_7")] = {staff.email}
    expected[("policy_review", on_the_day.pk, today, "on_the_day")] = {staff.email}
    # Overdue escalates to the DPO.
    expected[("policy_review", overdue.pk, today - 3 * day, "overdue")] = {staff.email, dpo.email}
    Policy.objects.create(
        title="Withdrawn policy",
        kind="policy",
        owner_organisation=opcc,
        status="withdrawn",
        owner=staff,
        next_review_on=today,
    )

    # An active agreement's review and expiry; a draft one is not reminded about.
    agreement = Agreement.objects.create(
        title="Hull youth violence ISA",
        purpose="Sharing",
        status="active",
        owner=staff,
        review_on=today + 4 * day,
        expires_on=today + 20 * day,
    )
    expected[("agreement_review", agreement.pk, today + 4 * day, "days_7")] = {staff.email}
    expected[("agreement_expiry", agreement.pk, today + 20 * day, "days_30")] = {staff.email}
    Agreement.objects.create(title="Draft ISA", purpose="Sharing", owner=staff, review_on=today)

    # An activity with no owner: the DPO hears on the day.
    activity = ProcessingActivity.objects.create(
        name="Hotspot analysis",
        business_function="Analysis",
        purpose="Hotspots",
        next_review_on=today,
    )
    expected[("activity_review", activity.pk, today, "on_the_day")] = {dpo.email}

    # Open data last refreshed nine days ago, refreshed weekly: two days overdue.
    source = DataSource.objects.create(
        name="Street-level crime",
        classification="open",
        update_frequency="weekly",
        last_refreshed_on=today - 9 * day,
        owner=staff,
    )
    expected[("source_refresh", source.pk, today - 2 * day, "overdue")] = {staff.email, dpo.email}

    # A consultation: the partner's users are told as well as whoever asked.
    consultation = Consultation.objects.create(
        product=Product.objects.create(
            title="Hull hotspots briefing", kind="report", audience="partners"
        ),
        organisation=hull,
        requested_by=staff,
        due_on=today + 4 * day,
    )
    expected[("consultation_due", consultation.pk, today + 4 * day, "days_7")] = {
        staff.email,
        partner_hull.email,
    }

    # A breach 60 hours after awareness: 12 hours left; the DPO always hears.
    aware = now - timedelta(hours=60)
    breach = Breach.objects.create(
        reference="BR-001",
        title="E-mail to the wrong partner",
        detected_at=aware,
        became_aware_at=aware,
        reported_by=staff,
        owner=staff,
        description="A spreadsheet went to the wrong address.",
    )
    expected[("breach_ico_deadline", breach.pk, breach.ico_deadline_at, "hours_24")] = {
        staff.email,
        dpo.email,
    }

    # An approved DPIA whose review is ten days overdue; its review owner is the DPO.
    dpia = approved_dpia(staff, dpo, director, title="Youth diversion referrals")
    # Its workflow steps were told as they happened (in this process): not this sweep's work.
    assert Reminder.objects.filter(stage="event").exclude(state=ReminderState.SENT).count() == 0
    told_before = Notification.objects.count()
    type(dpia).objects.filter(pk=dpia.pk).update(next_review_on=today - 10 * day)
    expected[("dpia_review", dpia.pk, today - 10 * day, "overdue")] = {dpo.email}

    # The DPO turned off e-mails about breaches: in-app only.
    EmailPreference.objects.create(user=dpo, kind="breach_ico_deadline", send_email=False)

    workers.start({"REMINDER_BATCH_SIZE": "4"})
    result = workers.result(workers.sweep("all"))

    reminders = list(Reminder.objects.exclude(stage="event"))
    assert Counter(key_of(r) for r in reminders) == Counter(list(expected))
    assert {r.state for r in reminders} == {ReminderState.SENT}
    assert {r.attempts for r in reminders} == {1}

    notifications = list(
        Notification.objects.exclude(reminder__stage="event").select_related("user", "reminder")
    )
    told = Counter((key_of(n.reminder), n.user.email) for n in notifications)  # type: ignore[arg-type]
    assert told == Counter((key, email) for key, emails in expected.items() for email in emails)
    assert all(n.url for n in notifications)

    emails = workers.emails()
    assert assert_emails_match_notifications(emails, notifications) == 0
    breach_emails = [e for e in emails if e.subject.startswith("The 72-hour deadline")]
    assert [e.to for e in breach_emails] == [staff.email]

    assert result == {
        "planned": len(expected),
        "sent": len(expected),
        "cancelled": 0,
        "emails": len(emails),
    }

    # The next run (a retry, the hourly check) finds everything already sent.
    again = workers.result(workers.sweep("all"))
    assert again == {"planned": 0, "sent": 0, "cancelled": 0, "emails": 0}
    assert Reminder.objects.exclude(stage="event").count() == len(expected)
    assert Notification.objects.count() == told_before + len(notifications)
    assert len(workers.emails()) == len(emails)


CLAIM_TIMEOUT = 6
SLOW_WORKER = {
    "REMINDER_BATCH_SIZE": "3",
    "CELERY_TASK_TIME_LIMIT": "4",
    "REMINDER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
    DELAY_VARIABLE: "0.3",
}


def test_a_worker_killed_mid_batch_and_restarted_ends_with_every_reminder_sent_exactly_once(
    workers: Workers, opcc, staff, record_property
):
    policies_due(staff, opcc, [20] * 15, "Policy due")

    (doomed,) = workers.start(SLOW_WORKER)
    workers.sweep("all")

    def mid_batch() -> bool:
        states = Counter(Reminder.objects.values_list("state", flat=True))
        return states[ReminderState.SENT] >= 3 and states[ReminderState.CLAIMED] > 0

    wait_for(mid_batch, 30, "a sent batch and a claimed one", workers)
    time.sleep(0.15)
    doomed.kill()
    assert doomed.process.returncode == -9
    claimed_when_killed = set(
        Reminder.objects.filter(state=ReminderState.CLAIMED).values_list("pk", flat=True)
    )
    sent_when_killed = Reminder.objects.filter(state=ReminderState.SENT).count()
    assert claimed_when_killed, "the worker should have died holding a claim"
    assert sent_when_killed < 15

    workers.start(SLOW_WORKER)
    # The next hourly run, once the dead worker's claim has gone stale.
    latest_claim: datetime = Reminder.objects.filter(pk__in=claimed_when_killed).aggregate(
        latest=Max("claimed_at")
    )["latest"]
    time.sleep(max(0.0, (latest_claim - timezone.now()).total_seconds() + CLAIM_TIMEOUT + 0.5))
    workers.result(workers.sweep("hourly"))
    wait_for(lambda: unfinished() == 0, 30, "every reminder finished", workers)

    reminders = list(Reminder.objects.all())
    assert len(reminders) == 15
    assert {r.state for r in reminders} == {ReminderState.SENT}
    # The batch the dead worker held was claimed again, once; nothing else was.
    assert {r.pk for r in reminders if r.attempts == 2} == claimed_when_killed
    assert {r.attempts for r in reminders if r.pk not in claimed_when_killed} == {1}

    notifications = list(Notification.objects.select_related("user"))
    assert Counter((n.reminder_id, n.user_id) for n in notifications) == Counter(
        (r.pk, staff.pk) for r in reminders
    )

    emails = workers.emails()
    duplicates = assert_emails_match_notifications(emails, notifications)
    # A copy is only possible for the batch the kill interrupted, from the dead worker.
    assert duplicates <= len(claimed_when_killed)
    copies = [mid for mid, count in Counter(e.message_id for e in emails).items() if count > 1]
    for copied in copies:
        assert doomed.process.pid in {e.pid for e in emails if e.message_id == copied}
    record_property("duplicate_emails", duplicates)
    print(f"raw duplicate e-mails (same Message-ID): {duplicates}")


def claims_in_progress() -> int:
    """How many batches are claimed right now (each claim has its own token)."""
    claimed = Reminder.objects.filter(state=ReminderState.CLAIMED)
    return claimed.values("claim_token").distinct().count()


def test_three_sweeps_at_once_share_the_work_and_send_nothing_twice(
    workers: Workers, opcc, staff, dpo, settings, monkeypatch
):
    policies_due(staff, opcc, [20, 4, 0, -3] * 8, "Policy due")  # 32 reminders, 8 overdue

    slow = {"REMINDER_BATCH_SIZE": "2", DELAY_VARIABLE: "0.1"}
    first, second = workers.start(slow, count=2)
    # This process sweeps too (as cron would with send_reminders), as slowly, into the same folder.
    settings.EMAIL_BACKEND = BACKEND
    settings.REMINDER_BATCH_SIZE = 2
    monkeypatch.setenv(DIR_VARIABLE, str(workers.mail_dir))
    monkeypatch.setenv(DELAY_VARIABLE, "0.1")

    sweeps = [workers.sweep("daily"), workers.sweep("daily")]
    # Both workers are sending a batch at the same moment; then this process joins in.
    wait_for(lambda: claims_in_progress() >= 2, 30, "two batches claimed at once", workers)
    output = io.StringIO()
    call_command("send_reminders", "--period", "daily", stdout=output)
    results = [workers.result(sweep) for sweep in sweeps]
    wait_for(lambda: unfinished() == 0, 30, "every reminder finished", workers)

    reminders = list(Reminder.objects.all())
    assert len(reminders) == 32
    assert {r.state for r in reminders} == {ReminderState.SENT}
    assert {r.attempts for r in reminders} == {1}  # no batch was claimed twice

    notifications = list(Notification.objects.select_related("user"))
    assert len(notifications) == 32 + 8  # the owner, and the DPO for the overdue ones
    assert len({(n.reminder_id, n.user_id) for n in notifications}) == len(notifications)

    emails = workers.emails()
    assert assert_emails_match_notifications(emails, notifications) == 0
    # The three sweeps shared the work: what each says it sent adds up to 32, and both
    # workers sent e-mails of their own.
    match = re.search(r"(\d+) sent", output.getvalue())
    assert match, output.getvalue()
    assert sum(result["sent"] for result in results) + int(match[1]) == 32
    senders = Counter(e.pid for e in emails)
    assert {first.process.pid, second.process.pid} <= set(senders), senders
    print(f"e-mails by sender: {dict(senders)} (this process is {os.getpid()})")
