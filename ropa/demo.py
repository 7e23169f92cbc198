"""The Humber ROPA: retention rules from the OPCC retention policy, the reference
vocabularies, the controller header and the VPP's processing activities (strategy, Oct 2022).

Activities without personal data are made active as they are loaded. Those with personal data
need their DPIA, or the DPO's screening, linked in the DPIA register first: the governance demo
writes those, then calls ``activate_assessed``.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from sharing.demo import HOST, _get_or_save, record_demo_signatures
from sharing.models import Agreement, AgreementParty, DataSource, Organisation
from vpp_portal.editing import save_links, save_register_row

from .choices import ActivityStatus
from .models import (
    ControllerDetails,
    DataCategory,
    Disposal,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from .services import activity_activate, disposal_approve, disposal_propose

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
#: Personal-data activities made active once the DPIA register shows what the activation rule
#: asks (``activate_assessed``); the proposed matching stays a draft while its DPIA is open.
ACTIVE_ONCE_ASSESSED = (
    "Partner contact management",
    "Early help offers to young people at risk in Hull",
)

RECIPIENTS = (
    "VPP core team",
    "Community safety partnerships",
    "Partner analysts",
    "The public (aggregated figures only)",
)


def load_ropa(*, actor: Any, policies: dict[str, Any]) -> None:
    """Load the ROPA demo; rows already there are left as they are."""
    orgs = {o.name: o for o in Organisation.objects.all()}
    rules = {
        record_class: _get_or_save(
            RetentionRule,
            {"record_class": record_class},
            {
                "period": period,
                "period_unit": unit,
                "trigger": trigger,
                "action": action,
                "authority_kind": kind,
                "authority": authority,
            },
            actor,
        )
        for record_class, period, unit, trigger, action, kind, authority in RULES
    }
    for model, names in (
        (IndividualCategory, INDIVIDUALS),
        (DataCategory, DATA),
        (RecipientCategory, RECIPIENTS),
    ):
        for name in names:
            _get_or_save(model, {"name": name}, {}, actor)
    if not ControllerDetails.objects.exists():
        save_register_row(
            ControllerDetails(
                controller_name="Office of the Police and Crime Commissioner for Humberside",
                controller_address="The Lawns, Harland Way, Cottingham, HU16 5SN",
                controller_email="pcc@humberside.opcc.test",
                controller_phone="01482 000 000",
            ),
            actor=actor,
            reason="Humber demo data",
        )

    # Retention on the partner-shared sources; the youth referrals are overdue for disposal.
    for name, rule, trigger_on in (
        ("Youth justice referrals by ward", "Partner-shared data extracts", date(2024, 1, 31)),
        ("Police recorded violence extract", "Partner-shared data extracts", date(2028, 5, 31)),
        ("A&E assault attendances (TIIG)", "Partner-shared data extracts", date(2027, 3, 31)),
    ):
        source = DataSource.objects.filter(name=name, retention_rule__isnull=True).first()
        if source is not None:
            source.retention_rule = rules[rule]
            source.retention_trigger_on = trigger_on
            save_register_row(source, actor=actor, reason="Humber demo data: retention rule")

    contacts_isa = _get_or_save(
        Agreement,
        {"title": "VPP partnership working ISA"},
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
            "owner": actor,
        },
        actor,
    )
    for name in (HOST, "Humberside Police", "Hull City Council"):
        _get_or_save(
            AgreementParty,
            {"agreement": contacts_isa, "organisation": orgs[name]},
            {"role": "controller"},
            actor,
        )
    record_demo_signatures(contacts_isa, actor=actor)  # active only with its signed copy
    early_help_isa = _get_or_save(
        Agreement,
        {"title": "Hull early help referrals ISA"},
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
            "owner": actor,
        },
        actor,
    )
    for name in (HOST, "Hull City Council"):
        _get_or_save(
            AgreementParty,
            {"agreement": early_help_isa, "organisation": orgs[name]},
            {"role": "controller"},
            actor,
        )
    record_demo_signatures(early_help_isa, actor=actor)

    def activity(name: str, links: dict[str, list[Any]], activate: bool, **values: Any) -> None:
        if ProcessingActivity.objects.filter(name=name).exists():
            return
        row = save_register_row(
            ProcessingActivity(name=name, owner=actor, **values),
            actor=actor,
            reason="Humber demo data",
        )
        save_links(row, links)
        if activate:
            activity_activate(actor=actor, activity=row, reason="Humber demo data")

    def terms(model: Any, *names: str) -> list[Any]:
        return list(model.objects.filter(name__in=names))

    def sources(*names: str) -> list[Any]:
        return list(DataSource.objects.filter(name__in=names))

    common = {
        "security_measures": "OPCC secure analytics environment; role-based access; "
        "encrypted at rest and in transit.",
        "location": "OPCC secure analytics environment (UK)",
        "rights_available": "Access, rectification, restriction and objection, through the "
        "OPCC subject access procedure.",
        "retention_policy": policies["OPCC Retention Policy"],
        "retained_in_line": "yes",
    }
    activity(
        "Analysis of open crime and population data",
        {
            "sources": sources("police.uk street-level crime", "ONS mid-year population estimates"),
            "recipient_categories": terms(
                RecipientCategory, "VPP core team", "Community safety partnerships"
            ),
        },
        True,
        business_function="Analysis",
        purpose="Identify where and when violence happens across Humber, using open data.",
        dpia_required="no",  # the DPO confirmed the screening (DPIA register)
        retention_schedule="Outputs kept 6 years, then reviewed.",
        retention_rule=rules["Partnership analysis outputs"],
        retention_trigger_on=date(2023, 1, 1),
        location="VPP analytics workspace (UK)",
        next_review_on=date(2027, 1, 31),
    )
    activity(
        "Aggregated A&E assault data via TIIG",
        {
            "sources": sources("A&E assault attendances (TIIG)"),
            "processors": [orgs["Liverpool John Moores University"]],
            "processor_contracts": list(Agreement.objects.filter(kind="art28")),
            "recipient_categories": terms(RecipientCategory, "VPP core team", "Partner analysts"),
        },
        True,
        business_function="Analysis",
        purpose="Monthly counts of assault attendances at A&E to find unreported violence.",
        retention_schedule="Extracts kept 2 years after the contract ends, then destroyed.",
        retention_rule=rules["Partner-shared data extracts"],
        retention_trigger_on=date(2027, 3, 31),
        location="TIIG portal (LJMU) and VPP workspace (UK)",
        next_review_on=date(2026, 12, 15),
    )
    activity(
        "Evaluation of commissioned interventions",
        {
            "recipient_categories": terms(
                RecipientCategory, "VPP core team", "The public (aggregated figures only)"
            )
        },
        True,
        business_function="Commissioning",
        purpose="Evaluate whether commissioned interventions reduce violence, from aggregate "
        "outcome figures supplied by providers.",
        retention_schedule="Evaluations kept 7 years after closure, then to the archive.",
        retention_rule=rules["Commissioned intervention evaluations"],
        retention_trigger_on=date(2025, 3, 31),
        next_review_on=date(2027, 3, 31),
    )
    activity(
        "Partner contact management",
        {
            "individual_categories": terms(IndividualCategory, "Partner staff"),
            "data_categories": terms(DataCategory, "Contact details"),
            "recipient_categories": terms(RecipientCategory, "VPP core team"),
        },
        False,  # active once its screening is linked (``activate_assessed``)
        business_function="Partnership management",
        purpose="Keep the names and work contact details of partner staff to run the partnership.",
        has_personal_data=True,
        covering_agreement=contacts_isa,
        art6_basis="public_task",
        dpia_required="no",
        retention_schedule="Deleted 12 months after the last contact.",
        retention_rule=rules["Partner contact records"],
        retention_trigger_on=date(2026, 9, 1),
        next_review_on=date(2027, 9, 1),
        **common,
    )
    activity(
        "Proposed: matching police and A&E records of young people at risk",
        {
            "sources": sources(
                "Police recorded violence extract", "A&E assault attendances (TIIG)"
            ),
            "individual_categories": terms(
                IndividualCategory,
                "Children and young people",
                "Victims of violence",
                "Suspects and offenders",
            ),
            "data_categories": terms(
                DataCategory,
                "Offence details",
                "Injury and health data",
                "Pseudonymised identifiers",
            ),
        },
        False,  # held in draft: its DPIA is with the DPO, not approved
        business_function="Early intervention",
        purpose="Match pseudonymised police and A&E records to offer support to young people "
        "at risk of serious violence.",
        has_personal_data=True,
        has_special_category_data=True,
        has_criminal_offence_data=True,
        covering_agreement=Agreement.objects.filter(
            title="Humberside Police recorded violence ISA"
        ).first(),
        art6_basis="public_task",
        art9_condition="g",
        schedule1_condition="p2_18",
        schedule1_art6_basis="public_task",
        dpia_required="yes",
        safeguards_policy=policies["VPP Appropriate Policy Document"],
        retention_schedule="To be set by the DPIA.",
        **common,
    )
    activity(
        "Early help offers to young people at risk in Hull",
        {
            "individual_categories": terms(IndividualCategory, "Children and young people"),
            "data_categories": terms(DataCategory, "Contact details", "Age band and sex"),
            "recipient_categories": terms(RecipientCategory, "VPP core team"),
        },
        False,  # active once its DPIA is approved (``activate_assessed``)
        business_function="Early intervention",
        purpose="Offer early help to the young people Hull City Council's youth service refers "
        "as at risk of serious violence, and record whether the offer was taken up.",
        has_personal_data=True,
        covering_agreement=early_help_isa,
        art6_basis="public_task",
        dpia_required="yes",
        retention_schedule="Deleted 2 years after the ISA ends.",
        retention_rule=rules["Partner-shared data extracts"],
        retention_trigger_on=date(2028, 8, 31),
        next_review_on=date(2027, 9, 1),
        **common,
    )


def activate_assessed(*, actor: Any) -> None:
    """Make active the personal-data activities of ``ACTIVE_ONCE_ASSESSED`` still in draft, now
    that their DPIAs are linked; the activation rule refuses any that are not in order."""
    for row in ProcessingActivity.objects.filter(
        name__in=ACTIVE_ONCE_ASSESSED, status=ActivityStatus.DRAFT
    ):
        activity_activate(actor=actor, activity=row, reason="Humber demo data: DPIA in order")


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
#: Overdue for disposal: Staff have proposed it, and it waits for the DPO.
PROPOSED_SOURCE = "Youth justice referrals by ward"


def load_disposals(*, staff: Any, dpo: Any) -> None:
    """Disposals in the log: two Staff proposed and the DPO approved (their activities are
    retired), and one Staff proposed that waits in the DPO's queue. Rows already there are left
    as they are."""
    rule = RetentionRule.objects.get(record_class="Partner-shared data extracts")
    for spec in DISPOSED_ACTIVITIES:
        if Disposal.objects.filter(activity__name=spec["name"]).exists():
            continue
        activity = ProcessingActivity.objects.filter(name=spec["name"]).first()
        if activity is None:
            activity = save_register_row(
                ProcessingActivity(
                    name=spec["name"],
                    business_function="Analysis",
                    purpose=spec["purpose"],
                    owner=staff,
                    retention_rule=rule,
                    retention_trigger_on=spec["retention_trigger_on"],
                    retention_schedule="Extracts kept 2 years after the work ends, then destroyed.",
                ),
                actor=staff,
                reason="Humber demo data",
            )
        proposal = disposal_propose(
            actor=staff,
            disposal=Disposal(activity=activity, carried_out_by=staff, **spec["disposal"]),
            reason="Humber demo data: retention period ended",
        )
        disposal_approve(actor=dpo, disposal=proposal, reason=spec["approval"])
    source = DataSource.objects.filter(name=PROPOSED_SOURCE).first()
    if source is not None and not Disposal.objects.filter(data_source=source).exists():
        disposal_propose(
            actor=staff,
            disposal=Disposal(
                data_source=source,
                carried_out_by=staff,
                disposed_on=timezone.localdate(),
                method="secure_deletion",
                evidence_reference="IT ticket INC-20931: deletion from the analytics workspace",
                notes="The ISA's retention has ended and the needs assessment it fed is published.",
            ),
            reason="Humber demo data: retention period ended",
        )
