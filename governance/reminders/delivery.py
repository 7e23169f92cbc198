"""Delivery: claim pending ledger rows, turn each into notifications and e-mails, mark it sent.

The protocol, per batch of ``REMINDER_BATCH_SIZE`` rows:

1. **Claim** (one short transaction): ``SELECT … FOR UPDATE SKIP LOCKED`` the oldest pending
   rows, plus rows claimed more than ``REMINDER_CLAIM_TIMEOUT`` seconds ago (their worker died),
   and stamp them with this run's token. Concurrent workers skip each other's locked rows, so
   two sweeps share the work instead of doubling it.
2. **Check**: a reminder whose record no longer counts, or whose due date has moved, is
   cancelled: the new date has ledger rows of its own. A workflow event (``events``) is only
   cancelled when its record is gone: it happened, whatever the record has become since.
3. **Notify** (one transaction): insert the in-app notifications. ``(reminder, user)`` is unique,
   so a batch re-claimed after a crash inserts only what is missing.
4. **E-mail**: each notification whose user wants e-mail for that kind and has not yet been
   e-mailed, over one connection; the e-mailed ones are stamped. Each message's ``Message-ID``
   is fixed by its notification, so even a message re-sent because its worker died between
   sending and stamping is the same message to the mail system.
5. **Mark sent**, only while this run's token still holds the row.

Every step is a fixed number of queries per batch, whatever its size.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from sharing.choices import HolderRole
from sharing.selectors import current_holders

from ..choices import ReminderKind, ReminderState
from ..models import EmailPreference, Notification, Reminder
from .events import EVENTS, Audience, Event, is_event
from .kinds import KINDS, Kind, Stage
from .wording import describe

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    batches: int = 0
    claimed: int = 0
    sent: int = 0
    cancelled: int = 0
    notifications: int = 0
    emails: int = 0

    def add(self, other: "DeliveryReport") -> None:
        for name in ("batches", "claimed", "sent", "cancelled", "notifications", "emails"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def escalation_user_ids(today: date) -> list[int]:
    """The current DPO's portal account (role holders of the core-team host), or, if none is
    recorded with an account, every active user with the DPO role: an overdue reminder must
    reach someone."""
    holders = [
        holder.user_id
        for holder in current_holders(HolderRole.DPO, today)
        if holder.user_id is not None and holder.user is not None and holder.user.is_active
    ]
    if holders:
        return holders
    users = get_user_model()._default_manager.filter(role=Role.DPO, is_active=True)
    return list(users.order_by("pk").values_list("pk", flat=True))


def claim(batch_size: int) -> tuple[uuid.UUID, list[Reminder]]:
    """Claim up to ``batch_size`` rows for this worker; see the module docstring, step 1."""
    token = uuid.uuid4()
    now = timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state=ReminderState.PENDING)
                | Q(state=ReminderState.CLAIMED, claimed_at__lt=stale)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return token, []
        Reminder.objects.filter(pk__in=ids).update(
            state=ReminderState.CLAIMED,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    return token, list(Reminder.objects.filter(pk__in=ids, claim_token=token).order_by("pk"))


def _load_records(reminders: list[Reminder]) -> dict[tuple[str, int], Model]:
    """The records the batch is about that still count: one query per kind in the batch."""
    ids: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        ids[reminder.kind].add(reminder.object_id)
    found: dict[tuple[str, int], Model] = {}
    for kind, object_ids in ids.items():
        if is_event(kind):
            records = EVENTS[ReminderKind(kind)].records()
        else:
            spec = KINDS[ReminderKind(kind)]
            records = spec.records().select_related(*spec.related)
        for pk, record in records.in_bulk(object_ids).items():
            found[(kind, pk)] = record
    return found


def _still_due(spec: Kind, reminder: Reminder, record: Model | None) -> bool:
    if record is None:
        return False
    due = spec.due_of(record)
    return due == (reminder.due_at if spec.is_deadline else reminder.due_on)


def _partner_users(spec: Kind, records: list[Model]) -> dict[int, list[int]]:
    """Active partner users by organisation, for kinds that tell the partner too."""
    if spec.partner_organisation_field is None or not records:
        return {}
    field = f"{spec.partner_organisation_field}_id"
    organisations = {getattr(record, field) for record in records}
    users = get_user_model()._default_manager.filter(
        role=Role.PARTNER, is_active=True, organisation__in=organisations
    )
    by_organisation: dict[int, list[int]] = defaultdict(list)
    for pk, organisation_id in users.values_list("pk", "organisation_id"):
        by_organisation[organisation_id].append(pk)
    return by_organisation


def recipients(
    spec: Kind,
    stage: Stage,
    record: Model,
    dpo_ids: list[int],
    active_ids: set[int],
    partners: dict[int, list[int]],
) -> list[tuple[int, bool]]:
    """(user id, told as the DPO) for one reminder: the owner; the DPO when it is overdue,
    when the record has no active owner, or when the kind always tells the DPO; and for a
    consultation the partner's users. Each user once."""
    chosen: dict[int, bool] = {}
    owner_id = spec.owner_id_of(record)
    if owner_id is not None and owner_id in active_ids:
        chosen[owner_id] = False
    if spec.partner_organisation_field:
        for user_id in partners.get(getattr(record, f"{spec.partner_organisation_field}_id"), []):
            chosen.setdefault(user_id, False)
    if stage.is_overdue or spec.always_tell_dpo or not chosen:
        for user_id in dpo_ids:
            chosen.setdefault(user_id, True)
    return list(chosen.items())


