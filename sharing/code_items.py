"""What an Information Sharing Agreement must cover (the ICO data sharing code's items), and when
each item counts as covered.

One rule in two forms, held to the same answer by tests/sharing/test_isa_items.py: SQL
(``missing_condition``, for the finding, the agreement list's filter and the dashboard) and
Python (``coverage``, for the ISA's own page). An item is covered when the ISA records an answer
or a document reference for it (``AgreementCodeItem``), or when the agreement's own record
already holds it: its purpose, its data items, its lawful basis with the legal power, the
parties' roles (with the Art 26 arrangement for joint controllers) and its review date. The
special category and criminal offence conditions are not needed when the ISA shares neither.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format

from .choices import IsaItem, PartyRole

#: What the code expects under each item: the hint on the edit page and the ISA page.
GUIDANCE: dict[str, str] = {
    IsaItem.PURPOSE: "What the sharing is for, and the benefits it is expected to bring.",
    IsaItem.PARTIES: "Who the parties and their contacts are, and how a party joins the "
    "agreement or leaves it.",
    IsaItem.ROLES: "Each party's role (controller, joint controller, processor, recipient); joint "
    "controllers need an Art 26 arrangement saying who does what.",
    IsaItem.DATA_ITEMS: "The data items shared, no more than the purpose needs.",
    IsaItem.LAWFUL_BASIS: "The UK GDPR Art 6 lawful basis and, for public bodies, the legal power "
    "to share.",
    IsaItem.SPECIAL_CONDITIONS: "For special category or criminal offence data: the Art 9 and "
    "DPA 2018 Schedule 1 conditions relied on.",
    IsaItem.RIGHTS: "How individuals' rights, subject access and FOI requests, and complaints are "
    "handled between the parties.",
    IsaItem.SECURITY: "How the data is kept secure in transfer and in storage.",
    IsaItem.RETENTION: "How long each party keeps the data, and how it is deleted.",
    IsaItem.DATA_QUALITY: "How the parties keep the data accurate and up to date.",
    IsaItem.BREACH: "What a party does when a personal data breach happens, and whom it tells.",
    IsaItem.TRAINING: "The training people handling the data need.",
    IsaItem.REVIEW: "When and how the agreement is reviewed.",
    IsaItem.TERMINATION: "What happens to the data when the agreement ends or a party withdraws.",
}

ANSWERED = "answered"
ON_RECORD = "on_record"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"


@dataclass(frozen=True)
class ItemCoverage:
    """One item of the code on one ISA: how (or whether) it is covered."""

    item: str
    label: str
    state: str
    answer: str = ""
    document_reference: str = ""
    #: Where the agreement's own record covers it, or why it is not needed.
    detail: str = ""

    @property
    def is_covered(self) -> bool:
        return self.state != MISSING

    @property
    def guidance(self) -> str:
        return GUIDANCE[self.item]


# --- SQL -----------------------------------------------------------------------------------------


def _on_record_condition(item: str) -> Q | None:
    """Where the agreement's own columns cover ``item`` (``None``: only an answer does)."""
    from .models import AgreementParty

    if item == IsaItem.PURPOSE:
        return ~Q(purpose="")
    if item == IsaItem.DATA_ITEMS:
        return ~Q(data_items="")
    if item == IsaItem.LAWFUL_BASIS:
        return ~Q(legal_power="") & (~Q(lawful_basis="") | Q(allows_personal_data=False))
    if item == IsaItem.ROLES:
        parties = AgreementParty.objects.filter(agreement=OuterRef("pk"))
        joint = parties.filter(role=PartyRole.JOINT_CONTROLLER)
        return Q(Exists(parties)) & (~Q(Exists(joint)) | ~Q(art26_arrangement=""))
    if item == IsaItem.SPECIAL_CONDITIONS:
        return Q(has_special_category_data=False, has_criminal_offence_data=False)
    if item == IsaItem.REVIEW:
        return Q(review_on__isnull=False)
    return None


def covered_condition(item: str) -> Q:
    """The agreement (the outer query's row) covers ``item``."""
    from .models import AgreementCodeItem

    answered = AgreementCodeItem.objects.filter(agreement=OuterRef("pk"), item=item).exclude(
        answer="", document_reference=""
    )
    condition = Q(Exists(answered))
    on_record = _on_record_condition(item)
    return condition | on_record if on_record is not None else condition


def missing_condition() -> Q:
    """The agreement leaves at least one item of the code uncovered."""
    return reduce(or_, (~covered_condition(item) for item in IsaItem.values))


# --- Python --------------------------------------------------------------------------------------


def _on_record(agreement: Any, item: str, parties: list[Any]) -> tuple[str, str] | None:
    """(state, detail) where the agreement's own record covers ``item``; the Python form of
    ``_on_record_condition``."""
    if item == IsaItem.PURPOSE and agreement.purpose:
        return ON_RECORD, "Recorded as the agreement's purpose."
    if item == IsaItem.DATA_ITEMS and agreement.data_items:
        return ON_RECORD, "Recorded as the data shared."
    if (
        item == IsaItem.LAWFUL_BASIS
        and agreement.legal_power
        and (agreement.lawful_basis or not agreement.allows_personal_data)
    ):
        basis = agreement.get_lawful_basis_display() if agreement.lawful_basis else ""
        return ON_RECORD, f"{basis}; {agreement.legal_power}" if basis else agreement.legal_power
    if item == IsaItem.ROLES and parties:
        joint = any(p.role == PartyRole.JOINT_CONTROLLER for p in parties)
        if not joint:
            return ON_RECORD, "Each party's role is recorded under Parties."
        if agreement.art26_arrangement:
            return ON_RECORD, "Party roles and the Art 26 arrangement are recorded."
    if item == IsaItem.SPECIAL_CONDITIONS and not (
        agreement.has_special_category_data or agreement.has_criminal_offence_data
    ):
        return NOT_APPLICABLE, "Not needed: no special category or criminal offence data."
    if item == IsaItem.REVIEW and agreement.review_on is not None:
        return ON_RECORD, f"Review date {date_format(agreement.review_on, 'j F Y')}."
    return None


def coverage(agreement: Any) -> list[ItemCoverage]:
    """Every item of the code on ``agreement``, in the code's order. Reads the prefetched
    ``code_items`` and ``parties``, so a page that loaded them runs no query here."""
    rows = {row.item: row for row in agreement.code_items.all()}
    parties = list(agreement.parties.all())
    found = []
    for item, label in IsaItem.choices:
        row = rows.get(item)
        answer = row.answer if row else ""
        reference = row.document_reference if row else ""
        if answer or reference:
            state, detail = ANSWERED, ""
        else:
            state, detail = _on_record(agreement, item, parties) or (MISSING, "")
        found.append(ItemCoverage(item, str(label), state, answer, reference, detail))
    return found


def missing_labels(agreement: Any) -> list[str]:
    """The names of the items ``agreement`` leaves uncovered, in the code's order."""
    return [entry.label for entry in coverage(agreement) if not entry.is_covered]
