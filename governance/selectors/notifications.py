"""A user's notifications and e-mail choices, and the records behind reminder ledger rows."""

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.apps import apps

from ..choices import ReminderKind
from ..models import EmailPreference, Notification

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..models import Reminder


def notifications_for(user: Any) -> "QuerySet[Notification]":
    """``user``'s own notifications, newest first: nobody sees anyone else's."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_notification_count(user: Any) -> int:
    """How many of ``user``'s notifications are unread: one COUNT query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def email_choices(user: Any) -> dict[str, bool]:
    """Whether ``user`` wants e-mails about each kind of reminder they can be sent, in the
    kinds table's order: on unless they turned it off. Partners only hear about the kinds
    that tell a partner organisation (consultations, searches asked for a request from an
    individual), so only those are offered to them."""
    from ..reminders.events import EVENTS
    from ..reminders.kinds import KINDS

    is_partner = getattr(user, "is_partner", False)
    kinds = [
        str(kind)
        for kind, spec in KINDS.items()
        if not is_partner or spec.partner_organisation_field
    ] + [str(kind) for kind, event in EVENTS.items() if event.tells_partner == is_partner]
    turned_off = set(
        EmailPreference.objects.filter(user=user, send_email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in turned_off for kind in kinds}


def record_urls(reminders: "list[Reminder]") -> dict[tuple[str, int], tuple[str, str]]:
    """(link, name) of the record behind each ledger row: one query per kind of record on the
    page (the kinds table holds six models), never one per row. A record since deleted has no
    link."""
    from ..reminders.events import EVENTS
    from ..reminders.kinds import KINDS

    specs: dict[ReminderKind, Any] = {**KINDS, **EVENTS}

    wanted: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        wanted[specs[ReminderKind(reminder.kind)].model_label].add(reminder.object_id)
    found: dict[tuple[str, int], Any] = {}
    for label, ids in wanted.items():
        related = {
            name for spec in specs.values() if spec.model_label == label for name in spec.related
        }
        model = apps.get_model(label)
        rows = model._default_manager.select_related(*sorted(related)).in_bulk(ids)
        for pk, record in rows.items():
            found[(label, pk)] = record
    result: dict[tuple[str, int], tuple[str, str]] = {}
    for reminder in reminders:
        spec = specs[ReminderKind(reminder.kind)]
        record = found.get((spec.model_label, reminder.object_id))
        if record is None:
            name = f"{spec.model._meta.verbose_name} #{reminder.object_id} (deleted)"
            result[(reminder.kind, reminder.object_id)] = ("", name.capitalize())
        else:
            result[(reminder.kind, reminder.object_id)] = (record.get_absolute_url(), str(record))
    return result