def _audience(events: list[tuple[Reminder, Event, Model]], dpo_ids: list[int]) -> Audience:
    """Everyone this batch's events may reach, in three queries whatever the batch holds."""
    audience = Audience(dpo_ids=dpo_ids)
    if not events:
        return audience
    users = get_user_model()._default_manager.filter(is_active=True)
    for pk, role in users.filter(role__in=(Role.SIRO, Role.DIRECTOR)).values_list("pk", "role"):
        audience.by_role.setdefault(role, []).append(pk)
    organisations = {
        getattr(record, f"{spec.partner_organisation_field}_id")
        for _, spec, record in events
        if spec.partner_organisation_field
    }
    if organisations:
        partners = users.filter(role=Role.PARTNER, organisation__in=organisations)
        for pk, organisation_id in partners.values_list("pk", "organisation_id"):
            audience.partners.setdefault(organisation_id, []).append(pk)
    named = {pk for _, spec, record in events for pk in spec.people_of(record)}
    if named:
        audience.active = set(users.filter(pk__in=named).values_list("pk", flat=True))
    return audience


def _email(notification: Notification) -> EmailMultiAlternatives:
    context = {
        "notification": notification,
        "user": notification.user,
        "link": settings.PORTAL_BASE_URL.rstrip("/") + notification.url,
        "settings_link": settings.PORTAL_BASE_URL.rstrip("/")
        + reverse("governance:notification_settings"),
        # A workflow event, not a date falling due: the e-mail says why it came.
        "is_event": is_event(notification.kind),
    }
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=render_to_string("governance/email/notification.txt", context),
        to=[notification.user.email],
        headers={"Message-ID": message_id(notification)},
    )
    message.attach_alternative(
        render_to_string("governance/email/notification.html", context), "text/html"
    )
    return message


