"""Agreements: what stops one being active (rule 4, and the signed copy), saving one, its
workflow steps and its signed documents."""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vpp_portal.documents import CONTENT_TYPES, checked_document
from vpp_portal.editing import save_register_row
from vpp_portal.workflow import transition_register_row

from ..choices import PERSONAL_DATA_AGREEMENT_KINDS, SIGNED_AGREEMENT_KINDS, PartyRole
from ..models import Agreement, AgreementParty, DataSource, SignedDocument
from ..signals import agreement_expired
from .parties import signs_elsewhere_decision


@dataclass(frozen=True)
class Problem:
    """Something that stops an agreement being active, and the page where it is put right."""

    message: str
    fix_url: str

    def __str__(self) -> str:
        return self.message


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def agreement_problems(agreement: Agreement, user: Any = None) -> list[Problem]:
    """What stops ``agreement`` being (or becoming) active, each with where it is put right
    (for ``user``, where given: a step they may not take links to where the page says who can).

    Reads the parties and documents through ``agreement.parties.all()`` and
    ``agreement.documents.all()``, so a page that prefetched them runs no query here.
    """
    edit = reverse("sharing:agreement_update", kwargs={"pk": agreement.pk})
    problems = []
    parties = list(agreement.parties.all())
    if not parties:
        problems.append(
            Problem(
                "Add the parties to the agreement.",
                reverse("sharing:agreementparty_create", kwargs={"agreement_pk": agreement.pk}),
            )
        )
    if any(p.role == PartyRole.JOINT_CONTROLLER for p in parties) and not (
        agreement.art26_arrangement.strip()
    ):
        problems.append(
            Problem(
                "Joint controllers need an Art 26 arrangement: record who does what before the "
                "agreement can be active.",
                f"{edit}#id_art26_arrangement",
            )
        )
    if agreement.starts_on is None:
        problems.append(Problem("Enter the date the agreement starts.", f"{edit}#id_starts_on"))
    if agreement.allows_personal_data and not agreement.lawful_basis:
        problems.append(
            Problem("Enter the lawful basis for sharing personal data.", f"{edit}#id_lawful_basis")
        )
    if agreement.expires_on and agreement.expires_on <= timezone.localdate():
        problems.append(
            Problem(
                "The expiry date has passed: change it, or record the agreement as expired.",
                f"{edit}#id_expires_on",
            )
        )
    problems.extend(signature_problems(agreement, parties, user=user))
    return problems


def signature_problems(
    agreement: Agreement, parties: list[AgreementParty] | None = None, *, user: Any = None
) -> list[Problem]:
    """What is missing to show that an MoU, ISA or Art 28 contract was signed: a signed copy
    uploaded, or, for every party, an accepted reason why it signs elsewhere. An acceptance
    links to the DPO's page, or for a ``user`` who may not accept it, to the party's row."""
    if agreement.kind not in SIGNED_AGREEMENT_KINDS or list(agreement.documents.all()):
        return []
    parties = list(agreement.parties.all()) if parties is None else parties
    upload = reverse("sharing:signeddocument_create", kwargs={"agreement_pk": agreement.pk})
    unsigned = [
        str(p.organisation)
        for p in parties
        if not p.signs_elsewhere_is_accepted and not p.signs_elsewhere_awaits_acceptance
    ]
    problems = []
    if unsigned or not parties:
        named = f": nothing shows that {_and(unsigned)} signed it" if unsigned else ""
        problems.append(
            Problem(
                "Upload the signed copy of the agreement. No signed document is attached"
                f"{named}. A party that signs a copy kept elsewhere needs the reason recorded "
                "on its row under Parties, and the DPO's acceptance.",
                upload,
            )
        )
    for party in parties:
        if party.signs_elsewhere_awaits_acceptance:
            problems.append(
                Problem(
                    f"{party.organisation} signs elsewhere, recorded by "
                    f"{party.signs_elsewhere_recorded_by or 'someone'}: the DPO has not yet "
                    "accepted that. Accept it, or upload the signed copy.",
                    reverse(
                        "sharing:agreementparty_accept_signs_elsewhere", kwargs={"pk": party.pk}
                    )
                    if user is None or signs_elsewhere_decision(user, party)
                    else f"{agreement.get_absolute_url()}#party-{party.pk}",
                )
            )
    return problems


