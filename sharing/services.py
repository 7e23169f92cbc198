"""Every write to the sharing registers beyond a plain form save, and the strategy's rules.

Each service is atomic, records who and why in the history, and raises ``ValidationError``
with messages a user can act on (keyed by field where a field is at fault). The rules:

1. A partner-shared source needs a supplying organisation, an active covering agreement to
   which that organisation is a party, and a justification; a new collection needs one of
   the three permitted purposes.
2. A partner-shared source with personal data needs an ISA or Art 28 contract that allows
   personal data; an MoU alone is never enough.
3. A product for partners or the public that uses partner-shared data cannot be ready or
   published until every supplying organisation has agreed (with or without conditions).
4. Joint controllers on an agreement need the Art 26 arrangement recorded.
5. A partner-shared source whose covering agreement is not active is "uncovered" (derived:
   ``DataSource.is_uncovered`` and ``DataSourceQuerySet.uncovered``).
6. A role (SIRO, DPO, Director) has one holder at a time at each organisation: holders' periods
   never overlap, so a handover ends the old holder's period the day before the new one starts.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Field, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.choices import Role
from accounts.deciders import Decision, dpo_decision
from vpp_portal.documents import CONTENT_TYPES, checked_document
from vpp_portal.editing import save_links, save_register_row
from vpp_portal.workflow import transition_register_row

from .choices import (
    AGREEING_RESPONSES,
    PERSONAL_DATA_AGREEMENT_KINDS,
    SIGNED_AGREEMENT_KINDS,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    Audience,
    Collection,
    ConsultationResponse,
    DataClassification,
    PartyRole,
    ProductStatus,
)
from .models import (
    Agreement,
    AgreementParty,
    ConnectionRequest,
    Consultation,
    DataSource,
    Organisation,
    Product,
    RoleHolder,
    SignedDocument,
)
from .signals import consultation_opened

# ---------------------------------------------------------------------------------------------
# Data sources (rules 1, 2 and 5)
# ---------------------------------------------------------------------------------------------

#: The fields that belong to each classification; the others are cleared on save.
CLASSIFICATION_FIELDS = {
    DataClassification.OPEN: (
        "url",
        "publisher",
        "licence",
        "update_frequency",
        "last_refreshed_on",
    ),
    DataClassification.ONE_OFF_PUBLIC: ("citation", "published_on", "foi_reference"),
    DataClassification.PARTNER_SHARED: (
        "supplier",
        "covering_agreement",
        "justification",
        "collection",
        "new_collection_purpose",
    ),
}


def data_source_problems(source: DataSource) -> dict[str, list[str]]:
    """What stops ``source`` being saved as classified, by field (rules 1 and 2)."""
    problems: dict[str, list[str]] = defaultdict(list)
    if source.classification == DataClassification.OPEN:
        if not source.url:
            problems["url"].append("Enter the web address where the open data is published.")
        if not source.publisher:
            problems["publisher"].append("Enter who publishes the open data.")
    elif source.classification == DataClassification.ONE_OFF_PUBLIC:
        if not source.citation and not source.foi_reference:
            problems["citation"].append(
                "Enter the citation of the published paper, or the FOI reference."
            )
    elif source.classification == DataClassification.PARTNER_SHARED:
        _partner_shared_problems(source, problems)
    return dict(problems)


def _partner_shared_problems(source: DataSource, problems: dict[str, list[str]]) -> None:
    agreement = source.covering_agreement
    if source.supplier_id is None:
        problems["supplier"].append("Select the organisation that supplies the data.")
    if agreement is None:
        problems["covering_agreement"].append(
            "Select the active agreement that covers this data: partner-shared data needs one."
        )
    else:
        if not agreement.is_active:
            problems["covering_agreement"].append(
                f"‘{agreement}’ is {agreement.get_status_display().lower()}, not active: "
                "partner-shared data needs an active covering agreement."
            )
        if (
            source.supplier_id is not None
            and not agreement.parties.filter(organisation_id=source.supplier_id).exists()
        ):
            problems["covering_agreement"].append(
                f"{source.supplier} is not a party to ‘{agreement}’: choose an agreement the "
                "supplying organisation has signed."
            )
        if source.has_personal_data and agreement.kind not in PERSONAL_DATA_AGREEMENT_KINDS:
            problems["covering_agreement"].append(
                f"‘{agreement}’ is a {agreement.get_kind_display()}, which can never cover "
                "personal data: an MoU alone is never enough. Choose an Information Sharing "
                "Agreement or Art 28 contract that allows personal data."
            )
        elif source.has_personal_data and not agreement.allows_personal_data:
            problems["covering_agreement"].append(
                f"‘{agreement}’ does not allow personal data. Choose an agreement that allows "
                "it, or record on the agreement that its parties agreed to share personal data."
            )
    if not source.justification.strip():
        problems["justification"].append(
            "Explain why open or published data (classes 1 and 2) is not enough."
        )
    if not source.collection:
        problems["collection"].append(
            "Say whether the partner already collects this data or it is a new collection."
        )
    elif source.collection == Collection.NEW and not source.new_collection_purpose:
        problems["new_collection_purpose"].append(
            "A new collection is only allowed for scoping, designing or reviewing a "
            "commissioned intervention: choose which."
        )


def data_source_save(
    *, actor: Any, source: DataSource, reason: str = "", expected_version: int | None = None
) -> DataSource:
    """Save a data source, clearing fields of other classifications, if the rules allow it."""
    for classification, fields in CLASSIFICATION_FIELDS.items():
        if classification != source.classification:
            for name in fields:
                field = DataSource._meta.get_field(name)
                assert isinstance(field, Field)
                setattr(source, field.attname, None if field.null else "")
    if source.collection != Collection.NEW:
        source.new_collection_purpose = ""
    problems = data_source_problems(source)
    if problems:
        raise ValidationError(problems)
    return save_register_row(source, actor=actor, reason=reason, expected_version=expected_version)


# ---------------------------------------------------------------------------------------------
# Agreements (rule 4) and their parties and documents
# ---------------------------------------------------------------------------------------------


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
    *, actor: Any, agreement: Agreement, reason: str = "", expected_version: int | None = None
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


def agreement_party_save(
    *, actor: Any, party: AgreementParty, reason: str = "", expected_version: int | None = None
) -> AgreementParty:
    """Add or change a party; a joint controller on an active agreement needs rule 4 met, and
    an organisation supplying data under an active agreement cannot be swapped out (rule 1).

    The agreement's row is locked first, so the checks see the status an activation or
    termination at the same moment leaves. A party given another organisation loses the
    previous organisation's reason for signing elsewhere.
    """
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
        party.agreement = agreement
        if party.pk:
            before = AgreementParty.objects.select_for_update().get(pk=party.pk)
            if before.organisation_id != party.organisation_id:
                if agreement.is_active:
                    _refuse_if_supplying(before, field="organisation")
                _clear_signs_elsewhere(party)
        if (
            party.role == PartyRole.JOINT_CONTROLLER
            and agreement.is_active
            and not agreement.art26_arrangement.strip()
        ):
            raise ValidationError(
                {
                    "role": (
                        "Record the Art 26 arrangement on the agreement before adding a joint "
                        "controller to an active agreement."
                    )
                }
            )
        return save_register_row(
            party, actor=actor, reason=reason, expected_version=expected_version
        )


def _clear_signs_elsewhere(party: AgreementParty) -> None:
    party.signs_elsewhere_reason = ""
    party.signs_elsewhere_recorded_by = None
    party.signs_elsewhere_recorded_at = None
    party.signs_elsewhere_accepted_by = None
    party.signs_elsewhere_accepted_at = None


#: What accepting a party's reason for signing elsewhere is, in the words of a refusal.
ACCEPT_SIGNS_ELSEWHERE = "accept that this party signs elsewhere"


def signs_elsewhere_decision(user: Any, party: AgreementParty) -> Decision:
    """May ``user`` accept ``party``'s recorded reason for signing elsewhere?

    A DPO decision (``accounts.deciders``): never by the person who recorded the reason; on a
    reason a DPO recorded, another DPO or the SIRO as deputy DPO accepts it.
    """
    recorder = party.signs_elsewhere_recorded_by if party.signs_elsewhere_recorded_by_id else None
    return dpo_decision(
        user,
        permission="sharing.change_agreement",
        wrote_it=recorder is not None and recorder.pk == getattr(user, "pk", None),
        written_by_dpo=recorder is not None and recorder.role == Role.DPO,
        what=ACCEPT_SIGNS_ELSEWHERE,
    )


def _locked_party(party: AgreementParty) -> tuple[Agreement, AgreementParty]:
    """The party's agreement and the party as stored, both locked (agreement first, as every
    agreement service locks them)."""
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    current = (
        AgreementParty.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk)
    )
    current.agreement = agreement
    return agreement, current


def _refuse_if_ended(agreement: Agreement) -> None:
    if agreement.status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED):
        raise ValidationError(
            f"‘{agreement}’ is {agreement.get_status_display().lower()}: how its parties "
            "signed is part of the record and can no longer be changed."
        )


def agreement_party_record_signs_elsewhere(
    *, actor: Any, party: AgreementParty, reason: str, expected_version: int | None = None
) -> AgreementParty:
    """Record why ``party`` signs a copy that is not uploaded here (and where it is kept).

    The reason then waits for the DPO's acceptance (``agreement_party_accept_signs_elsewhere``);
    a changed reason needs accepting again. On an active agreement with no signed copy, an
    accepted reason is what keeps it active, so it cannot be replaced there.
    """
    text = reason.strip()
    if not text:
        raise ValidationError(
            {
                "signs_elsewhere_reason": (
                    "Say where this party's signed copy is kept and why it is not uploaded here."
                )
            }
        )
    with transaction.atomic():
        agreement, current = _locked_party(party)
        _refuse_if_ended(agreement)
        if (
            agreement.is_active
            and current.signs_elsewhere_is_accepted
            and not agreement.documents.exists()
        ):
            raise ValidationError(
                "This agreement is active because the DPO accepted this reason and no signed "
                "copy is uploaded: upload the signed copy before changing the reason."
            )
        current.signs_elsewhere_reason = text
        current.signs_elsewhere_recorded_by = actor
        current.signs_elsewhere_recorded_at = timezone.now()
        current.signs_elsewhere_accepted_by = None
        current.signs_elsewhere_accepted_at = None
        return save_register_row(
            current,
            actor=actor,
            reason=f"Recorded that {current.organisation} signs elsewhere, for the DPO to accept",
            expected_version=expected_version,
        )


def agreement_party_accept_signs_elsewhere(
    *, actor: Any, party: AgreementParty, note: str = ""
) -> AgreementParty:
    """The DPO accepts a party's recorded reason for signing elsewhere (the DPO's decision:
    see ``signs_elsewhere_decision``). The accepting user and time are recorded."""
    with transaction.atomic():
        agreement, current = _locked_party(party)
        _refuse_if_ended(agreement)
        if not current.signs_elsewhere_reason:
            raise ValidationError(
                f"No reason is recorded for {current.organisation} signing elsewhere, so there "
                "is nothing to accept."
            )
        if current.signs_elsewhere_is_accepted:
            when = timezone.localtime(current.signs_elsewhere_accepted_at)  # type: ignore[arg-type]
            raise ValidationError(
                f"{current.signs_elsewhere_accepted_by} already accepted this on {when:%d %B %Y}."
            )
        decision = signs_elsewhere_decision(actor, current)
        if not decision:
            raise ValidationError(decision.refusal)
        current.signs_elsewhere_accepted_by = actor
        current.signs_elsewhere_accepted_at = timezone.now()
        why = f"Accepted that {current.organisation} signs elsewhere"
        if decision.as_deputy:
            why += " (as deputy DPO)"
        if note.strip():
            why += f": {note.strip()}"
        return save_register_row(current, actor=actor, reason=why[:255])


def _refuse_if_supplying(party: AgreementParty, field: str | None = None) -> None:
    """A supplier leaving an active agreement would leave its data uncovered (rule 1)."""
    covered = DataSource.objects.filter(
        covering_agreement=party.agreement_id, supplier=party.organisation_id
    ).order_by("name")
    if covered.exists():
        names = ", ".join(str(s) for s in covered)
        message = (
            f"{party.organisation} supplies data under this agreement ({names}): change those "
            "data sources first."
        )
        raise ValidationError({field: message} if field else message)


def agreement_party_remove(*, actor: Any, party: AgreementParty, reason: str) -> None:
    """Remove a party; its history row records who removed it and why."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
        if agreement.is_active:
            _refuse_if_supplying(party)
            if not agreement.parties.exclude(pk=party.pk).exists():
                raise ValidationError(
                    "An active agreement needs its parties: this is the last one. Terminate "
                    "the agreement instead."
                )
        party.updated_by = actor
        party._change_reason = reason  # type: ignore[attr-defined]
        party._history_user = actor  # type: ignore[attr-defined]
        party.delete()


