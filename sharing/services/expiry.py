"""Agreements expiring by themselves: the daily run that records, for every active agreement
whose expiry date has come, that it has expired."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Agreement
from .agreements import EXPIRED_ON_ITS_DATE, agreement_expire

logger = logging.getLogger(__name__)


def agreements_due_to_expire(today: date) -> "list[int]":
    """The ids of the active agreements whose expiry date is ``today`` or earlier."""
    return list(
        Agreement.objects.active()  # type: ignore[attr-defined]
        .filter(expires_on__lte=today)
        .order_by("expires_on", "pk")
        .values_list("pk", flat=True)
    )


def agreements_expire_due(today: date | None = None) -> int:
    """Expire every active agreement whose expiry date has come, each in its own transaction
    (``agreement_expire``, by the system, with the reason "Expired on its expiry date"), so one
    that cannot be expired never holds back the others. Safe to run twice or side by side: an
    agreement already expired (or ended, or given a later date meanwhile) is left alone.
    Returns how many were expired."""
    today = today or timezone.localdate()
    expired = 0
    for pk in agreements_due_to_expire(today):
        agreement = Agreement.objects.filter(pk=pk).first()
        if agreement is None:
            continue
        try:
            agreement_expire(agreement, actor=None, reason=EXPIRED_ON_ITS_DATE, due_by=today)
        except ValidationError as error:
            # Expired, terminated or re-dated by someone else since it was listed.
            logger.info("Agreement %s not expired: %s", pk, "; ".join(error.messages))
            continue
        expired += 1
    return expired
