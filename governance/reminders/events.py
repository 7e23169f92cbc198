"""Workflow events: a DPIA submitted, returned, sent for sign-off or decided; a consultation
opened; a breach involving a partner's data, and the DPO's decision to tell that partner; a
report its requester asked for is ready.

Each event is one row of the reminder ledger (stage ``event``, ``due_at`` the moment it
happened), written by the service that takes the step, inside that step's transaction:
the ledger's unique constraint on (kind, record, moment, stage) makes a repeat a no-op, and a
step rolled back leaves no event. Delivery is the reminders' own claim → notify → e-mail →
mark sent pipeline (``delivery``), so a retried task or a re-claimed batch never sends twice.
Unlike a date reminder, an event is not cancelled because its record has moved on (a DPIA
returned and since resubmitted was still returned): only a deleted record cancels it.

Who is told is worked out when the event is delivered, from ``Audience``, which the sender
builds once per batch in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.choices import Role

from ..choices import DpiaStatus, ReminderKind, ReminderStage, RiskLevel
from ..models import Reminder


@dataclass
class Audience:
    """Who can be told, for one batch: the DPO(s), active internal users by role, active
    partner users by organisation and which of a batch's named people are active."""

    dpo_ids: list[int]
    by_role: dict[str, list[int]] = field(default_factory=dict)
    partners: dict[int, list[int]] = field(default_factory=dict)
    active: set[int] = field(default_factory=set)


#: (user id, told as the DPO) for each person an event reaches.
Recipients = list[tuple[int, bool]]


@dataclass(frozen=True)
class Event:
    kind: ReminderKind
    model_label: str
    #: Who hears about it (see the functions below).
    recipients: Callable[[Any, Audience], Recipients]
    #: (title, body) for one recipient; the title is the e-mail subject too.
    wording: Callable[[Any, Reminder, bool], tuple[str, str]]
    #: Where the notification links: the record's page unless said otherwise.
    link: Callable[[Any], str] = lambda record: str(record.get_absolute_url())
    #: Partner users hear about it (and are offered its e-mail setting); internal users are not.
    tells_partner: bool = False
    #: The organisation whose partner users are told, for ``tells_partner`` kinds.
    partner_organisation_field: str | None = None
    #: The people the recipients are drawn from, loaded with the records.
    people_fields: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def records(self) -> QuerySet[Any]:
        return (
            self.model._default_manager.select_related(*self.related)
            .prefetch_related(*self.prefetch)
            .order_by()
        )

    def people_of(self, record: Any) -> list[int]:
        return [
            pk for name in self.people_fields if (pk := getattr(record, f"{name}_id")) is not None
        ]


def _once(*groups: tuple[list[int], bool]) -> Recipients:
    chosen: dict[int, bool] = {}
    for ids, as_dpo in groups:
        for user_id in ids:
            chosen.setdefault(user_id, as_dpo)
    return list(chosen.items())


def _active(ids: list[int | None], audience: Audience) -> list[int]:
    return [pk for pk in ids if pk is not None and pk in audience.active]


# --- Who is told ----------------------------------------------------------------------------------


def _submitted_to(dpia: Any, audience: Audience) -> Recipients:
    """The DPO(s) other than its author; on a DPIA a DPO wrote, the SIRO too, as deputy DPO
    (``accounts.deciders``), and the SIRO alone if no other DPO has an account."""
    dpos = [pk for pk in audience.dpo_ids if pk not in (dpia.author_id, dpia.submitted_by_id)]
    written_by_dpo = dpia.author_id in audience.dpo_ids or dpia.author.role == Role.DPO
    siros = audience.by_role.get(Role.SIRO, []) if written_by_dpo or not dpos else []
    return _once((dpos, True), ([pk for pk in siros if pk != dpia.author_id], False))


def _returned_to(dpia: Any, audience: Audience) -> Recipients:
    return _once((_active([dpia.author_id], audience), False))


def _signs_off(dpia: Any) -> str:
    from ..selectors import highest_residual_risk

    high = highest_residual_risk(list(dpia.risks.all())) == RiskLevel.HIGH
    return Role.SIRO if high else Role.DIRECTOR


def _sign_off_by(dpia: Any, audience: Audience) -> Recipients:
    """The Director, or the SIRO when the highest residual risk is high: whoever signs."""
    excluded = {dpia.author_id, dpia.advised_by_id}
    signers = [pk for pk in audience.by_role.get(_signs_off(dpia), []) if pk not in excluded]
    return _once((signers, False))


