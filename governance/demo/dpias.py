"""The Humber demo's DPIAs: one in every state of the flow, taken there through the services
and backdated."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from ropa.models import ProcessingActivity
from sharing.models import Agreement, DataSource
from vpp_portal.editing import save_links

from ..choices import DpiaAction
from ..documents import dpia_document
from ..models import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from ..services import dpias as services

# ---------------------------------------------------------------------------------------------
# DPIAs in every state, each built through the services as the people of the demo would.
# ---------------------------------------------------------------------------------------------

#: A risk of step 5 with its measure (step 6): description, likelihood, severity, then the
#: measure's options, effect and residual risk ("" for a low risk that needs none).
Risk = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class DemoDpia:
    """One DPIA of the demo: its content, what it is linked to, and how far its flow has got."""

    title: str
    outcome: str
    indicators: tuple[str, ...]
    reason: str
    steps: dict[str, str] = dataclasses.field(default_factory=dict)
    risks: tuple[Risk, ...] = ()
    activities: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    data_sources: tuple[str, ...] = ()


def _steps(nature: str, scope: str, context: str, purposes: str, **more: str) -> dict[str, str]:
    return {
        "processing_nature": nature,
        "processing_scope": scope,
        "processing_context": context,
        "processing_purposes": purposes,
        **more,
    }


OPEN_DATA_SCREENING = DemoDpia(
    "Open crime data hotspot maps",
    "not_required",
    (),
    "Published police.uk and ONS figures only: street-level, aggregated and public, so nobody "
    "can be identified and none of the high-risk indicators applies.",
    activities=("Analysis of open crime and population data",),
    data_sources=("police.uk street-level crime", "ONS mid-year population estimates"),
)
CONTACTS_SCREENING = DemoDpia(
    "Partner staff contact details",
    "not_required",
    (),
    "Names and work contact details of partner staff, used to run the partnership: expected by "
    "the people concerned and of low risk to them.",
    activities=("Partner contact management",),
    agreements=("VPP partnership working ISA",),
)
EARLY_HELP = DemoDpia(
    "Early help offers to young people at risk in Hull",
    "required",
    ("vulnerable", "data_matching"),
    "Named young people referred as at risk of serious violence are contacted by the VPP: "
    "processing that targets children, matched against the offers made.",
    _steps(
        "Hull City Council's youth service sends a weekly referral list through the council's "
        "secure portal; VPP officers contact each family and record the offer and its take-up.",
        "About 150 young people aged 10 to 17 a year, in Hull only; name, age, school and contact "
        "details of the young person and a parent or carer.",
        "Children at risk, whose families may not expect the VPP to contact them; referral is "
        "only after the youth service has spoken to the family.",
        "Offer early help before harm, and learn which offers are taken up.",
        consultation="Hull Youth Council and two parents' groups were consulted in June 2025; "
        "the council's DPO reviewed the referral form.",
        necessity_and_proportionality="Only the referral fields are shared; nothing is kept "
        "after the offer is closed, apart from counts.",
    ),
    (
        (
            "A referral reaches the wrong family, revealing that a child was thought at risk.",
            "possible",
            "significant",
            "Referrals checked against the council's record before contact; contact by phone "
            "first, never by letter.",
            "reduced",
            "low",
        ),
        (
            "Families feel watched and disengage from services.",
            "remote",
            "minimal",
            "",
            "",
            "",
        ),
    ),
    activities=("Early help offers to young people at risk in Hull",),
    agreements=("Hull early help referrals ISA",),
)
TIIG = DemoDpia(
    "TIIG injury surveillance at Hull Royal Infirmary",
    "required",
    ("large_scale_special", "data_matching"),
    "Emergency department attendances for assault are health data about patients, collected at "
    "scale by a processor on the partnership's behalf.",
    _steps(
        "Reception staff ask assault patients four questions; Liverpool John Moores University "
        "(the processor) keeps the answers in the TIIG system and sends monthly counts.",
        "About 3,000 attendances a year at Hull Royal Infirmary; the VPP receives only counts.",
        "Patients in distress; the questions are optional and explained on a leaflet.",
        "Find violence that is never reported to the police, and where it happens.",
        consultation="The Trust's Caldicott Guardian and patient panel were consulted in 2023.",
        necessity_and_proportionality="Counts only leave the processor; small numbers are "
        "suppressed.",
    ),
    (
        (
            "Small counts by street could identify a patient.",
            "possible",
            "significant",
            "Counts below five are suppressed before release.",
            "reduced",
            "low",
        ),
    ),
    activities=("Aggregated A&E assault data via TIIG",),
    agreements=("TIIG injury surveillance: controller-to-processor contract",),
    data_sources=("A&E assault attendances (TIIG)",),
)
MATCHING = DemoDpia(
    "Matching police and A&E records of young people at risk",
    "required",
    ("large_scale_special", "data_matching", "vulnerable", "profiling"),
    "Police and health records about young people are matched: special category and criminal "
    "offence data about children, from two sources.",
    _steps(
        "Pseudonymised police violence records and A&E attendances are matched monthly in the "
        "OPCC secure analytics environment; matches are re-identified only for an offer of help.",
        "About 600 young people a year across Humber.",
        "Young people at risk of serious violence, as victims or offenders.",
        "Offer support to young people who appear in both sources before harm escalates.",
        consultation_not_sought_reason="Individuals' views are sought through the youth panel "
        "before go-live; the design is not settled yet.",
        necessity_and_proportionality="Matching on pseudonymised identifiers only; the key is "
        "held by the police.",
    ),
    (
        (
            "A wrong match labels a young person as involved in violence.",
            "possible",
            "severe",
            "Two-person check of every match before any contact.",
            "reduced",
            "medium",
        ),
    ),
    activities=("Proposed: matching police and A&E records of young people at risk",),
    agreements=("Humberside Police recorded violence ISA",),
    data_sources=("Police recorded violence extract", "A&E assault attendances (TIIG)"),
)
YOUTH_JUSTICE = DemoDpia(
    "Named youth justice referrals for the needs assessment",
    "required",
    ("vulnerable", "large_scale_special"),
    "Moving from counts to named youth justice referrals means criminal offence data about "
    "children.",
    _steps(
        "Hull City Council would send named referrals each quarter instead of counts by ward.",
        "All youth justice referrals in Hull.",
        "Children in the youth justice system.",
        "A more precise strategic needs assessment.",
        consultation="Youth justice service managers were consulted.",
        necessity_and_proportionality="Needed to follow referrals over time.",
    ),
    (
        (
            "Named referrals are seen by analysts who do not need them.",
            "possible",
            "significant",
            "Access limited to two named analysts.",
            "reduced",
            "low",
        ),
    ),
    agreements=("Hull youth justice aggregated data ISA",),
    data_sources=("Youth justice referrals by ward",),
)
REPEAT_VICTIMS = DemoDpia(
    "Finding repeat victims in police recorded violence",
    "required",
    ("large_scale_special", "profiling", "vulnerable", "physical_harm"),
    "Profiling pseudonymised victims of violence across years, to flag people at risk of harm.",
    _steps(
        "Pseudonymised victim identifiers in the police extract are linked across five years to "
        "find people assaulted three or more times.",
        "About 40,000 offences a year across Humber.",
        "Victims, including victims of domestic abuse, whose safety depends on confidentiality.",
        "Offer repeat victims support through Victim Support before the next assault.",
        consultation="Victim Support and the domestic abuse partnership were consulted.",
        necessity_and_proportionality="Only victims flagged three times are re-identified, by "
        "the police alone.",
    ),
    (
        (
            "A perpetrator learns that a victim was flagged and contacted, putting them in danger.",
            "probable",
            "severe",
            "Contact only through the police's victim care unit, with a safety check first. The "
            "risk stays high: a flag can still reach a perpetrator who shares the household.",
            "accepted",
            "high",
        ),
    ),
    agreements=("Humberside Police recorded violence ISA",),
    data_sources=("Police recorded violence extract",),
)


def _start(demo: DemoDpia, *, staff: User) -> Dpia | None:
    """The DPIA of ``demo`` as a draft with every step written and its risks recorded; ``None``
    when the demo already holds it (loading twice changes nothing)."""
    if Dpia.objects.filter(title=demo.title).exists():
        return None
    dpia = services.dpia_save(
        actor=staff,
        dpia=Dpia(
            title=demo.title,
            screening_indicators=list(demo.indicators),
            screening_outcome=demo.outcome,
            screening_reason=demo.reason,
            **demo.steps,
        ),
        reason="Humber demo data",
    )
    links: dict[str, Iterable[Any]] = {
        "activities": ProcessingActivity.objects.filter(name__in=demo.activities),
        "agreements": Agreement.objects.filter(title__in=demo.agreements),
        "data_sources": DataSource.objects.filter(name__in=demo.data_sources),
    }
    save_links(dpia, links)
    for description, likelihood, severity, options, effect, residual in demo.risks:
        services.dpia_risk_save(
            actor=staff,
            risk=DpiaRisk(
                dpia=dpia,
                description=description,
                likelihood=likelihood,
                severity=severity,
                measure_options=options,
                measure_effect=effect,
                residual_risk=residual,
            ),
            reason="Humber demo data",
        )
    return dpia


def _backdate(dpia: Dpia, days_ago: dict[str, float]) -> None:
    """Demo data only: move the steps of ``dpia``'s timeline (action → days ago) back in time,
    so the queues show how long each DPIA has waited. The services stamp the present moment,
    and the demo is loaded in one go, so its story is set afterwards with plain updates."""
    now = timezone.now()
    when = {action: now - timedelta(days=days) for action, days in days_ago.items()}
    for action, at in when.items():
        DpiaEvent.objects.filter(dpia=dpia, action=action).update(at=at)
    stamps = {
        "created_at": when.get(DpiaAction.CREATED),
        "submitted_at": when.get(DpiaAction.SUBMITTED),
        "advised_at": when.get(DpiaAction.ADVISED) or when.get(DpiaAction.SCREENING_CONFIRMED),
        "signed_off_at": when.get(DpiaAction.APPROVED),
    }
    Dpia.objects.filter(pk=dpia.pk).update(
        **{name: at for name, at in stamps.items() if at is not None}
    )
    if returned := when.get(DpiaAction.RETURNED):
        DpiaComment.objects.filter(dpia=dpia).update(made_at=returned)
    if frozen := when.get(DpiaAction.APPROVED) or when.get(DpiaAction.SCREENING_CONFIRMED):
        # The frozen copy is taken again from the backdated DPIA, so its dates agree.
        content = dpia_document(Dpia.objects.with_related().get(pk=dpia.pk))
        DpiaSnapshot.objects.filter(dpia=dpia).update(
            taken_at=frozen, content=content, digest=services.snapshot_digest(content)
        )


def _screen_out(demo: DemoDpia, *, staff: User, dpo: User, days_ago: int) -> None:
    """A screening that found no DPIA needed, confirmed by the DPO."""
    dpia = _start(demo, staff=staff)
    if dpia is None:
        return
    services.dpia_submit(actor=staff, dpia=dpia, reason="Screening for the DPO")
    services.dpia_confirm_screening(
        actor=dpo,
        dpia=dpia,
        advice="Agreed: no DPIA is needed. Screen again if the data changes.",
        next_review_on=timezone.localdate() + timedelta(days=365 - days_ago),
    )
    _backdate(
        dpia,
        {
            DpiaAction.CREATED: days_ago + 3,
            DpiaAction.SUBMITTED: days_ago + 2,
            DpiaAction.SCREENING_CONFIRMED: days_ago,
        },
    )


def _approve(
    demo: DemoDpia,
    *,
    staff: User,
    dpo: User,
    signer: User,
    next_review_on: Any,
    review_owner: User | None = None,
) -> Dpia | None:
    dpia = _start(demo, staff=staff)
    if dpia is None:
        return None
    services.dpia_submit(actor=staff, dpia=dpia)
    services.dpia_give_advice(
        actor=dpo,
        dpia=dpia,
        recommendation="proceed_with_measures",
        advice="Proceed with the measures in step 6; review them after the first year.",
    )
    return services.dpia_approve(
        actor=signer,
        dpia=dpia,
        advice_decision="accepted",
        review_owner=review_owner or dpo,
        next_review_on=next_review_on,
        reason="Measures approved and residual risk accepted",
    )


def load_dpias(*, staff: User, dpo: User, siro: User, director: User) -> None:
    """The DPIA register of the demo: one DPIA (or screening) in every state, linked to the
    processing, agreements and data sources it assesses. DPIAs already there are left alone."""
    today = timezone.localdate()
    _screen_out(OPEN_DATA_SCREENING, staff=staff, dpo=dpo, days_ago=200)
    _screen_out(CONTACTS_SCREENING, staff=staff, dpo=dpo, days_ago=150)

    # Approved eleven months ago: its review falls next month.
    early_help = _approve(
        EARLY_HELP,
        staff=staff,
        dpo=dpo,
        signer=director,
        next_review_on=today + timedelta(days=30),
    )
    if early_help is not None:
        _backdate(
            early_help,
            {
                DpiaAction.CREATED: 350,
                DpiaAction.SUBMITTED: 345,
                DpiaAction.ADVISED: 340,
                DpiaAction.APPROVED: 335,
            },
        )

    # Approved over a year ago and its review date has passed. The approval service (rightly)
    # takes only a future review date, so it is approved with one and the date is then moved
    # back to where time would have brought it. Its review is the analyst's, so the overdue
    # reminder escalates to the DPO.
    tiig = _approve(
        TIIG,
        staff=staff,
        dpo=dpo,
        signer=director,
        next_review_on=today + timedelta(days=1),
        review_owner=staff,
    )
    if tiig is not None:
        Dpia.objects.filter(pk=tiig.pk).update(next_review_on=today - timedelta(days=14))
        _backdate(
            tiig,
            {
                DpiaAction.CREATED: 400,
                DpiaAction.SUBMITTED: 392,
                DpiaAction.ADVISED: 386,
                DpiaAction.APPROVED: 379,
            },
        )

    # Waiting in the DPO's queue for 9 days.
    matching = _start(MATCHING, staff=staff)
    if matching is not None:
        services.dpia_submit(actor=staff, dpia=matching, reason="Ready for the DPO's advice")
        _backdate(matching, {DpiaAction.CREATED: 16, DpiaAction.SUBMITTED: 9})

    # Returned by the DPO with comments on steps 2 and 5.
    youth = _start(YOUTH_JUSTICE, staff=staff)
    if youth is not None:
        services.dpia_submit(actor=staff, dpia=youth)
        services.dpia_return(
            actor=dpo,
            dpia=youth,
            reason="Needs more on the scope and the risks",
            comments={
                2: "Say how many young people a year, and which wards, the named referrals cover.",
                5: "Add the risk of a child being re-identified in a small ward, and how a wrong "
                "referral would be spotted.",
            },
        )
        _backdate(youth, {DpiaAction.CREATED: 12, DpiaAction.SUBMITTED: 7, DpiaAction.RETURNED: 4})

    # Awaiting the SIRO's sign-off: the residual risk stays high, so the ICO was consulted.
    victims = _start(REPEAT_VICTIMS, staff=staff)
    if victims is not None:
        services.dpia_submit(actor=staff, dpia=victims)
        services.dpia_give_advice(
            actor=dpo,
            dpia=victims,
            recommendation="proceed_with_measures",
            advice="The risk to victims stays high even with the safety check: consult the ICO "
            "before any processing (Art 36), and proceed only with its agreement.",
        )
        services.dpia_record_ico_consultation(
            actor=dpo,
            dpia=victims,
            consulted_on=today - timedelta(days=3),
            ico_reference="ICO/PC/2026/0142",
            outcome="The ICO raised no objection, provided contact is only ever through the "
            "police's victim care unit after a safety check.",
        )
        _backdate(
            victims,
            {
                DpiaAction.CREATED: 30,
                DpiaAction.SUBMITTED: 21,
                DpiaAction.ADVISED: 14,
                DpiaAction.ICO_CONSULTED: 3,
            },
        )