def _transition_agreement(
    agreement: Agreement, name: str, *, actor: Any, reason: str, check: Any = None
) -> Agreement:
    return transition_register_row(agreement, name, actor=actor, reason=reason, check=check)


def agreement_start_drafting(*, actor: Any, agreement: Agreement, reason: str) -> Agreement:
    return _transition_agreement(agreement, "start_drafting", actor=actor, reason=reason)


def agreement_start_negotiation(*, actor: Any, agreement: Agreement, reason: str) -> Agreement:
    return _transition_agreement(agreement, "start_negotiation", actor=actor, reason=reason)


def agreement_activate(*, actor: Any, agreement: Agreement, reason: str) -> Agreement:
    """Make an agreement active once it is complete (parties, dates, rule 4) and, for an MoU,
    ISA or Art 28 contract, shown to be signed (a signed copy, or every party's accepted reason
    for signing elsewhere); every missing item is listed at once (a wrong status is reported
    before them, by the workflow). Checked under the agreement's row lock, so a party or
    acceptance withdrawn at the same moment cannot slip past."""
    return _transition_agreement(
        agreement,
        "activate",
        actor=actor,
        reason=reason,
        check=lambda current: [problem.message for problem in agreement_problems(current)],
    )


def agreement_expire(*, actor: Any, agreement: Agreement, reason: str) -> Agreement:
    """Record that an agreement has expired; the sources it covers become uncovered (rule 5)."""
    return _transition_agreement(agreement, "expire", actor=actor, reason=reason)