def _decided_for(dpia: Any, audience: Audience) -> Recipients:
    return _once((_active([dpia.author_id, dpia.review_owner_id], audience), False))


def _partner_contacts(field_name: str) -> Callable[[Any, Audience], Recipients]:
    def recipients(record: Any, audience: Audience) -> Recipients:
        return _once((audience.partners.get(getattr(record, f"{field_name}_id"), []), False))

    return recipients


def _the_dpo(record: Any, audience: Audience) -> Recipients:
    return _once((audience.dpo_ids, True))


# --- What they are told ---------------------------------------------------------------------------


def _day(value: Any) -> str:
    return date_format(timezone.localdate(value) if isinstance(value, datetime) else value, "j F Y")


def _at(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, 'H:i')} on {date_format(local, 'j F Y')}"


def _when(reminder: Reminder) -> str:
    assert reminder.due_at is not None
    return _at(reminder.due_at)


def _dpia_submitted(dpia: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    who = dpia.submitted_by or dpia.author
    body = [f"Submitted by {who} at {_when(reminder)}."]
    if as_dpo:
        body.append("Give your advice, or return it to its author, from the review queue.")
    else:
        body.append("A DPO wrote it, so you take the DPO's step on it as deputy DPO.")
    return f"{dpia} was submitted for the DPO's review", "\n".join(body)


def _dpia_returned(dpia: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    return (
        f"{dpia} was returned to you for changes",
        f"Returned at {_when(reminder)}. The DPO commented on named steps: make the changes, "
        "mark each comment resolved and submit the DPIA again.",
    )


def _dpia_sign_off(dpia: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    why = (
        "Its highest residual risk is high, so the SIRO signs it off; the prior consultation "
        "with the ICO (UK GDPR Art 36) must be recorded first."
        if _signs_off(dpia) == Role.SIRO
        else "Its highest residual risk is low or medium, so the Director signs it off."
    )
    return (
        f"{dpia} is waiting for your sign-off",
        f"The DPO gave their advice at {_when(reminder)}. {why}",
    )


def _dpia_decided(dpia: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    # Approved DPIAs are later superseded by their revision; rejection is the only other end.
    outcome = "rejected" if dpia.status == DpiaStatus.REJECTED else "approved"
    signer = dpia.signed_off_by if outcome == "approved" and dpia.signed_off_by else None
    by = f" by {signer}" if signer else ""
    body = f"It was {outcome}{by} at {_when(reminder)}."
    if outcome == "rejected":
        body += " The reasons are on its timeline."
    return f"{dpia} was {outcome}", body


def _consultation_opened(consultation: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    due = f" by {_day(consultation.due_on)}" if consultation.due_on else ""
    return (
        f"The VPP asks {consultation.organisation} about ‘{consultation.product}’",
        f"Please answer in the portal{due}: whether {consultation.organisation} agrees to its "
        "data being used in this product, and on what conditions.",
    )


def _breach_partner_data(breach: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    return (
        f"Decide whether to tell {breach.organisation} about breach {breach.reference}",
        f"Breach {breach} involves data of {breach.organisation}. You are asked as the Data "
        "Protection Officer: record whether the partner is told, and why, on the breach's page.",
    )


def _breach_partner_told(breach: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    # Only the reference, the date and the partner's own name: the breach's summary and notes
    # may name other partners or the people affected, which this partner must not see.
    return (
        f"A data breach involving {breach.organisation}'s data: {breach.reference}",
        f"The VPP became aware on {_day(breach.became_aware_at)} of a breach involving data "
        f"{breach.organisation} shared with the partnership, and its Data Protection Officer "
        "decided to tell you. The DPO will contact your organisation's data protection lead "
        "with what you need to know.",
    )


def _decision_page(breach: Any) -> str:
    return reverse("governance:breach_partner_decision", kwargs={"pk": breach.pk})


def _respond_page(consultation: Any) -> str:
    return reverse("sharing:consultation_respond", kwargs={"pk": consultation.pk})


def _requester(job: Any, audience: Audience) -> Recipients:
    return _once((_active([job.requested_by_id], audience), False))


def _report_ready(job: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    kept = f" It can be downloaded until {_at(job.expires_at)}." if job.expires_at else ""
    return f"{job.title} is ready", f"It was produced at {_when(reminder)}.{kept}"


def _owner_or_dpo(agreement: Any, audience: Audience) -> Recipients:
    """The agreement's owner; the DPO when it has no active owner, so someone hears."""
    owner = _active([agreement.owner_id], audience)
    return _once((owner, False)) if owner else _once((audience.dpo_ids, True))


def _agreement_expired(agreement: Any, reminder: Reminder, as_dpo: bool) -> tuple[str, str]:
    ended = f"on {_day(agreement.expires_on)}" if agreement.expires_on else "on its expiry date"
    owner = " It has no owner, so you are told as the DPO." if as_dpo else ""
    return (
        f"Agreement ‘{agreement}’ has expired",
        f"It reached its expiry date {ended} and is now recorded as expired. Data sources and "
        "processing activities it covered are no longer covered: renew it, or move them to an "
        f"agreement in force.{owner}",
    )


def _notifications_page(record: Any) -> str:
    return reverse("governance:notification_list")


_DPIA_PEOPLE = ("author", "submitted_by", "advised_by", "review_owner")

EVENTS: dict[ReminderKind, Event] = {
    spec.kind: spec
    for spec in (
        Event(
            ReminderKind.DPIA_SUBMITTED,
            "governance.Dpia",
            _submitted_to,
            _dpia_submitted,
            people_fields=_DPIA_PEOPLE,
            related=("author", "submitted_by"),
        ),
        Event(
            ReminderKind.DPIA_RETURNED,
            "governance.Dpia",
            _returned_to,
            _dpia_returned,
            people_fields=_DPIA_PEOPLE,
        ),
        Event(
            ReminderKind.DPIA_SIGN_OFF,
            "governance.Dpia",
            _sign_off_by,
            _dpia_sign_off,
            people_fields=_DPIA_PEOPLE,
            prefetch=("risks",),
        ),
        Event(
            ReminderKind.DPIA_DECIDED,
            "governance.Dpia",
            _decided_for,
            _dpia_decided,
            people_fields=_DPIA_PEOPLE,
            related=("signed_off_by",),
        ),
        Event(
            ReminderKind.CONSULTATION_OPENED,
            "sharing.Consultation",
            _partner_contacts("organisation"),
            _consultation_opened,
            link=_respond_page,
            tells_partner=True,
            partner_organisation_field="organisation",
            related=("product", "organisation"),
        ),
        Event(
            ReminderKind.BREACH_PARTNER_DATA,
            "governance.Breach",
            _the_dpo,
            _breach_partner_data,
            link=_decision_page,
            related=("organisation",),
        ),
        Event(
            ReminderKind.BREACH_PARTNER_TOLD,
            "governance.Breach",
            _partner_contacts("organisation"),
            _breach_partner_told,
            link=_notifications_page,
            tells_partner=True,
            partner_organisation_field="organisation",
            related=("organisation",),
        ),
        # An agreement expired (the daily job, or by hand): its owner renews or replaces it.
        Event(
            ReminderKind.AGREEMENT_EXPIRED,
            "sharing.Agreement",
            _owner_or_dpo,
            _agreement_expired,
            people_fields=("owner",),
        ),
        # A report job finished: only its requester may open or download it.
        Event(
            ReminderKind.REPORT_READY,
            "governance.ReportJob",
            _requester,
            _report_ready,
            people_fields=("requested_by",),
        ),
    )
}


def is_event(kind: str) -> bool:
    return kind in EVENTS


def record_event(kind: ReminderKind, record: Model, *, at: datetime | None = None) -> None:
    """Write the ledger row of one event, in the caller's transaction, and send it once that
    commits. Written again for the same moment, it is ignored (the unique constraint)."""
    at = at or timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=kind,
                object_id=record.pk,
                due_on=timezone.localdate(at),
                due_at=at,
                stage=ReminderStage.EVENT,
                created_at=at,
            )
        ],
        ignore_conflicts=True,
    )
    # Imported here: the task module imports the reminder machinery, which imports this one.
    from ..tasks import deliver_reminders

    deliver_reminders.delay_on_commit()


def agreement_did_expire(sender: Any, agreement: Model, **kwargs: Any) -> None:
    """``sharing.signals.agreement_expired``: tell the agreement's owner, once."""
    record_event(ReminderKind.AGREEMENT_EXPIRED, agreement)


def consultation_was_opened(sender: Any, consultation: Model, **kwargs: Any) -> None:
    """``sharing.signals.consultation_opened``: tell the consulted partner's contacts."""
    record_event(
        ReminderKind.CONSULTATION_OPENED,
        consultation,
        at=getattr(consultation, "requested_at", None),
    )
