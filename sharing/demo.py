"""The Humber partnership's organisations, as the Information Management Strategy lists them."""

from datetime import date
from typing import Any

from vpp_portal.editing import save_register_row

from .choices import SIGNED_AGREEMENT_KINDS, HolderRole
from .choices import OrganisationKind as Kind
from .models import Organisation, RoleHolder

HOST = "Office of the Police and Crime Commissioner for Humberside"

ORGANISATIONS: tuple[tuple[str, str], ...] = (
    (HOST, Kind.OTHER),
    ("Humberside Police", Kind.POLICE),
    ("Humberside Fire and Rescue Service", Kind.FIRE),
    ("Hull City Council", Kind.LOCAL_AUTHORITY),
    ("East Riding of Yorkshire Council", Kind.LOCAL_AUTHORITY),
    ("North Lincolnshire Council", Kind.LOCAL_AUTHORITY),
    ("North East Lincolnshire Council", Kind.LOCAL_AUTHORITY),
    ("NHS Humber and North Yorkshire Integrated Care Board", Kind.NHS),
    ("Hull University Teaching Hospitals NHS Trust", Kind.NHS),
    ("Northern Lincolnshire and Goole NHS Foundation Trust", Kind.NHS),
    ("Humber Teaching NHS Foundation Trust", Kind.NHS),
    ("The Probation Service (Yorkshire and the Humber)", Kind.PROBATION),
    ("Crown Prosecution Service (Yorkshire and Humberside)", Kind.CPS),
    ("HMP Hull", Kind.PRISON),
    ("HMP Humber", Kind.PRISON),
    ("HM Courts and Tribunals Service", Kind.COURTS),
    ("HM Prison Service", Kind.PRISON),
    ("Office for Health Improvement and Disparities (Yorkshire and the Humber)", Kind.OTHER),
    ("Department for Work and Pensions", Kind.OTHER),
    ("Liverpool John Moores University", Kind.UNIVERSITY),
)


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
            save_register_row(organisation, actor=actor, reason="Humber demo data")
        loaded[name] = organisation
    return loaded


# ---------------------------------------------------------------------------------------------
# The sharing landscape: forums, agreements, data sources, products and consultations.
# ---------------------------------------------------------------------------------------------

POLICE = "Humberside Police"
FIRE = "Humberside Fire and Rescue Service"
HULL = "Hull City Council"
EAST_RIDING = "East Riding of Yorkshire Council"
NORTH_LINCS = "North Lincolnshire Council"
NE_LINCS = "North East Lincolnshire Council"
ICB = "NHS Humber and North Yorkshire Integrated Care Board"
HUTH = "Hull University Teaching Hospitals NHS Trust"
NLAG = "Northern Lincolnshire and Goole NHS Foundation Trust"
HUMBER_FT = "Humber Teaching NHS Foundation Trust"
PROBATION = "The Probation Service (Yorkshire and the Humber)"
CPS = "Crown Prosecution Service (Yorkshire and Humberside)"
HMP_HULL = "HMP Hull"
HMP_HUMBER = "HMP Humber"
HMCTS = "HM Courts and Tribunals Service"
HMPS = "HM Prison Service"
OHID = "Office for Health Improvement and Disparities (Yorkshire and the Humber)"
DWP = "Department for Work and Pensions"
LJMU = "Liverpool John Moores University"

COUNCILS = (HULL, EAST_RIDING, NORTH_LINCS, NE_LINCS)
NHS = (ICB, HUTH, NLAG, HUMBER_FT)

FORUMS = (
    (
        "Humber Information Governance Alliance",
        "HIGA",
        "Information governance leads of Humber's public bodies; owns the HIGA information "
        "sharing agreement template and agreement-in-principle.",
        (HOST, POLICE, FIRE, *COUNCILS, *NHS),
    ),
    (
        "Humberside Criminal Justice Board",
        "HCJB",
        "Criminal justice agencies in the Humberside police area working to shared outcomes.",
        (HOST, POLICE, CPS, HMCTS, PROBATION, HMP_HULL, HMP_HUMBER, HMPS),
    ),
    (
        "Yorkshire and the Humber Rehabilitation Partnership",
        "YHRP",
        "Reducing reoffending across the region: probation, prisons and their partners.",
        (PROBATION, HMPS, HMP_HULL, HMP_HUMBER, DWP, OHID),
    ),
)