def agreement_terminate(*, actor: Any, agreement: Agreement, reason: str) -> Agreement:
    """End an agreement early; the sources it covers become uncovered (rule 5)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the agreement is being terminated."})
    return _transition_agreement(agreement, "terminate", actor=actor, reason=reason)


AGREEMENT_TRANSITIONS = {
    "start_drafting": agreement_start_drafting,
    "start_negotiation": agreement_start_negotiation,
    "activate": agreement_activate,
    "expire": agreement_expire,
    "terminate": agreement_terminate,
}


def signed_document_add(
    *, actor: Any, agreement: Agreement, title: str, upload: UploadedFile, reason: str = ""
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


# ---------------------------------------------------------------------------------------------
# Connection requests via forums
# ---------------------------------------------------------------------------------------------


def connection_request_connect(
    *,
    actor: Any,
    request: ConnectionRequest,
    reason: str,
    agreement: Agreement | None = None,
    create_agreement: bool = False,
) -> ConnectionRequest:
    """The forum has connected the VPP: link the agreement it leads to (or start one).

    ``create_agreement`` starts a draft ISA via the forum, with the core team's host and the
    members to connect as controllers, in the same transaction as the decision.
    """
    if agreement is None and not create_agreement:
        raise ValidationError(
            {
                "agreement": (
                    "Select the agreement the connection leads to, or tick the box to start "
                    "a new one."
                )
            }
        )
    with transaction.atomic():
        # Decided once: checked under the row lock, before any agreement is started.
        _still_requested(
            ConnectionRequest.objects.select_for_update().get(pk=request.pk), "connected"
        )
        if agreement is None:
            agreement = _agreement_via_forum(actor, request)

        def link(current: ConnectionRequest) -> None:
            current.agreement = agreement
            current.decided_on = timezone.localdate()
            current.decision_notes = reason

        return transition_register_row(
            request, "connect", actor=actor, reason=reason, before_save=link
        )


def _agreement_via_forum(actor: Any, request: ConnectionRequest) -> Agreement:
    forum = request.forum
    members = list(request.organisations.all())
    title = f"ISA with {', '.join(m.name for m in members)} via {forum}"
    if len(title) > Agreement._meta.get_field("title").max_length:  # type: ignore[operator]
        title = f"ISA with {len(members)} members of {forum}"
    agreement = save_register_row(
        Agreement(
            title=title,
            kind=AgreementKind.ISA,
            template=AgreementTemplate.HIGA_ISA,
            via_forum=forum,
            purpose=request.purpose,
            status=AgreementStatus.DRAFTING,
            owner=actor,
        ),
        actor=actor,
        reason=f"Started from {request}",
    )
    host = Organisation.objects.filter(is_core_team_host=True).first()
    # The host may itself be one of the forum's members: it is a party once.
    for organisation in dict.fromkeys([*([host] if host else []), *members]):
        save_register_row(
            AgreementParty(
                agreement=agreement, organisation=organisation, role=PartyRole.CONTROLLER
            ),
            actor=actor,
            reason=f"Started from {request}",
        )
    return agreement


def connection_request_decline(
    *, actor: Any, request: ConnectionRequest, reason: str
) -> ConnectionRequest:
    """The forum has said no: record when and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Record why the forum declined."})

    def record(current: ConnectionRequest) -> None:
        current.decided_on = timezone.localdate()
        current.decision_notes = reason

    with transaction.atomic():
        _still_requested(
            ConnectionRequest.objects.select_for_update().get(pk=request.pk), "declined"
        )
        return transition_register_row(
            request, "decline", actor=actor, reason=reason, before_save=record
        )


