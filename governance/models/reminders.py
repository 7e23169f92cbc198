"""The reminder ledger and in-app notifications.

``Reminder`` is the ledger that makes reminders exactly-once: one row per (kind, record, due
date, stage), guarded by a unique constraint. The sweep inserts due rows (a repeat insert is
ignored), then workers claim pending rows with ``SELECT … FOR UPDATE SKIP LOCKED``, send them and
mark them sent; a claim older than ``REMINDER_CLAIM_TIMEOUT`` (its worker died) is claimed again.
See ``governance.reminders`` for the sweep itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import ReminderKind, ReminderStage, ReminderState

USER = settings.AUTH_USER_MODEL


class Reminder(models.Model):
    """One reminder: this stage of this record's due date. Written by the sweep only."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField("record")
    #: The calendar due date (Europe/London); for a breach, the deadline's date.
    due_on = models.DateField("due date")
    #: The exact deadline, for kinds that have one (a breach's 72 hours); else empty.
    due_at = models.DateTimeField("deadline", null=True, blank=True)
    stage = models.CharField(max_length=20, choices=ReminderStage.choices)
    state = models.CharField(
        max_length=20, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "reminder"
        constraints = (
            models.UniqueConstraint(
                fields=("kind", "object_id", "due_on", "stage"),
                condition=Q(due_at__isnull=True),
                name="governance_reminder_once_per_date_stage",
            ),
            models.UniqueConstraint(
                fields=("kind", "object_id", "due_at", "stage"),
                condition=Q(due_at__isnull=False),
                name="governance_reminder_once_per_deadline_stage",
            ),
            models.CheckConstraint(
                name="governance_reminder_sent_has_time",
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
            ),
        )
        indexes = (
            # What workers claim, in id order. Partial, so it holds only the rows not yet sent
            # and stays small however long the ledger grows. (Lookups by record use the unique
            # indexes, which start with kind and object_id; every index here slows planning.)
            models.Index(
                fields=("id",),
                condition=Q(state__in=("pending", "claimed")),
                name="governance_reminder_unsent_idx",
            ),
            # The reminder list's default order (newest first): the one list index it needs.
            models.Index(fields=("-created_at", "-id"), name="governance_reminder_newest_idx"),
        )

    def __str__(self) -> str:
        kind, stage = self.get_kind_display(), self.get_stage_display()
        return f"{kind} #{self.object_id}, {self.due_on}: {stage}"


class Notification(models.Model):
    """A message to one user in the portal, and by e-mail unless they turned that kind off."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.ForeignKey(
        Reminder, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField("link", max_length=500)
    is_escalation = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "notification"
        constraints = (
            models.UniqueConstraint(
                fields=("reminder", "user"),
                condition=Q(reminder__isnull=False),
                name="governance_notification_once_per_reminder_user",
            ),
        )
        indexes = (
            models.Index(fields=("user", "read_at"), name="governance_notif_unread_idx"),
            # A user's notification list, newest first: read in order, never sorted.
            models.Index(fields=("user", "-created_at", "-id"), name="governance_notif_list_idx"),
            models.Index(
                fields=("email_wanted", "email_sent_at"), name="governance_notif_email_idx"
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """One user's choice to have (or not) e-mails about one kind of reminder. No row: e-mails
    are on. In-app notifications cannot be turned off."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    send_email = models.BooleanField(default=True)

    class Meta:
        verbose_name = "e-mail preference"
        constraints = (
            models.UniqueConstraint(fields=("user", "kind"), name="governance_emailpref_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {'on' if self.send_email else 'off'}"
