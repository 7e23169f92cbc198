"""The choices of the rights request register (kept beside the clocks they drive)."""

from django.db import models

from .clocks import Regime


class RightsRequestKind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", "Subject access (UK GDPR Art 15)"
    RECTIFICATION = "rectification", "Rectification (Art 16)"
    ERASURE = "erasure", "Erasure (Art 17)"
    RESTRICTION = "restriction", "Restriction of processing (Art 18)"
    OBJECTION = "objection", "Objection (Art 21)"
    PORTABILITY = "portability", "Data portability (Art 20)"
    FOI = "foi", "Freedom of Information (FOIA)"
    EIR = "eir", "Environmental Information (EIR)"


#: The UK GDPR kinds: a calendar month, and a requester's details only the DPO and the
#: handler see.
GDPR_KINDS = frozenset(
    {
        RightsRequestKind.SUBJECT_ACCESS,
        RightsRequestKind.RECTIFICATION,
        RightsRequestKind.ERASURE,
        RightsRequestKind.RESTRICTION,
        RightsRequestKind.OBJECTION,
        RightsRequestKind.PORTABILITY,
    }
)


def regime_of(kind: str) -> Regime:
    if kind == RightsRequestKind.FOI:
        return Regime.FOI
    if kind == RightsRequestKind.EIR:
        return Regime.EIR
    return Regime.GDPR


class RightsRequestStatus(models.TextChoices):
    RECEIVED = "received", "Received: the clock is running"
    PAUSED = "paused", "Paused: waiting for the requester"
    EXTENDED = "extended", "Extended"
    RESPONDED = "responded", "Responded"


RIGHTS_STATUS_COLOURS = {
    "received": "blue",
    "paused": "grey",
    "extended": "yellow",
    "responded": "green",
}
OPEN_STATUSES = ("received", "paused", "extended")


class PauseReason(models.TextChoices):
    IDENTIFICATION = "identification", "Waiting for identification"
    CLARIFICATION = "clarification", "Waiting for clarification"


class RightsOutcome(models.TextChoices):
    DISCLOSED_IN_FULL = "disclosed_in_full", "Disclosed in full"
    DISCLOSED_IN_PART = "disclosed_in_part", "Disclosed in part"
    REFUSED = "refused", "Refused"
    NO_DATA_HELD = "no_data_held", "No data held"


#: Outcomes that rely on an exemption, which must then be named.
OUTCOMES_WITH_EXEMPTION = ("disclosed_in_part", "refused")


class SearchAnswer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    HELD = "held", "Held"
    NOT_HELD = "not_held", "Not held"
    FOUND_AND_SENT = "found_and_sent", "Found and sent"