def _still_requested(request: ConnectionRequest, outcome: str) -> None:
    """A forum decides a request once: a decided one is refused with what happened to it."""
    from .choices import ForumConnectionStatus

    if request.status != ForumConnectionStatus.REQUESTED:
        when = f" on {request.decided_on:%d %B %Y}" if request.decided_on else ""
        raise ValidationError(
            f"This request was already {request.get_status_display().lower()}{when}, so it "
            f"cannot be {outcome}. To ask the forum again, make a new connection request."
        )


# ---------------------------------------------------------------------------------------------
# Products and consultations (rule 3)
# ---------------------------------------------------------------------------------------------


def product_suppliers(
    product: Product, sources: Iterable[DataSource] | None = None
) -> list[Organisation]:
    """The organisations whose partner-shared data the product uses (or would use, given
    ``sources``), by name."""
    suppliers = {
        source.supplier
        for source in (product.data_sources.all() if sources is None else sources)
        if source.classification == DataClassification.PARTNER_SHARED and source.supplier
    }
    return sorted(suppliers, key=lambda o: o.name)


def product_consultation_problems(
    product: Product, sources: Iterable[DataSource] | None = None
) -> list[str]:
    """Why ``product`` cannot yet be ready or published (rule 3); empty when it can.

    ``sources`` checks the data sources an edit is about to give the product instead of its
    current ones.
    """
    if not product.needs_consultation:
        return []
    answers = {c.organisation_id: c for c in product.consultations.all()}
    problems = []
    for supplier in product_suppliers(product, sources):
        consultation = answers.get(supplier.pk)
        if consultation is None:
            problems.append(f"{supplier} has not been consulted about this product.")
        elif consultation.response == ConsultationResponse.DECLINED:
            when = (
                timezone.localtime(consultation.responded_at) if consultation.responded_at else None
            )
            on = f" on {when:%d %B %Y}" if when else ""
            audience = "the public" if product.audience == Audience.PUBLIC else "partners"
            problems.append(
                f"{supplier} declined{on}: the product cannot go to {audience} with their data."
            )
        elif consultation.response not in AGREEING_RESPONSES:
            problems.append(f"{supplier} has not answered the consultation yet.")
    return problems


