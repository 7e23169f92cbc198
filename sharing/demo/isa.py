"""The Humber demo's data sharing code items and its agreement past its expiry date.

The police ISA covers every item of the code; the Hull ISA leaves some missing (its finding
names them); the fire service's ISA for arson referrals passed its expiry date a few days ago
and is still active until the daily expiry job runs (``make run`` runs it at start). Loading
again adds nothing: answers are recorded only for items with none, and the fire ISA is made
only if missing.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from vpp_portal.editing import save_register_row

from ..choices import IsaItem
from ..models import Agreement, AgreementCodeItem, AgreementParty, Organisation
from ..services.code_items import agreement_code_items_save
from .data import FIRE, HOST, HULL_ISA, POLICE_ISA

REASON = "Humber demo data: data sharing code items"

#: Item → (answer, section of the signed agreement).
POLICE_ANSWERS: dict[str, tuple[str, str]] = {
    IsaItem.PARTIES: (
        "The OPCC and Humberside Police, through their DPOs. A HIGA member joins by signing "
        "the schedule of parties and leaves with three months' notice.",
        "Section 2 and Schedule 1",
    ),
    IsaItem.SPECIAL_CONDITIONS: (
        "Criminal offence data under DPA 2018 Schedule 1 paragraph 6 (statutory purposes) "
        "and paragraph 10 (preventing or detecting unlawful acts).",
        "Section 6",
    ),
    IsaItem.RIGHTS: (
        "Each party answers requests about the data it holds; requests about shared extracts "
        "are passed to the police's disclosure unit within five working days.",
        "Section 8",
    ),
    IsaItem.SECURITY: (
        "Transferred by Egress; held on the OPCC's UK SharePoint, restricted to the analysts.",
        "Section 9",
    ),
    IsaItem.RETENTION: ("Extracts deleted after 12 months, confirmed to the police.", "Section 10"),
    IsaItem.DATA_QUALITY: ("The police correct errors found and send a fresh extract.", ""),
    IsaItem.BREACH: ("A party tells the other's DPO within 24 hours of becoming aware.", "Sec 11"),
    IsaItem.TRAINING: ("Analysts complete the police's data handling course first.", ""),
    IsaItem.TERMINATION: (
        "On ending or withdrawal, the OPCC deletes the extracts and confirms it in writing.",
        "Section 13",
    ),
}
#: The Hull ISA records some items only: the others show as missing.
HULL_ANSWERS: dict[str, tuple[str, str]] = {
    IsaItem.PARTIES: ("The OPCC and Hull City Council; no other party may join.", "Section 2"),
    IsaItem.SECURITY: ("Counts sent by e-mail within the council's secure domain.", ""),
    IsaItem.RETENTION: ("Kept for the needs assessment, then reviewed yearly.", ""),
}

FIRE_ISA = "Humberside Fire and Rescue arson referrals ISA"


def load_isa_items(*, actor: Any) -> None:
    """Record the demo ISAs' answers, for the items that have none yet."""
    for title, answers in ((POLICE_ISA, POLICE_ANSWERS), (HULL_ISA, HULL_ANSWERS)):
        agreement = Agreement.objects.filter(title=title).first()
        if agreement is None:
            continue
        recorded = set(
            AgreementCodeItem.objects.filter(agreement=agreement).values_list("item", flat=True)
        )
        missing = {item: value for item, value in answers.items() if item not in recorded}
        if missing:
            agreement_code_items_save(agreement, actor=actor, answers=missing, reason=REASON)


def load_lapsed_agreement(*, actor: Any) -> Agreement:
    """An active ISA whose expiry date passed three days ago: the daily job expires it."""
    existing = Agreement.objects.filter(title=FIRE_ISA).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    agreement = save_register_row(
        Agreement(
            title=FIRE_ISA,
            reference="HFRS-ISA-2024-002",
            kind="isa",
            template="higa_isa",
            purpose="Addresses of deliberate fires near schools, for the arson reduction work.",
            lawful_basis="public_task",
            legal_power="Crime and Disorder Act 1998 s.115.",
            data_items="Incident date, street, property type; no names.",
            status="active",
            starts_on=today - timedelta(days=2 * 365),
            expires_on=today - timedelta(days=3),
            owner=actor,
        ),
        actor=actor,
        reason="Humber demo data",
    )
    for name in (HOST, FIRE):
        save_register_row(
            AgreementParty(
                agreement=agreement,
                organisation=Organisation.objects.get(name=name),
                role="controller",
            ),
            actor=actor,
            reason="Humber demo data",
        )
    return agreement
