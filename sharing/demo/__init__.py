"""Load the Humber demo's sharing registers (``sharing.demo.data``) through the services.

Every loader leaves rows already present as they are, so loading twice changes nothing.
"""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from vpp_portal.editing import save_register_row

from ..choices import SIGNED_AGREEMENT_KINDS
from ..models import (
    Agreement,
    AgreementParty,
    ConnectionRequest,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
)
from ..services import (
    agreement_party_accept_signs_elsewhere,
    agreement_party_record_signs_elsewhere,
    data_source_save,
    signed_document_add,
)
from .data import (
    AGREEMENTS,
    CONNECTION_REQUEST,
    CONSULTATIONS,
    CONTACTS,
    DATA_SOURCES,
    FORUMS,
    HOST,
    ORGANISATIONS,
    PRODUCTS,
    ROLE_HOLDERS,
)

__all__ = [
    "HOST",
    "load_organisations",
    "load_role_holders",
    "load_sharing",
    "record_demo_signatures",
]

DEMO = "Humber demo data"


def load_organisations(actor: Any = None) -> dict[str, Organisation]:
    """Create or correct each organisation; rows already as listed are left untouched."""
    loaded = {}
    for name, kind in ORGANISATIONS:
        organisation = Organisation.objects.filter(name__iexact=name).first() or Organisation(
            name=name
        )
        wanted = {"kind": kind, "is_core_team_host": name == HOST}
        if organisation.pk is None or any(
            getattr(organisation, field) != value for field, value in wanted.items()
        ):
            for field, value in wanted.items():
                setattr(organisation, field, value)
            save_register_row(organisation, actor=actor, reason=DEMO)
        loaded[name] = organisation
    return loaded