#: Product states in which the suppliers must already have agreed (rule 3).
_AGREED_STATES = (ProductStatus.READY, ProductStatus.PUBLISHED)
#: Product states in which consultations are over: nobody is asked or answers any more.
_CLOSED_STATES = (ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN)


def product_save(
    *,
    actor: Any,
    product: Product,
    data_sources: Iterable[DataSource],
    reason: str = "",
    expected_version: int | None = None,
) -> Product:
    """Save a product and the data sources it uses as one change: one history row, which
    holds the links as they now stand.

    A ready or published product keeps to rule 3: its audience and data sources can change
    only if every supplier of partner-shared data in them has agreed.
    """
    sources = list(data_sources)
    with transaction.atomic():
        # The rule is checked against the status as stored, under the row lock, so a product
        # marked ready or published meanwhile is held to it; row, links and history row then
        # commit together or not at all.
        stored = Product.objects.select_for_update().get(pk=product.pk) if product.pk else None
        if stored is not None and stored.status in _AGREED_STATES:
            problems = product_consultation_problems(product, sources)
            if problems:
                raise ValidationError(
                    [
                        f"‘{product}’ is {stored.get_status_display().lower()}, so every "
                        "organisation whose data it uses must have agreed. Return it to draft "
                        "to make this change and consult again.",
                        *problems,
                    ]
                )
        product = save_register_row(
            product, actor=actor, reason=reason, expected_version=expected_version
        )
        save_links(product, {"data_sources": sources})
    return product