def agreement_save(
    agreement: Agreement,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> Agreement:
    """Save an agreement's details; an active one must still meet rule 4, and one that covers
    personal data must go on allowing it (rule 2). The checks and the save are one
    transaction, under the agreement's row lock."""
    with transaction.atomic():
        # Checked as the row is stored, under its lock: an activation or a data source linked
        # meanwhile counts.
        stored = (
            Agreement.objects.select_for_update().get(pk=agreement.pk) if agreement.pk else None
        )
        if agreement.kind not in PERSONAL_DATA_AGREEMENT_KINDS:
            # An MoU or agreement-in-principle never allows personal data (the database agrees).
            agreement.allows_personal_data = False
            agreement.has_special_category_data = False
            agreement.has_criminal_offence_data = False
        elif (
            agreement.has_special_category_data or agreement.has_criminal_offence_data
        ) and not agreement.allows_personal_data:
            raise ValidationError(
                {
                    "allows_personal_data": (
                        "Special category and criminal offence data are personal data: tick "
                        "‘allows personal data’ too."
                    )
                }
            )
        if agreement.pk and not agreement.allows_personal_data:
            personal = DataSource.objects.filter(
                covering_agreement=agreement, has_personal_data=True
            )
            if personal.exists():
                names = ", ".join(str(source) for source in personal)
                field = (
                    "allows_personal_data"
                    if agreement.kind in PERSONAL_DATA_AGREEMENT_KINDS
                    else "kind"
                )
                raise ValidationError(
                    {
                        field: (
                            f"This agreement covers personal data ({names}): it must stay an "
                            "Information Sharing Agreement or Art 28 contract that allows personal "
                            "data. Move those data sources to another agreement first."
                        )
                    }
                )
        if stored is not None and stored.is_active:
            missing_arrangement = (
                agreement.parties.filter(role=PartyRole.JOINT_CONTROLLER).exists()
                and not agreement.art26_arrangement.strip()
            )
            if missing_arrangement:
                raise ValidationError(
                    {
                        "art26_arrangement": (
                            "This active agreement has joint controllers: the Art 26 arrangement "
                            "cannot be left empty."
                        )
                    }
                )
        return save_register_row(
            agreement, actor=actor, reason=reason, expected_version=expected_version
        )


def agreement_start_drafting(agreement: Agreement, /, *, actor: Any, reason: str) -> Agreement:
    """Start drafting an agreement requested via a forum."""
    return transition_register_row(agreement, "start_drafting", actor=actor, reason=reason)


def agreement_start_negotiation(agreement: Agreement, /, *, actor: Any, reason: str) -> Agreement:
    """Record that the draft has gone to the parties for negotiation."""
    return transition_register_row(agreement, "start_negotiation", actor=actor, reason=reason)


def agreement_activate(agreement: Agreement, /, *, actor: Any, reason: str) -> Agreement:
    """Make an agreement active once it is complete (parties, dates, rule 4) and, for an MoU,
    ISA or Art 28 contract, shown to be signed (a signed copy, or every party's accepted reason
    for signing elsewhere); every missing item is listed at once (a wrong status is reported
    before them, by the workflow). Checked under the agreement's row lock, so a party or
    acceptance withdrawn at the same moment cannot slip past."""
    return transition_register_row(
        agreement,
        "activate",
        actor=actor,
        reason=reason,
        check=lambda current: [problem.message for problem in agreement_problems(current)],
    )


#: The reason the daily job records in an agreement's history when it expires it.
EXPIRED_ON_ITS_DATE = "Expired on its expiry date"


def agreement_expire(
    agreement: Agreement,
    /,
    *,
    actor: Any = None,
    reason: str = EXPIRED_ON_ITS_DATE,
    due_by: date | None = None,
) -> Agreement:
    """Record that an agreement has expired, by ``actor`` (``None``: the system, the daily
    job); the sources and activities it covers are no longer covered (rule 5), and its owner
    is told (``signals.agreement_expired``, in the same transaction). With ``due_by``, only an
    agreement whose expiry date is that day or earlier, checked under its row lock."""

    def check(current: Agreement) -> list[str]:
        if due_by is None or (current.expires_on is not None and current.expires_on <= due_by):
            return []
        return ["The agreement's expiry date has not come yet."]

    fallback = EXPIRED_ON_ITS_DATE if actor is None else "Recorded as expired"
    with transaction.atomic():
        expired = transition_register_row(
            agreement,
            "expire",
            actor=actor,
            reason=reason.strip() or fallback,
            check=check,
        )
        agreement_expired.send(sender=Agreement, agreement=expired)
    return expired


def agreement_terminate(agreement: Agreement, /, *, actor: Any, reason: str) -> Agreement:
    """End an agreement early; the sources it covers become uncovered (rule 5)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the agreement is being terminated."})
    return transition_register_row(agreement, "terminate", actor=actor, reason=reason)


def signed_document_add(
    agreement: Agreement, /, *, actor: Any, title: str, upload: UploadedFile, reason: str = ""
) -> SignedDocument:
    """Store a signed PDF or DOCX privately, after checking its content and size."""
    try:
        upload, kind = checked_document(upload, stem_length=80)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = SignedDocument(
        agreement=agreement,
        title=title,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=CONTENT_TYPES[kind],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    return save_register_row(document, actor=actor, reason=reason or "Signed document uploaded")