def _get_or_save(model: Any, lookup: dict[str, Any], values: dict[str, Any], actor: Any) -> Any:
    """The row matching ``lookup``, created with ``values`` if missing (never overwritten)."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    return save_register_row(model(**lookup, **values), actor=actor, reason=DEMO)


def _demo_pdf(lines: list[str]) -> bytes:
    """A small real PDF (one page of text), standing in for a scanned signed copy."""

    def text(value: str) -> str:
        plain = value.replace("–", "-").replace("‘", "'").replace("’", "'")
        ascii_only = plain.encode("ascii", "replace").decode()
        return ascii_only.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({text(line)}) '" for line in lines)
    stream = body + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("ascii")


def record_demo_signatures(
    agreement: Any, *, actor: Any, signs_elsewhere: dict[str, str] | None = None
) -> None:
    """Give an active demo agreement the evidence activation asks for: its signed copy, or
    for each party in ``signs_elsewhere`` (organisation name → reason) the reason, recorded by
    ``actor`` and accepted by the demo DPO. Evidence already there is left as it is."""
    if not signs_elsewhere:
        if agreement.documents.exists():
            return
        parties = ", ".join(str(p.organisation) for p in agreement.parties.all())
        content = _demo_pdf(
            [
                str(agreement),
                f"Reference: {agreement.reference or 'none'}",
                f"Signed by: {parties}",
                "Demo placeholder for the signed copy held by the VPP core team.",
            ]
        )
        signed_document_add(
            agreement,
            actor=actor,
            title=f"{agreement.get_kind_display()} signed by all parties",
            upload=SimpleUploadedFile("signed-copy.pdf", content, "application/pdf"),
            reason="Humber demo data: signed copy",
        )
        return
    dpo = User.objects.filter(role=Role.DPO, is_active=True).exclude(pk=actor.pk).first()
    for party in agreement.parties.select_related("organisation"):
        reason = signs_elsewhere.get(party.organisation.name)
        if reason is None:
            continue
        if not party.signs_elsewhere_reason:
            party = agreement_party_record_signs_elsewhere(party, actor=actor, reason=reason)
        if party.signs_elsewhere_awaits_acceptance and dpo is not None:
            agreement_party_accept_signs_elsewhere(
                party, actor=dpo, note="Humber demo data: HIGA register checked"
            )


def load_sharing(*, actor: Any, partner_users: dict[str, Any]) -> None:
    """Contacts, forums, agreements, sources, products and consultations of the Humber demo.

    ``partner_users`` maps an organisation name to its demo partner login, who answers
    for it. Rows already present are left as they are, so loading twice changes nothing.
    """
    orgs = {o.name: o for o in Organisation.objects.all()}

    for organisation, name, role, email in CONTACTS:
        _get_or_save(
            Contact,
            {"organisation": orgs[organisation], "name": name},
            {"role": role, "email": email},
            actor,
        )

    forums = {}
    for name, acronym, purpose, members in FORUMS:
        forum = _get_or_save(Forum, {"name": name}, {"acronym": acronym, "purpose": purpose}, actor)
        if not forum.members.exists():
            forum.members.set([orgs[m] for m in members])
        forums[acronym] = forum

    agreements = {}
    for record in AGREEMENTS:
        values = {key: value for key, value in record.items() if key not in _AGREEMENT_LINKS}
        if "via_forum" in values:
            values["via_forum"] = forums[values["via_forum"]]
        agreement = _get_or_save(
            Agreement, {"title": record["title"]}, {"owner": actor, **values}, actor
        )
        for organisation, role in record["parties"]:
            _get_or_save(
                AgreementParty,
                {"agreement": agreement, "organisation": orgs[organisation]},
                {"role": role},
                actor,
            )
        if agreement.is_active and agreement.kind in SIGNED_AGREEMENT_KINDS:
            record_demo_signatures(
                agreement, actor=actor, signs_elsewhere=record.get("signs_elsewhere")
            )
        agreements[agreement.title] = agreement

    sources = {}
    for record in DATA_SOURCES:
        source = DataSource.objects.filter(name=record["name"]).first()
        if source is None:
            values = dict(record)
            if "supplier" in values:
                values["supplier"] = orgs[values["supplier"]]
            if "covering_agreement" in values:
                values["covering_agreement"] = agreements[values["covering_agreement"]]
            source = data_source_save(DataSource(owner=actor, **values), actor=actor, reason=DEMO)
        sources[source.name] = source

    products = {}
    for record in PRODUCTS:
        product = Product.objects.filter(title=record["title"]).first()
        if product is None:
            values = {key: value for key, value in record.items() if key != "data_sources"}
            product = save_register_row(Product(owner=actor, **values), actor=actor, reason=DEMO)
            product.data_sources.set([sources[name] for name in record["data_sources"]])
        products[product.title] = product

    now = timezone.now()
    for title, organisation, response, conditions in CONSULTATIONS:
        answered = response != "pending"
        _get_or_save(
            Consultation,
            {"product": products[title], "organisation": orgs[organisation]},
            {
                "requested_by": actor,
                "requested_at": now - timedelta(days=12),
                "due_on": timezone.localdate() + timedelta(days=9),
                "response": response,
                "conditions": conditions,
                "responded_at": now - timedelta(days=3) if answered else None,
                "responded_by": partner_users.get(organisation) if answered else None,
            },
            actor,
        )

    if not ConnectionRequest.objects.exists():
        request = save_register_row(
            ConnectionRequest(
                forum=forums[CONNECTION_REQUEST["forum"]],
                purpose=CONNECTION_REQUEST["purpose"],
                owner=actor,
            ),
            actor=actor,
            reason=DEMO,
        )
        request.organisations.set([orgs[name] for name in CONNECTION_REQUEST["organisations"]])


#: An agreement record's keys that are not values to save: its lookup and what is saved apart.
_AGREEMENT_LINKS = ("title", "parties", "signs_elsewhere")


def load_role_holders(*, actor: Any, users: dict[str, Any]) -> list[RoleHolder]:
    """The SIRO, DPO and Director of the OPCC (the demo's SIRO, DPO and Director logins, and a
    former DPO), and the SIRO and DPO of Humberside Police and Hull City Council, who have no
    portal account. ``users`` maps "siro", "dpo" and "director" to the demo logins. Rows already
    there are left as they are."""
    orgs = {o.name: o for o in Organisation.objects.all()}
    return [
        _get_or_save(
            RoleHolder,
            {"organisation": orgs[organisation], "role": role, "name": name},
            {
                "job_title": job_title,
                "email": email,
                "phone": phone,
                "address": address,
                "user": users.get(login) if login else None,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
            actor,
        )
        for (
            organisation,
            role,
            name,
            job_title,
            email,
            phone,
            address,
            login,
            starts_on,
            ends_on,
        ) in ROLE_HOLDERS
    ]