def product_request_consultation(
    *, actor: Any, product: Product, reason: str, due_on: datetime.date | None = None
) -> Product:
    """Ask every supplier not yet consulted, and wait for their answers."""

    def check(current: Product) -> list[str]:
        if not current.needs_consultation:
            return ["An internal product needs no consultation: mark it ready instead."]
        if not product_suppliers(current):
            return ["The product uses no partner-shared data, so there is nobody to consult."]
        return []

    def ask(current: Product) -> None:
        consulted = set(current.consultations.values_list("organisation_id", flat=True))
        for supplier in product_suppliers(current):
            if supplier.pk not in consulted:
                consultation = save_register_row(
                    Consultation(
                        product=current,
                        organisation=supplier,
                        requested_by=actor,
                        due_on=due_on,
                    ),
                    actor=actor,
                    reason=reason,
                )
                consultation_opened.send(sender=Consultation, consultation=consultation)

    return transition_register_row(
        product, "request_consultation", actor=actor, reason=reason, check=check, before_save=ask
    )


def product_mark_ready(*, actor: Any, product: Product, reason: str) -> Product:
    """Mark a product ready once every supplier of its partner-shared data agreed (rule 3)."""
    return transition_register_row(
        product, "mark_ready", actor=actor, reason=reason, check=product_consultation_problems
    )


