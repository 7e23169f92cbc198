"""The Humber demo as records: the partnership's organisations (as the Information Management
Strategy lists them), its forums, agreements, data sources, products, consultations and role
holders. ``sharing.demo`` feeds them to the services; nothing here touches the database.

Organisations are named by their full name (the constants below); an agreement's forum by its
acronym, a data source's covering agreement by the agreement's title and a product's data
sources by their names.
"""

from datetime import date
from typing import Any

from ..choices import HolderRole
from ..choices import OrganisationKind as Kind

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

#: Each agreement: its title, parties (organisation, role), for a party that signs a copy kept
#: elsewhere the reason, and its fields (``via_forum`` by acronym). In the order they are made.
AGREEMENTS: tuple[dict[str, Any], ...] = (
    {
        "title": "Humber Violence Prevention Partnership Memorandum of Understanding",
        "parties": tuple(
            (name, "controller") for name in (HOST, POLICE, FIRE, *COUNCILS, ICB, PROBATION)
        ),
        "reference": "VPP-MOU-2022",
        "kind": "mou",
        "template": "bespoke",
        "purpose": (
            "Sets out how the partners work together to prevent serious violence under the "
            "Serious Violence Duty. It is not a data sharing agreement."
        ),
        "status": "active",
        "starts_on": date(2022, 10, 1),
        "review_on": date(2027, 3, 31),
    },
    {
        "title": "HIGA agreement-in-principle: Violence Prevention Partnership",
        "parties": tuple((name, "controller") for name in (HOST, POLICE, FIRE, *COUNCILS, *NHS)),
        "reference": "HIGA-AIP-014",
        "kind": "forum_aip",
        "template": "higa_aip",
        "via_forum": "HIGA",
        "purpose": (
            "HIGA members agree in principle to share with the VPP under the HIGA ISA template."
        ),
        "status": "active",
        "starts_on": date(2023, 1, 16),
        "review_on": date(2026, 12, 31),
    },
    {
        "title": "TIIG injury surveillance: controller-to-processor contract",
        "parties": ((HOST, "joint_controller"), (HUTH, "joint_controller"), (LJMU, "processor")),
        "reference": "OPCC-C-2023-07",
        "kind": "art28",
        "template": "opcc",
        "purpose": (
            "Liverpool John Moores University runs the Trauma and Injury Intelligence Group "
            "(TIIG) system: it collects assault attendances at Hull Royal Infirmary's emergency "
            "department and returns aggregated figures to the VPP."
        ),
        "lawful_basis": "public_task",
        "legal_power": (
            "Police, Crime, Sentencing and Courts Act 2022, s.8 and s.16 (Serious Violence Duty)."
        ),
        "data_items": "Date, time and location of assault, weapon, age band and sex of patient.",
        "allows_personal_data": True,
        "art26_arrangement": (
            "The Trust answers requests from patients; the OPCC publishes the privacy notice and "
            "handles breaches reported by the processor."
        ),
        "status": "active",
        "starts_on": date(2023, 4, 1),
        "review_on": date(2026, 12, 15),
        "expires_on": date(2027, 3, 31),
    },
    {
        "title": "Humberside Police recorded violence ISA",
        "parties": ((HOST, "controller"), (POLICE, "controller")),
        # Signed as a HIGA member ISA: the originals stay with the HIGA secretariat.
        "signs_elsewhere": {
            name: "Signed on the HIGA ISA template; the signed original is held in the HIGA "
            "secretariat's register of member agreements (entry HIGA-2024-031)."
            for name in (HOST, POLICE)
        },
        "reference": "HP-ISA-2024-031",
        "kind": "isa",
        "template": "higa_isa",
        "via_forum": "HIGA",
        "purpose": (
            "Pseudonymised recorded violence against the person for hotspot and trend analysis."
        ),
        "lawful_basis": "public_task",
        "legal_power": "Crime and Disorder Act 1998 s.115; Serious Violence Duty.",
        "data_items": (
            "Offence, date, location to street level, pseudonymised victim and suspect IDs."
        ),
        "allows_personal_data": True,
        "has_criminal_offence_data": True,
        "status": "active",
        "starts_on": date(2024, 6, 1),
        "review_on": date(2027, 6, 1),
        "expires_on": date(2028, 5, 31),
    },
    {
        "title": "Hull youth justice aggregated data ISA",
        "parties": ((HOST, "controller"), (HULL, "controller")),
        "reference": "HCC-ISA-2025-004",
        "kind": "isa",
        "template": "higa_isa",
        "purpose": "Quarterly counts of youth justice referrals by ward for the needs assessment.",
        "lawful_basis": "public_task",
        "data_items": "Counts by ward, quarter, age band; no personal data.",
        "status": "active",
        "starts_on": date(2025, 2, 1),
        "review_on": date(2027, 2, 1),
    },
)

TIIG = AGREEMENTS[2]["title"]
POLICE_ISA = AGREEMENTS[3]["title"]
HULL_ISA = AGREEMENTS[4]["title"]

