"""A user's own notifications: marking them read, and which kinds also come by e-mail.

Notifications are personal messages, not register rows: they keep no history. Each write
touches only the acting user's rows, so nobody can mark or configure anyone else's.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import EmailPreference, Notification


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_id: int) -> Notification:
    """Mark one of ``actor``'s notifications read (already read: left as it was). Someone
    else's raises ``Notification.DoesNotExist``, which a view turns into a 404."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, user=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of ``actor``'s read; returns how many there were."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def email_preferences_save(*, actor: Any, kinds: Iterable[str], wanted: Iterable[str]) -> None:
    """Record, for each of ``kinds``, whether ``actor`` wants e-mails about it (those in
    ``wanted``). One statement whatever the number of kinds; other kinds are left alone.
    In-app notifications are never affected."""
    wanted = set(wanted)
    EmailPreference.objects.bulk_create(
        [EmailPreference(user=actor, kind=kind, send_email=kind in wanted) for kind in kinds],
        update_conflicts=True,
        unique_fields=("user", "kind"),
        update_fields=("send_email",),
    )