def product_publish(*, actor: Any, product: Product, reason: str) -> Product:
    """Publish; the consultation rule is checked again in case sources changed since ready."""
    return transition_register_row(
        product, "publish", actor=actor, reason=reason, check=product_consultation_problems
    )


def product_withdraw(*, actor: Any, product: Product, reason: str) -> Product:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the product is being withdrawn."})
    return transition_register_row(product, "withdraw", actor=actor, reason=reason)


def product_return_to_draft(*, actor: Any, product: Product, reason: str) -> Product:
    return transition_register_row(product, "return_to_draft", actor=actor, reason=reason)


PRODUCT_TRANSITIONS = {
    "request_consultation": product_request_consultation,
    "mark_ready": product_mark_ready,
    "publish": product_publish,
    "withdraw": product_withdraw,
    "return_to_draft": product_return_to_draft,
}


def consultation_save(
    *,
    actor: Any,
    consultation: Consultation,
    reason: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """Consult one more organisation about a product, or change when its answer is due.

    An organisation is consulted once per product, and nobody is consulted once the product
    is published or withdrawn.
    """
    with transaction.atomic():
        # The product's row lock orders this after a publish or withdrawal at the same moment.
        product = Product.objects.select_for_update().get(pk=consultation.product_id)
        if product.status in _CLOSED_STATES:
            raise ValidationError(
                f"‘{product}’ is {product.get_status_display().lower()}: nobody can be "
                "consulted about it any more, and its consultations are the record of what "
                "was agreed."
            )
        if consultation.pk is None:
            consultation.requested_by = actor
            consultation.requested_at = timezone.now()
        organisation = consultation.organisation if consultation.organisation_id else None
        if (
            organisation is not None
            and Consultation.objects.filter(product=product, organisation=organisation)
            .exclude(pk=consultation.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "organisation": (
                        f"{organisation} has already been consulted about ‘{product}’: choose "
                        "another organisation, or open that consultation from the product's "
                        "page."
                    )
                }
            )
        is_new = consultation.pk is None
        saved = save_register_row(
            consultation, actor=actor, reason=reason, expected_version=expected_version
        )
        if is_new:
            consultation_opened.send(sender=Consultation, consultation=saved)
        return saved


def consultation_respond(
    *,
    actor: Any,
    consultation: Consultation,
    response: str,
    conditions: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """Record an organisation's answer (by its partner contact, or by staff on its behalf).

    The answer can change until the product is published or withdrawn; after that it is part
    of the record of what was agreed.
    """
    if response not in ConsultationResponse.values or response == ConsultationResponse.PENDING:
        raise ValidationError({"response": "Choose your organisation's answer."})
    if response == ConsultationResponse.AGREED_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError(
            {"conditions": "Enter the conditions your organisation sets on the use of its data."}
        )
    with transaction.atomic():
        # Under the product's row lock: an answer and a publish of the same product run one
        # after the other, so a product is never published on an answer changed meanwhile.
        product = Product.objects.select_for_update().get(pk=consultation.product_id)
        if product.status in _CLOSED_STATES:
            raise ValidationError(
                f"‘{product}’ is {product.get_status_display().lower()}: answers can no longer "
                "be changed. Contact the VPP core team."
            )
        consultation.response = response
        consultation.conditions = (
            conditions.strip() if response == ConsultationResponse.AGREED_WITH_CONDITIONS else ""
        )
        consultation.responded_at = timezone.now()
        consultation.responded_by = actor
        reason = f"Answered: {ConsultationResponse(response).label}"
        if getattr(actor, "organisation_id", None) != consultation.organisation_id:
            reason += f" (recorded on behalf of {consultation.organisation})"
        return save_register_row(
            consultation,
            actor=actor,
            reason=reason,
            expected_version=expected_version,
        )


# ---------------------------------------------------------------------------------------------
# Role holders (rule 6)
# ---------------------------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return format_date(value, "j F Y")


def overlapping_role_holder(holder: RoleHolder) -> RoleHolder | None:
    """Another holder of the same role at the same organisation whose period (inclusive dates)
    overlaps ``holder``'s; the earliest-starting one if several do."""
    if not (holder.organisation_id and holder.role and holder.starts_on):
        return None
    others = (
        RoleHolder.objects.filter(organisation=holder.organisation_id, role=holder.role)
        .exclude(pk=holder.pk)
        .select_related("organisation")
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=holder.starts_on))
    )
    if holder.ends_on is not None:
        others = others.filter(starts_on__lte=holder.ends_on)
    return others.order_by("starts_on", "pk").first()


