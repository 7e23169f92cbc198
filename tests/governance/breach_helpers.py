"""Building breaches for the breach log's tests."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from governance.models import Breach

LONDON = ZoneInfo("Europe/London")


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def make_breach(reported_by, reference: str = "BR-001", **values) -> Breach:
    """A breach straight into the table (services are tested on their own)."""
    aware = values.pop("became_aware_at", hours_ago(10))
    values = {
        "title": "Referral list e-mailed to the wrong school",
        "detected_at": aware - datetime.timedelta(hours=1),
        "description": "A list of 12 referrals went to the wrong school's inbox.",
        **values,
    }
    breach = Breach(reference=reference, reported_by=reported_by, became_aware_at=aware, **values)
    breach.save()
    return breach


def local_input(value: datetime.datetime) -> str:
    """How a ``datetime-local`` input posts a time: UK local, to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
