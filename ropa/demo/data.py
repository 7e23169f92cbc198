"""The Humber ROPA demo as data: retention rules from the OPCC retention policy, the reference
vocabularies, the controller header and the VPP's processing activities (strategy, Oct 2022),
with the disposals in the log. ``ropa.demo`` feeds them to the services.

Related rows are named, not held: a retention rule by its record class, an agreement by its
title, a policy by its title in the policy register, and each link by the linked rows' names
(``{"kind": "art28"}`` selects by a field instead).
"""

from datetime import date
from typing import Any

from sharing.demo.data import HOST

#: (record class, period, unit, trigger, action, authority kind, authority).
RULES = (
    (
        "Partnership analysis outputs",
        6,
        "years",
        "creation",
        "review",
        "policy",
        "OPCC Retention Policy, schedule 4.2",
    ),
    (
        "Partner-shared data extracts",
        2,
        "years",
        "end_of_agreement",
        "destroy",
        "policy",
        "OPCC Retention Policy, schedule 5.1; the covering ISA",
    ),
    (
        "Partner contact records",
        12,
        "months",
        "last_activity",
        "destroy",
        "policy",
        "OPCC Retention Policy, schedule 1.3",
    ),
    (
        "Commissioned intervention evaluations",
        7,
        "years",
        "closure",
        "transfer",
        "statute",
        "Limitation Act 1980 s.5 (contract claims); then to the county archive",
    ),
)

INDIVIDUALS = (
    "Victims of violence",
    "Suspects and offenders",
    "Children and young people",
    "Partner staff",
    "Hospital patients",
)
DATA = (
    "Contact details",
    "Offence details",
    "Injury and health data",
    "Location of incident",
    "Age band and sex",
    "Pseudonymised identifiers",
)
RECIPIENTS = (
    "VPP core team",
    "Community safety partnerships",
    "Partner analysts",
    "The public (aggregated figures only)",
)

CONTROLLER = {
    "controller_name": "Office of the Police and Crime Commissioner for Humberside",
    "controller_address": "The Lawns, Harland Way, Cottingham, HU16 5SN",
    "controller_email": "pcc@humberside.opcc.test",
    "controller_phone": "01482 000 000",
}

#: Retention on the partner-shared sources (data source, rule, trigger date); the youth
#: referrals are overdue for disposal.
SOURCE_RETENTION = (
    ("Youth justice referrals by ward", "Partner-shared data extracts", date(2024, 1, 31)),
    ("Police recorded violence extract", "Partner-shared data extracts", date(2028, 5, 31)),
    ("A&E assault attendances (TIIG)", "Partner-shared data extracts", date(2027, 3, 31)),
)

#: The ISAs the personal-data activities run under: (title, values, controllers). Each is
#: active only with its signed copy; its owner is the loading user.
AGREEMENTS: tuple[tuple[str, dict[str, Any], tuple[str, ...]], ...] = (
    (
        "VPP partnership working ISA",
        {
            "kind": "isa",
            "template": "higa_isa",
            "purpose": "Names and work contact details of partner staff, for partnership working.",
            "lawful_basis": "public_task",
            "data_items": "Name, job title, organisation, work e-mail and phone.",
            "allows_personal_data": True,
            "status": "active",
            "starts_on": date(2023, 4, 1),
            "review_on": date(2027, 4, 1),
        },
        (HOST, "Humberside Police", "Hull City Council"),
    ),
    (
        "Hull early help referrals ISA",
        {
            "kind": "isa",
            "template": "higa_isa",
            "reference": "HCC-ISA-2025-011",
            "purpose": "Hull City Council's youth service refers young people at risk of serious "
            "violence to the VPP's early help offer, and hears back whether it was taken up.",
            "lawful_basis": "public_task",
            "legal_power": "Serious Violence Duty (Police, Crime, Sentencing and Courts Act 2022, "
            "s.8 and s.16); Children Act 2004 s.10.",
            "data_items": "Name, age, school and contact details of the young person and of a "
            "parent or carer; the offer made and whether it was taken up.",
            "allows_personal_data": True,
            "status": "active",
            "starts_on": date(2025, 9, 1),
            "review_on": date(2027, 9, 1),
            "expires_on": date(2028, 8, 31),
        },
        (HOST, "Hull City Council"),
    ),
)

