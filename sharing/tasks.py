"""Celery tasks of the sharing app. Each calls one service and is safe to run twice."""

import logging

from celery import shared_task

from .services.expiry import agreements_expire_due

logger = logging.getLogger(__name__)


@shared_task(name="sharing.expire_agreements")
def expire_agreements() -> int:
    """The daily run: every active agreement whose expiry date has come is recorded as expired
    (its owner is told; the data it covered becomes uncovered). A second run expires nothing."""
    expired = agreements_expire_due()
    logger.info("Agreement expiry: %s expired", expired)
    return expired
