"""The Humber demo's DPIAs as data: each one's content and its story, the steps its people
take through the services (``dpias.py`` plays them). ``breach_data`` holds the breaches."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..choices import DpiaAction

CREATED = DpiaAction.CREATED
SUBMITTED = DpiaAction.SUBMITTED
RETURNED = DpiaAction.RETURNED
ADVISED = DpiaAction.ADVISED
SCREENING_CONFIRMED = DpiaAction.SCREENING_CONFIRMED
APPROVED = DpiaAction.APPROVED
ICO_CONSULTED = DpiaAction.ICO_CONSULTED


@dataclass(frozen=True)
class InDays:
    """A date this many days from the day the demo is loaded (negative: in the past)."""

    days: int


@dataclass(frozen=True)
class Login:
    """A demo login, by its role: "staff", "dpo", "siro" or "director"."""

    role: str


@dataclass(frozen=True)
class Act:
    """One step of a record's story: the step (a key of its workflow table, or the record's
    other service: "ico_consultation", "ico_decision"), who takes it, and what they enter."""

    step: str
    by: str
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)


# --- DPIAs ---------------------------------------------------------------------------------------

#: A risk of step 5 with its measure (step 6): description, likelihood, severity, then the
#: measure's options, effect and residual risk ("" for a low risk that needs none).
Risk = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class DemoDpia:
    """One DPIA of the demo: its content, what it is linked to, how far its flow has got
    (``story``, from a draft with every step written) and when each step was taken
    (``backdate``: timeline action → days ago)."""

    title: str
    outcome: str
    indicators: tuple[str, ...]
    reason: str
    steps: dict[str, str] = dataclasses.field(default_factory=dict)
    risks: tuple[Risk, ...] = ()
    activities: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    data_sources: tuple[str, ...] = ()
    story: tuple[Act, ...] = ()
    backdate: dict[str, float] = dataclasses.field(default_factory=dict)
    #: Where its review date is moved once approved (a date the services would refuse).
    review_moved_to: InDays | None = None


def _steps(nature: str, scope: str, context: str, purposes: str, **more: str) -> dict[str, str]:
    return {
        "processing_nature": nature,
        "processing_scope": scope,
        "processing_context": context,
        "processing_purposes": purposes,
        **more,
    }


def _screened_out(*, days_ago: int) -> dict[str, Any]:
    """A screening that found no DPIA needed, confirmed by the DPO ``days_ago``."""
    return {
        "story": (
            Act("submit", "staff", {"reason": "Screening for the DPO"}),
            Act(
                "confirm_screening",
                "dpo",
                {
                    "advice": "Agreed: no DPIA is needed. Screen again if the data changes.",
                    "next_review_on": InDays(365 - days_ago),
                },
            ),
        ),
        "backdate": {CREATED: days_ago + 3, SUBMITTED: days_ago + 2, SCREENING_CONFIRMED: days_ago},
    }


def _approved(
    *, signer: str, next_review_on: InDays, review_owner: Login = Login("dpo")
) -> tuple[Act, ...]:
    """Submitted, advised on by the DPO and signed off by ``signer``."""
    return (
        Act("submit", "staff"),
        Act(
            "give_advice",
            "dpo",
            {
                "recommendation": "proceed_with_measures",
                "advice": "Proceed with the measures in step 6; review them after the first year.",
            },
        ),
        Act(
            "approve",
            signer,
            {
                "advice_decision": "accepted",
                "review_owner": review_owner,
                "next_review_on": next_review_on,
                "reason": "Measures approved and residual risk accepted",
            },
        ),
    )


OPEN_DATA_SCREENING = DemoDpia(
    "Open crime data hotspot maps",
    "not_required",
    (),
    "Published police.uk and ONS figures only: street-level, aggregated and public, so nobody "
    "can be identified and none of the high-risk indicators applies.",
    activities=("Analysis of open crime and population data",),
    data_sources=("police.uk street-level crime", "ONS mid-year population estimates"),
    **_screened_out(days_ago=200),
)
CONTACTS_SCREENING = DemoDpia(
    "Partner staff contact details",
    "not_required",
    (),
    "Names and work contact details of partner staff, used to run the partnership: expected by "
    "the people concerned and of low risk to them.",
    activities=("Partner contact management",),
    agreements=("VPP partnership working ISA",),
    **_screened_out(days_ago=150),
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
    # Approved eleven months ago: its review falls next month.
    story=_approved(signer="director", next_review_on=InDays(30)),
    backdate={CREATED: 350, SUBMITTED: 345, ADVISED: 340, APPROVED: 335},
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
    # Approved over a year ago and its review date has passed. The approval service (rightly)
    # takes only a future review date, so it is approved with one and the date is then moved
    # back to where time would have brought it. Its review is the analyst's, so the overdue
    # reminder escalates to the DPO.
    story=_approved(signer="director", next_review_on=InDays(1), review_owner=Login("staff")),
    review_moved_to=InDays(-14),
    backdate={CREATED: 400, SUBMITTED: 392, ADVISED: 386, APPROVED: 379},
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
    # Waiting in the DPO's queue for 9 days.
    story=(Act("submit", "staff", {"reason": "Ready for the DPO's advice"}),),
    backdate={CREATED: 16, SUBMITTED: 9},
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
    # Returned by the DPO with comments on steps 2 and 5.
    story=(
        Act("submit", "staff"),
        Act(
            "return_for_changes",
            "dpo",
            {
                "reason": "Needs more on the scope and the risks",
                "comments": {
                    2: "Say how many young people a year, and which wards, the named referrals "
                    "cover.",
                    5: "Add the risk of a child being re-identified in a small ward, and how a "
                    "wrong referral would be spotted.",
                },
            },
        ),
    ),
    backdate={CREATED: 12, SUBMITTED: 7, RETURNED: 4},
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
    # Awaiting the SIRO's sign-off: the residual risk stays high, so the ICO was consulted.
    story=(
        Act("submit", "staff"),
        Act(
            "give_advice",
            "dpo",
            {
                "recommendation": "proceed_with_measures",
                "advice": "The risk to victims stays high even with the safety check: consult "
                "the ICO before any processing (Art 36), and proceed only with its agreement.",
            },
        ),
        Act(
            "ico_consultation",
            "dpo",
            {
                "consulted_on": InDays(-3),
                "ico_reference": "ICO/PC/2026/0142",
                "outcome": "The ICO raised no objection, provided contact is only ever through "
                "the police's victim care unit after a safety check.",
            },
        ),
    ),
    backdate={CREATED: 30, SUBMITTED: 21, ADVISED: 14, ICO_CONSULTED: 3},
)


#: In the order they are loaded (their references are DPIA-001 onwards).
DPIAS = (
    OPEN_DATA_SCREENING,
    CONTACTS_SCREENING,
    EARLY_HELP,
    TIIG,
    MATCHING,
    YOUTH_JUSTICE,
    REPEAT_VICTIMS,
)