#: What every personal-data activity shares.
COMMON = {
    "security_measures": "OPCC secure analytics environment; role-based access; "
    "encrypted at rest and in transit.",
    "location": "OPCC secure analytics environment (UK)",
    "rights_available": "Access, rectification, restriction and objection, through the "
    "OPCC subject access procedure.",
    "retention_policy": "OPCC Retention Policy",
    "retained_in_line": "yes",
}

#: The activities: (name, links, made active as loaded, values). Personal-data activities are
#: made active later, once the DPIA register shows what the activation rule asks.
ACTIVITIES: tuple[tuple[str, dict[str, Any], bool, dict[str, Any]], ...] = (
    (
        "Analysis of open crime and population data",
        {
            "sources": ("police.uk street-level crime", "ONS mid-year population estimates"),
            "recipient_categories": ("VPP core team", "Community safety partnerships"),
        },
        True,
        {
            "business_function": "Analysis",
            "purpose": "Identify where and when violence happens across Humber, using open data.",
            "dpia_required": "no",  # the DPO confirmed the screening (DPIA register)
            "retention_schedule": "Outputs kept 6 years, then reviewed.",
            "retention_rule": "Partnership analysis outputs",
            "retention_trigger_on": date(2023, 1, 1),
            "location": "VPP analytics workspace (UK)",
            "next_review_on": date(2027, 1, 31),
        },
    ),
    (
        "Aggregated A&E assault data via TIIG",
        {
            "sources": ("A&E assault attendances (TIIG)",),
            "processors": ("Liverpool John Moores University",),
            "processor_contracts": {"kind": "art28"},
            "recipient_categories": ("VPP core team", "Partner analysts"),
        },
        True,
        {
            "business_function": "Analysis",
            "purpose": "Monthly counts of assault attendances at A&E to find unreported violence.",
            "retention_schedule": "Extracts kept 2 years after the contract ends, then destroyed.",
            "retention_rule": "Partner-shared data extracts",
            "retention_trigger_on": date(2027, 3, 31),
            "location": "TIIG portal (LJMU) and VPP workspace (UK)",
            "next_review_on": date(2026, 12, 15),
        },
    ),
    (
        "Evaluation of commissioned interventions",
        {"recipient_categories": ("VPP core team", "The public (aggregated figures only)")},
        True,
        {
            "business_function": "Commissioning",
            "purpose": "Evaluate whether commissioned interventions reduce violence, from "
            "aggregate outcome figures supplied by providers.",
            "retention_schedule": "Evaluations kept 7 years after closure, then to the archive.",
            "retention_rule": "Commissioned intervention evaluations",
            "retention_trigger_on": date(2025, 3, 31),
            "next_review_on": date(2027, 3, 31),
        },
    ),
    (
        "Partner contact management",
        {
            "individual_categories": ("Partner staff",),
            "data_categories": ("Contact details",),
            "recipient_categories": ("VPP core team",),
        },
        False,  # active once its screening is linked (``activate_assessed``)
        {
            "business_function": "Partnership management",
            "purpose": "Keep the names and work contact details of partner staff to run the "
            "partnership.",
            "has_personal_data": True,
            "covering_agreement": "VPP partnership working ISA",
            "art6_basis": "public_task",
            "dpia_required": "no",
            "retention_schedule": "Deleted 12 months after the last contact.",
            "retention_rule": "Partner contact records",
            "retention_trigger_on": date(2026, 9, 1),
            "next_review_on": date(2027, 9, 1),
            **COMMON,
        },
    ),
    (
        "Proposed: matching police and A&E records of young people at risk",
        {
            "sources": ("Police recorded violence extract", "A&E assault attendances (TIIG)"),
            "individual_categories": (
                "Children and young people",
                "Victims of violence",
                "Suspects and offenders",
            ),
            "data_categories": (
                "Offence details",
                "Injury and health data",
                "Pseudonymised identifiers",
            ),
        },
        False,  # held in draft: its DPIA is with the DPO, not approved
        {
            "business_function": "Early intervention",
            "purpose": "Match pseudonymised police and A&E records to offer support to young "
            "people at risk of serious violence.",
            "has_personal_data": True,
            "has_special_category_data": True,
            "has_criminal_offence_data": True,
            "covering_agreement": "Humberside Police recorded violence ISA",
            "art6_basis": "public_task",
            "art9_condition": "g",
            "schedule1_condition": "p2_18",
            "schedule1_art6_basis": "public_task",
            "dpia_required": "yes",
            "safeguards_policy": "VPP Appropriate Policy Document",
            "retention_schedule": "To be set by the DPIA.",
            **COMMON,
        },
    ),
    (
        "Early help offers to young people at risk in Hull",
        {
            "individual_categories": ("Children and young people",),
            "data_categories": ("Contact details", "Age band and sex"),
            "recipient_categories": ("VPP core team",),
        },
        False,  # active once its DPIA is approved (``activate_assessed``)
        {
            "business_function": "Early intervention",
            "purpose": "Offer early help to the young people Hull City Council's youth service "
            "refers as at risk of serious violence, and record whether the offer was taken up.",
            "has_personal_data": True,
            "covering_agreement": "Hull early help referrals ISA",
            "art6_basis": "public_task",
            "dpia_required": "yes",
            "retention_schedule": "Deleted 2 years after the ISA ends.",
            "retention_rule": "Partner-shared data extracts",
            "retention_trigger_on": date(2028, 8, 31),
            "next_review_on": date(2027, 9, 1),
            **COMMON,
        },
    ),
)