#: Each data source's fields (``supplier`` by name, ``covering_agreement`` by title).
DATA_SOURCES: tuple[dict[str, Any], ...] = (
    {
        "name": "police.uk street-level crime",
        "classification": "open",
        "url": "https://data.police.uk/data/",
        "publisher": "Home Office",
        "licence": "Open Government Licence v3.0",
        "update_frequency": "monthly",
        "last_refreshed_on": date(2026, 10, 31),
        "location": "VPP analytics workspace",
    },
    {
        "name": "ONS mid-year population estimates",
        "classification": "open",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates",
        "publisher": "Office for National Statistics",
        "licence": "Open Government Licence v3.0",
        "update_frequency": "annually",
        "last_refreshed_on": date(2026, 7, 15),
    },
    {
        "name": "Serious Violence Duty statutory guidance",
        "classification": "one_off_public",
        "citation": (
            "Home Office (2022) Serious Violence Duty: Preventing and reducing serious "
            "violence. Statutory guidance for responsible authorities."
        ),
        "published_on": date(2022, 12, 9),
    },
    {
        "name": "Deliberate fires 2019–2024 (FOI response)",
        "classification": "one_off_public",
        "citation": (
            "Humberside Fire and Rescue Service response to a freedom of information request."
        ),
        "foi_reference": "FOI/2024/117",
        "published_on": date(2024, 5, 3),
    },
    {
        "name": "A&E assault attendances (TIIG)",
        "classification": "partner_shared",
        "supplier": HUTH,
        "covering_agreement": TIIG,
        "justification": "Most assaults treated in hospital are never reported to the police.",
        "collection": "existing",
        "description": "Monthly aggregated assault attendances from the TIIG system.",
        "location": "TIIG portal (LJMU); monthly extract in VPP workspace",
    },
    {
        "name": "Police recorded violence extract",
        "classification": "partner_shared",
        "supplier": POLICE,
        "covering_agreement": POLICE_ISA,
        "justification": (
            "police.uk data is only monthly, to the street, and without offence detail."
        ),
        "collection": "existing",
        "has_personal_data": True,
        "has_criminal_offence_data": True,
        "location": "VPP secure analytics environment",
    },
    {
        "name": "Youth justice referrals by ward",
        "classification": "partner_shared",
        "supplier": HULL,
        "covering_agreement": HULL_ISA,
        "justification": "Not published below local authority level.",
        "collection": "new",
        "new_collection_purpose": "scoping",
    },
)

STREET_CRIME = "police.uk street-level crime"
POPULATION = "ONS mid-year population estimates"
AE_ASSAULTS = "A&E assault attendances (TIIG)"
POLICE_VIOLENCE = "Police recorded violence extract"
YOUTH = "Youth justice referrals by ward"

NEEDS_ASSESSMENT = "Humber Serious Violence Strategic Needs Assessment 2026"
DASHBOARD = "Night-time economy violence dashboard"

#: Each product's fields (``data_sources`` by name).
PRODUCTS: tuple[dict[str, Any], ...] = (
    {
        "title": NEEDS_ASSESSMENT,
        "data_sources": (STREET_CRIME, POPULATION, AE_ASSAULTS, POLICE_VIOLENCE, YOUTH),
        "kind": "report",
        "audience": "partners",
        "status": "awaiting_consultation",
        "description": (
            "The annual strategic needs assessment required by the Serious Violence Duty."
        ),
    },
    {
        "title": DASHBOARD,
        "data_sources": (POLICE_VIOLENCE, AE_ASSAULTS),
        "kind": "dashboard",
        "audience": "public",
        "status": "awaiting_consultation",
        "description": "Monthly public dashboard of violence in Hull city centre at night.",
    },
    {
        "title": "VPP monthly briefing",
        "data_sources": (STREET_CRIME, POPULATION),
        "kind": "briefing",
        "audience": "internal",
        "status": "published",
        "published_on": date(2026, 11, 3),
    },
)

#: (product, organisation consulted, response, conditions): asked 12 days ago, due in 9 days,
#: and an answer given 3 days ago by the organisation's demo partner login.
CONSULTATIONS: tuple[tuple[str, str, str, str], ...] = (
    (NEEDS_ASSESSMENT, POLICE, "pending", ""),
    (NEEDS_ASSESSMENT, HULL, "pending", ""),
    (
        NEEDS_ASSESSMENT,
        HUTH,
        "agreed_with_conditions",
        "Counts below five suppressed; no hospital named.",
    ),
    (DASHBOARD, POLICE, "agreed", ""),
    (DASHBOARD, HUTH, "declined", ""),
)

#: The connection request made of a forum (by acronym), with the members to connect.
CONNECTION_REQUEST: dict[str, Any] = {
    "forum": "HCJB",
    "purpose": "Court outcomes for violence offences, to follow cases from charge to sentence.",
    "organisations": (CPS, HMCTS),
}

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