def _overlap_problem(holder: RoleHolder, other: RoleHolder) -> tuple[str, str]:
    """The field to fix and what to say: who holds the role, from when, and how to hand over."""
    held = (
        f"{other.name} is the {other.get_role_display()} at {other.organisation} from "
        f"{_day(other.starts_on)}"
    )
    if other.starts_on > holder.starts_on:
        # This period runs on into a later holder's: end it before they start.
        latest = other.starts_on - datetime.timedelta(days=1)
        return "ends_on", (
            f"{held}. Periods cannot overlap: end this one on {_day(latest)} at the latest."
        )
    if other.ends_on is None:
        before = holder.starts_on - datetime.timedelta(days=1)
        return "starts_on", (
            f"{held}, with no end date. Periods cannot overlap: set their end date first (to "
            f"{_day(before)}, the day before this holder starts), then save this one."
        )
    after = other.ends_on + datetime.timedelta(days=1)
    return "starts_on", (
        f"{held} to {_day(other.ends_on)}. Periods cannot overlap: start this one on "
        f"{_day(after)} or later, or change their end date first."
    )


def role_holder_problems(holder: RoleHolder) -> dict[str, list[str]]:
    """What stops ``holder`` being saved, by field: dates in order, no overlap with another
    holder of the role, and a portal account that can receive the role's reminders."""
    problems: dict[str, list[str]] = defaultdict(list)
    if holder.starts_on and holder.ends_on and holder.ends_on < holder.starts_on:
        problems["ends_on"].append(
            f"The end date must be on or after the start date ({_day(holder.starts_on)})."
        )
    elif (other := overlapping_role_holder(holder)) is not None:
        field, message = _overlap_problem(holder, other)
        problems[field].append(message)
    account = holder.user if holder.user_id else None
    organisation = holder.organisation if holder.organisation_id else None
    if account is not None:
        if not account.is_active:
            problems["user"].append(
                f"{account}'s portal account is deactivated: choose an active account, or "
                "leave it empty."
            )
        elif account.is_partner and organisation is not None:
            if organisation.is_core_team_host:
                problems["user"].append(
                    f"{account} is a partner user: the core team's role holders need an "
                    "internal account, or none."
                )
            elif account.organisation_id != organisation.pk:
                problems["user"].append(
                    f"{account} is a partner user at another organisation: choose an account "
                    f"at {organisation} or an internal one, or leave it empty."
                )
    return dict(problems)


def role_holder_save(
    *,
    actor: Any,
    role_holder: RoleHolder,
    reason: str = "",
    expected_version: int | None = None,
) -> RoleHolder:
    """Record who holds a role at an organisation, or change their details or dates.

    The organisation's row is locked first, so two saves for the same organisation run one
    after the other: two people recording overlapping holders at once cannot both pass the
    overlap check.
    """
    with transaction.atomic():
        if role_holder.organisation_id is not None:
            list(
                Organisation.objects.select_for_update()
                .filter(pk=role_holder.organisation_id)
                .values_list("pk", flat=True)
            )
        problems = role_holder_problems(role_holder)
        if problems:
            raise ValidationError(problems)
        return save_register_row(
            role_holder, actor=actor, reason=reason, expected_version=expected_version
        )