#: Personal-data activities made active once the DPIA register shows what the activation rule
#: asks (``activate_assessed``); the proposed matching stays a draft while its DPIA is open.
ACTIVE_ONCE_ASSESSED = (
    "Partner contact management",
    "Early help offers to young people at risk in Hull",
)

#: The retention rule of the finished pieces of work below, and their retention schedule.
DISPOSED_RULE = "Partner-shared data extracts"
DISPOSED_SCHEDULE = "Extracts kept 2 years after the work ends, then destroyed."

#: Finished pieces of work whose records were disposed of with the DPO's approval.
DISPOSED_ACTIVITIES: tuple[dict[str, Any], ...] = (
    {
        "name": "Night-time economy violence study 2021",
        "purpose": "Map assaults around Hull's night-time economy for the 2021 licensing review.",
        "retention_trigger_on": date(2022, 6, 30),
        "disposal": {
            "disposed_on": date(2024, 7, 15),
            "method": "secure_deletion",
            "evidence_reference": "Certificate of destruction CD-2024-031",
            "notes": "Working copies on the analysts' laptops deleted the same day.",
        },
        "approval": "Certificate checked against the ISA's deletion clause.",
    },
    {
        "name": "Summer 2022 youth diversion pilot referrals",
        "purpose": "Count referrals to the 2022 summer diversion pilot for its evaluation.",
        "retention_trigger_on": date(2023, 3, 31),
        "disposal": {
            "disposed_on": date(2025, 4, 2),
            "method": "returned",
            "evidence_reference": "Courier receipt HCC-2025-118",
            "notes": "Returned to Hull City Council's youth service on encrypted media.",
        },
        "approval": "Return confirmed by Hull City Council's records manager.",
    },
)

#: Overdue for disposal: Staff have proposed it, and it waits for the DPO (disposed of the
#: day the demo is loaded).
PROPOSED_SOURCE = "Youth justice referrals by ward"
PROPOSED_DISPOSAL = {
    "method": "secure_deletion",
    "evidence_reference": "IT ticket INC-20931: deletion from the analytics workspace",
    "notes": "The ISA's retention has ended and the needs assessment it fed is published.",
}
