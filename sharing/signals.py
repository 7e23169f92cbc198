"""What the sharing app tells the apps above it, which it cannot import (docs/architecture.md:
a lower app defines a small interface the upper one fills)."""

from django.dispatch import Signal

#: An organisation was asked about a product. Sent by the service, inside the transaction that
#: opened the consultation, with ``consultation``; the governance app notifies the partner.
consultation_opened = Signal()
#: An agreement was recorded as expired (by the daily job or by hand). Sent by
#: ``services.agreement_expire`` inside its transaction, with ``agreement``; the governance app
#: tells its owner.
agreement_expired = Signal()