CONTACTS = (
    (POLICE, "Priya Shah", "Information Sharing Officer", "priya.shah@humberside.police.test"),
    (POLICE, "Mark Ellis", "Data Protection Officer", "dpo@humberside.police.test"),
    (HULL, "Harry Lund", "Information Governance Lead", "harry.lund@hullcc.test"),
    (HUTH, "Ruth Adeyemi", "Caldicott Guardian", "caldicott@hey.nhs.test"),
    (LJMU, "Owen Price", "TIIG Programme Manager", "tiig@ljmu.test"),
)


def _get_or_save(model: Any, lookup: dict[str, Any], values: dict[str, Any], actor: Any) -> Any:
    """The row matching ``lookup``, created with ``values`` if missing (never overwritten)."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    return save_register_row(model(**lookup, **values), actor=actor, reason="Humber demo data")


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
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.choices import Role
    from accounts.models import User

    from .services import (
        agreement_party_accept_signs_elsewhere,
        agreement_party_record_signs_elsewhere,
        signed_document_add,
    )

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
            actor=actor,
            agreement=agreement,
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
            party = agreement_party_record_signs_elsewhere(actor=actor, party=party, reason=reason)
        if party.signs_elsewhere_awaits_acceptance and dpo is not None:
            agreement_party_accept_signs_elsewhere(
                actor=dpo, party=party, note="Humber demo data: HIGA register checked"
            )


def load_sharing(*, actor: Any, partner_users: dict[str, Any]) -> None:
    """Forums, agreements, sources, products and consultations of the Humber demo.

    ``partner_users`` maps an organisation name to its demo partner login, who answers
    for it. Rows already present are left as they are, so loading twice changes nothing.
    """
    from datetime import date, timedelta

    from django.utils import timezone

    from .models import (
        Agreement,
        AgreementParty,
        ConnectionRequest,
        Consultation,
        Contact,
        DataSource,
        Forum,
        Product,
    )
    from .services import data_source_save

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

    def agreement(
        title: str,
        parties: tuple[tuple[str, str], ...],
        signs_elsewhere: dict[str, str] | None = None,
        **values: Any,
    ) -> Agreement:
        row = _get_or_save(Agreement, {"title": title}, {"owner": actor, **values}, actor)
        for organisation, role in parties:
            _get_or_save(
                AgreementParty,
                {"agreement": row, "organisation": orgs[organisation]},
                {"role": role},
                actor,
            )
        if row.is_active and row.kind in SIGNED_AGREEMENT_KINDS:
            record_demo_signatures(row, actor=actor, signs_elsewhere=signs_elsewhere)
        return row

    agreement(
        "Humber Violence Prevention Partnership Memorandum of Understanding",
        tuple((name, "controller") for name in (HOST, POLICE, FIRE, *COUNCILS, ICB, PROBATION)),
        reference="VPP-MOU-2022",
        kind="mou",
        template="bespoke",
        purpose=(
            "Sets out how the partners work together to prevent serious violence under the "
            "Serious Violence Duty. It is not a data sharing agreement."
        ),
        status="active",
        starts_on=date(2022, 10, 1),
        review_on=date(2027, 3, 31),
    )
    agreement(
        "HIGA agreement-in-principle: Violence Prevention Partnership",
        tuple((name, "controller") for name in (HOST, POLICE, FIRE, *COUNCILS, *NHS)),
        reference="HIGA-AIP-014",
        kind="forum_aip",
        template="higa_aip",
        via_forum=forums["HIGA"],
        purpose=(
            "HIGA members agree in principle to share with the VPP under the HIGA ISA template."
        ),
        status="active",
        starts_on=date(2023, 1, 16),
        review_on=date(2026, 12, 31),
    )
    tiig = agreement(
        "TIIG injury surveillance: controller-to-processor contract",
        ((HOST, "joint_controller"), (HUTH, "joint_controller"), (LJMU, "processor")),
        reference="OPCC-C-2023-07",
        kind="art28",
        template="opcc",
        purpose=(
            "Liverpool John Moores University runs the Trauma and Injury Intelligence Group "
            "(TIIG) system: it collects assault attendances at Hull Royal Infirmary's emergency "
            "department and returns aggregated figures to the VPP."
        ),
        lawful_basis="public_task",
        legal_power=(
            "Police, Crime, Sentencing and Courts Act 2022, s.8 and s.16 (Serious Violence Duty)."
        ),
        data_items="Date, time and location of assault, weapon, age band and sex of patient.",
        allows_personal_data=True,
        art26_arrangement=(
            "The Trust answers requests from patients; the OPCC publishes the privacy notice and "
            "handles breaches reported by the processor."
        ),
        status="active",
        starts_on=date(2023, 4, 1),
        review_on=date(2026, 12, 15),
        expires_on=date(2027, 3, 31),
    )
    police_isa = agreement(
        "Humberside Police recorded violence ISA",
        ((HOST, "controller"), (POLICE, "controller")),
        # Signed as a HIGA member ISA: the originals stay with the HIGA secretariat.
        {
            name: "Signed on the HIGA ISA template; the signed original is held in the HIGA "
            "secretariat's register of member agreements (entry HIGA-2024-031)."
            for name in (HOST, POLICE)
        },
        reference="HP-ISA-2024-031",
        kind="isa",
        template="higa_isa",
        via_forum=forums["HIGA"],
        purpose=(
            "Pseudonymised recorded violence against the person for hotspot and trend analysis."
        ),
        lawful_basis="public_task",
        legal_power="Crime and Disorder Act 1998 s.115; Serious Violence Duty.",
        data_items="Offence, date, location to street level, pseudonymised victim and suspect IDs.",
        allows_personal_data=True,
        has_criminal_offence_data=True,
        status="active",
        starts_on=date(2024, 6, 1),
        review_on=date(2027, 6, 1),
        expires_on=date(2028, 5, 31),
    )
    hull_isa = agreement(
        "Hull youth justice aggregated data ISA",
        ((HOST, "controller"), (HULL, "controller")),
        reference="HCC-ISA-2025-004",
        kind="isa",
        template="higa_isa",
        purpose="Quarterly counts of youth justice referrals by ward for the needs assessment.",
        lawful_basis="public_task",
        data_items="Counts by ward, quarter, age band; no personal data.",
        status="active",
        starts_on=date(2025, 2, 1),
        review_on=date(2027, 2, 1),
    )

    def source(name: str, **values: Any) -> DataSource:
        existing = DataSource.objects.filter(name=name).first()
        if existing is not None:
            return existing
        return data_source_save(
            actor=actor,
            source=DataSource(name=name, owner=actor, **values),
            reason="Humber demo data",
        )

    street_crime = source(
        "police.uk street-level crime",
        classification="open",
        url="https://data.police.uk/data/",
        publisher="Home Office",
        licence="Open Government Licence v3.0",
        update_frequency="monthly",
        last_refreshed_on=date(2026, 10, 31),
        location="VPP analytics workspace",
    )
    population = source(
        "ONS mid-year population estimates",
        classification="open",
        url="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates",
        publisher="Office for National Statistics",
        licence="Open Government Licence v3.0",
        update_frequency="annually",
        last_refreshed_on=date(2026, 7, 15),
    )
    source(
        "Serious Violence Duty statutory guidance",
        classification="one_off_public",
        citation=(
            "Home Office (2022) Serious Violence Duty: Preventing and reducing serious "
            "violence. Statutory guidance for responsible authorities."
        ),
        published_on=date(2022, 12, 9),
    )
    source(
        "Deliberate fires 2019–2024 (FOI response)",
        classification="one_off_public",
        citation="Humberside Fire and Rescue Service response to a freedom of information request.",
        foi_reference="FOI/2024/117",
        published_on=date(2024, 5, 3),
    )
    ae_assaults = source(
        "A&E assault attendances (TIIG)",
        classification="partner_shared",
        supplier=orgs[HUTH],
        covering_agreement=tiig,
        justification="Most assaults treated in hospital are never reported to the police.",
        collection="existing",
        description="Monthly aggregated assault attendances from the TIIG system.",
        location="TIIG portal (LJMU); monthly extract in VPP workspace",
    )
    police_violence = source(
        "Police recorded violence extract",
        classification="partner_shared",
        supplier=orgs[POLICE],
        covering_agreement=police_isa,
        justification="police.uk data is only monthly, to the street, and without offence detail.",
        collection="existing",
        has_personal_data=True,
        has_criminal_offence_data=True,
        location="VPP secure analytics environment",
    )
    youth = source(
        "Youth justice referrals by ward",
        classification="partner_shared",
        supplier=orgs[HULL],
        covering_agreement=hull_isa,
        justification="Not published below local authority level.",
        collection="new",
        new_collection_purpose="scoping",
    )

    def product(title: str, sources: list[DataSource], **values: Any) -> Product:
        existing = Product.objects.filter(title=title).first()
        if existing is not None:
            return existing
        row = save_register_row(
            Product(title=title, owner=actor, **values), actor=actor, reason="Humber demo data"
        )
        row.data_sources.set(sources)
        return row

    needs = product(
        "Humber Serious Violence Strategic Needs Assessment 2026",
        [street_crime, population, ae_assaults, police_violence, youth],
        kind="report",
        audience="partners",
        status="awaiting_consultation",
        description="The annual strategic needs assessment required by the Serious Violence Duty.",
    )
    dashboard = product(
        "Night-time economy violence dashboard",
        [police_violence, ae_assaults],
        kind="dashboard",
        audience="public",
        status="awaiting_consultation",
        description="Monthly public dashboard of violence in Hull city centre at night.",
    )
    product(
        "VPP monthly briefing",
        [street_crime, population],
        kind="briefing",
        audience="internal",
        status="published",
        published_on=date(2026, 11, 3),
    )

    now = timezone.now()
    answers = (
        (needs, POLICE, "pending", ""),
        (needs, HULL, "pending", ""),
        (needs, HUTH, "agreed_with_conditions", "Counts below five suppressed; no hospital named."),
        (dashboard, POLICE, "agreed", ""),
        (dashboard, HUTH, "declined", ""),
    )
    for row, organisation, response, conditions in answers:
        answered = response != "pending"
        _get_or_save(
            Consultation,
            {"product": row, "organisation": orgs[organisation]},
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
                forum=forums["HCJB"],
                purpose=(
                    "Court outcomes for violence offences, to follow cases from charge to sentence."
                ),
                owner=actor,
            ),
            actor=actor,
            reason="Humber demo data",
        )
        request.organisations.set([orgs[CPS], orgs[HMCTS]])


# ---------------------------------------------------------------------------------------------
# Role holders: who is SIRO, DPO and Director (the strategy's Appendix 1).
# ---------------------------------------------------------------------------------------------

OPCC_ADDRESS = "The Lawns, Harland Way, Cottingham, HU16 5SN"

#: (organisation, role, name, job title, e-mail, phone, address, demo login, from, to).
#: The demo login is one of ``load_role_holders``'s ``users`` keys ("siro", "dpo",
#: "director"), or "" for a holder without a portal account.
ROLE_HOLDERS: tuple[tuple[str, str, str, str, str, str, str, str, date, date | None], ...] = (
    (
        HOST,
        HolderRole.SIRO,
        "Simon Reid",
        "Chief Executive, Office of the Police and Crime Commissioner",
        "chief.executive@humberside.opcc.test",
        "01482 000 002",
        OPCC_ADDRESS,
        "siro",
        date(2021, 6, 1),
        None,
    ),
    (
        HOST,
        HolderRole.DPO,
        "Dana Okafor",
        "Data Protection Officer",
        "dpo@humberside.opcc.test",
        "01482 000 001",
        OPCC_ADDRESS,
        "dpo",
        date(2024, 9, 1),
        None,
    ),
    # Her predecessor: kept so the ROPA header and reminders of the time can be explained.
    (
        HOST,
        HolderRole.DPO,
        "Graham Holt",
        "Data Protection Officer",
        "",
        "",
        OPCC_ADDRESS,
        "",
        date(2019, 5, 1),
        date(2024, 8, 31),
    ),
    (
        HOST,
        HolderRole.DIRECTOR,
        "Diane Walsh",
        "Director, Humber Violence Prevention Partnership",
        "vpp.director@humberside.opcc.test",
        "01482 000 003",
        OPCC_ADDRESS,
        "director",
        date(2022, 10, 1),
        None,
    ),
    (
        POLICE,
        HolderRole.SIRO,
        "Claire Bennett",
        "Deputy Chief Constable",
        "siro@humberside.police.test",
        "",
        "Police Headquarters, Priory Road, Hull, HU5 5SF",
        "",
        date(2022, 1, 10),
        None,
    ),
    (
        POLICE,
        HolderRole.DPO,
        "Mark Ellis",
        "Data Protection Officer",
        "dpo@humberside.police.test",
        "",
        "Police Headquarters, Priory Road, Hull, HU5 5SF",
        "",
        date(2020, 3, 2),
        None,
    ),
    (
        HULL,
        HolderRole.SIRO,
        "Tom Harding",
        "Director of Legal and Governance",
        "siro@hullcc.test",
        "",
        "The Guildhall, Alfred Gelder Street, Hull, HU1 2AA",
        "",
        date(2023, 4, 1),
        None,
    ),
    (
        HULL,
        HolderRole.DPO,
        "Aisha Begum",
        "Information Governance and Data Protection Officer",
        "data.protection@hullcc.test",
        "",
        "The Guildhall, Alfred Gelder Street, Hull, HU1 2AA",
        "",
        date(2021, 11, 15),
        None,
    ),
)


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