def message_id(notification: Notification) -> str:
    """The same for every attempt to send one notification, so a re-send is a duplicate the
    mail system recognises rather than a second message."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "vpp.test"
    return f"<notification-{notification.pk}@{domain}>"


def _send_emails(notifications: list[Notification], now: datetime) -> tuple[int, set[int]]:
    """Send over one connection; stamp the ones that went. Returns (count, failed reminders)."""
    if not notifications:
        return 0, set()
    sent: list[int] = []
    failed: set[int] = set()
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        # The mail server is unreachable: the whole batch stays claimed and is sent by a
        # later run once the claim is stale, rather than the error ending the sweep.
        logger.exception("Could not connect to the mail server; e-mails will be retried")
        return 0, {notification.reminder_id or 0 for notification in notifications}
    try:
        for notification in notifications:
            try:
                connection.send_messages([_email(notification)])
            except Exception:
                logger.exception("E-mail for notification %s failed", notification.pk)
                failed.add(notification.reminder_id or 0)
            else:
                sent.append(notification.pk)
    finally:
        Notification.objects.filter(pk__in=sent).update(email_sent_at=now)
        try:
            connection.close()
        except Exception:
            logger.exception("Closing the mail connection failed")
    return len(sent), failed


def send_batch(
    reminders: list[Reminder], token: uuid.UUID, today: date, now: datetime, dpo_ids: list[int]
) -> DeliveryReport:
    report = DeliveryReport(batches=1, claimed=len(reminders))
    records = _load_records(reminders)
    due: list[tuple[Reminder, Kind, Model]] = []
    events: list[tuple[Reminder, Event, Model]] = []
    cancelled: list[int] = []
    for reminder in reminders:
        record = records.get((reminder.kind, reminder.object_id))
        if is_event(reminder.kind):
            if record is None:
                cancelled.append(reminder.pk)
            else:
                events.append((reminder, EVENTS[ReminderKind(reminder.kind)], record))
            continue
        spec = KINDS[ReminderKind(reminder.kind)]
        if record is not None and _still_due(spec, reminder, record):
            due.append((reminder, spec, record))
        else:
            cancelled.append(reminder.pk)

    owner_ids = {
        owner_id for _, spec, record in due if (owner_id := spec.owner_id_of(record)) is not None
    }
    active_ids = set(
        get_user_model()
        ._default_manager.filter(pk__in=owner_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    partners: dict[int, list[int]] = {}
    for spec in {spec for _, spec, _ in due if spec.partner_organisation_field}:
        partners.update(_partner_users(spec, [r for _, s, r in due if s is spec]))

    planned: list[Notification] = []
    for reminder, spec, record in due:
        stage = spec.stage(reminder.stage)
        for user_id, as_dpo in recipients(spec, stage, record, dpo_ids, active_ids, partners):
            title, body = describe(spec, stage, record, reminder, today, now, as_dpo=as_dpo)
            planned.append(
                Notification(
                    user_id=user_id,
                    reminder=reminder,
                    kind=reminder.kind,
                    title=title,
                    body=body,
                    url=record.get_absolute_url(),  # type: ignore[attr-defined]
                    is_escalation=as_dpo and stage.is_overdue,
                    created_at=now,
                )
            )
    audience = _audience(events, dpo_ids)
    for reminder, event, record in events:
        url = event.link(record)
        for user_id, as_dpo in event.recipients(record, audience):
            title, body = event.wording(record, reminder, as_dpo)
            planned.append(
                Notification(
                    user_id=user_id,
                    reminder=reminder,
                    kind=reminder.kind,
                    title=title[:250],
                    body=body,
                    url=url,
                    created_at=now,
                )
            )
    opted_out = set(
        EmailPreference.objects.filter(
            user__in={n.user_id for n in planned}, send_email=False
        ).values_list("user_id", "kind")
    )
    for notification in planned:
        notification.email_wanted = (notification.user_id, notification.kind) not in opted_out

    sending = [reminder for reminder, _, _ in due] + [reminder for reminder, _, _ in events]
    if any(reminder.attempts > 1 for reminder in sending):
        # Claimed again after a worker died: some notifications may be there already. (Only
        # the claimant writes a reminder's notifications, so a first claim finds none.)
        there = set(
            Notification.objects.filter(reminder__in=sending).values_list("reminder_id", "user_id")
        )
        planned = [n for n in planned if (n.reminder_id, n.user_id) not in there]

    with transaction.atomic():
        Notification.objects.bulk_create(planned, ignore_conflicts=True)
        report.notifications = len(planned)
        if cancelled:
            report.cancelled = Reminder.objects.filter(
                pk__in=cancelled, claim_token=token, state=ReminderState.CLAIMED
            ).update(state=ReminderState.CANCELLED)

    due_ids = [reminder.pk for reminder in sending]
    # Still ours? A claim is only taken over once it is older than the time limit, so this
    # holds unless the clock is badly wrong; checked anyway before anything leaves the building.
    ours = set(
        Reminder.objects.filter(pk__in=due_ids, claim_token=token).values_list("pk", flat=True)
    )
    to_email = list(
        Notification.objects.filter(
            reminder__in=ours, email_wanted=True, email_sent_at__isnull=True
        )
        .select_related("user")
        .order_by("pk")
    )
    report.emails, failed = _send_emails(to_email, now)
    report.sent = Reminder.objects.filter(
        pk__in=ours - failed, claim_token=token, state=ReminderState.CLAIMED
    ).update(state=ReminderState.SENT, sent_at=now)
    return report


def deliver(
    today: date | None = None,
    now: datetime | None = None,
    batch_size: int | None = None,
    max_batches: int | None = None,
) -> DeliveryReport:
    """Send every pending ledger row (and every abandoned claim), a batch at a time, until none
    is left or ``max_batches`` have been sent."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    report = DeliveryReport()
    dpo_ids = escalation_user_ids(today)
    while max_batches is None or report.batches < max_batches:
        token, reminders = claim(batch_size)
        if not reminders:
            break
        report.add(send_batch(reminders, token, today, now, dpo_ids))
    return report
