"""The Humber demo: organisations, then one login per role (later registers add their own)."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from ropa.demo import activate_assessed, load_ropa
from ropa.models import ProcessingActivity
from sharing.demo import HOST, _get_or_save, load_organisations, load_role_holders, load_sharing
from sharing.models import Agreement, DataSource, Organisation
from vpp_portal.editing import save_links, save_register_row

from .choices import DpiaAction
from .documents import dpia_document
from .models import Breach, Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot, Policy
from .services import breaches as breach_services
from .services import dpias as services


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    job_title: str
    role: Role
    organisation: str
    is_staff: bool = False


DEMO_USERS = (
    DemoUser("staff@demo.vpp.test", "Sam Patel", "VPP Analyst", Role.STAFF, HOST),
    DemoUser("dpo@demo.vpp.test", "Dana Okafor", "Data Protection Officer", Role.DPO, HOST),
    DemoUser("siro@demo.vpp.test", "Simon Reid", "Chief Executive (SIRO)", Role.SIRO, HOST),
    DemoUser("director@demo.vpp.test", "Diane Walsh", "VRU Director", Role.DIRECTOR, HOST),
    DemoUser("admin@demo.vpp.test", "Alex Morgan", "System Administrator", Role.ADMIN, HOST, True),
    DemoUser(
        "partner.police@demo.vpp.test",
        "Priya Shah",
        "Information Sharing Officer",
        Role.PARTNER,
        "Humberside Police",
    ),
    DemoUser(
        "partner.hull@demo.vpp.test",
        "Harry Lund",
        "Information Governance Lead",
        Role.PARTNER,
        "Hull City Council",
    ),
)


#: Title, kind, owner organisation, status, version, review owner (a demo login: "staff" or
#: "dpo") and when its review falls: days from the day the demo is loaded, or ``None`` for the
#: framework's common review date. One review falls within the week and one is overdue, so
#: their owners (and, for the overdue one, the DPO) have reminders waiting.
POLICIES: tuple[tuple[str, str, str, str, str, str, int | None], ...] = (
    ("OPCC Data Protection Policy", "policy", HOST, "in_force", "4.0", "dpo", None),
    ("OPCC Records Management Policy", "policy", HOST, "in_force", "2.1", "staff", -20),
    ("OPCC Retention Policy", "policy", HOST, "in_force", "3.2", "dpo", None),
    (
        "Humberside Police Information Security Policy",
        "policy",
        "Humberside Police",
        "in_force",
        "7.0",
        "staff",
        None,
    ),
    ("OPCC Disciplinary Procedure", "procedure", HOST, "in_force", "1.4", "staff", None),
    ("OPCC Subject Access Procedure", "procedure", HOST, "in_force", "2.0", "dpo", 5),
    ("OPCC Freedom of Information Procedure", "procedure", HOST, "in_force", "2.3", "staff", None),
    ("OPCC Privacy Notice", "privacy_notice", HOST, "in_force", "5.1", "dpo", None),
    ("VPP Appropriate Policy Document", "safeguards", HOST, "draft", "0.3", "dpo", None),
)
FRAMEWORK_REVIEW_ON = date(2027, 3, 31)


def load_policies(actor: User, owners: dict[str, User]) -> dict[str, Policy]:
    """The strategy's policy framework; the VPP adopts each as it stands. ``owners`` maps
    "staff" and "dpo" to the demo logins who keep the policies under review. A policy loaded
    before policies had review owners is given its owner and review date once."""
    today = timezone.localdate()
    orgs = {o.name: o for o in Organisation.objects.all()}
    loaded = {}
    for title, kind, organisation, status, version, owner, review_in in POLICIES:
        next_review_on: date | None = None
        if status == "in_force":
            next_review_on = (
                FRAMEWORK_REVIEW_ON if review_in is None else today + timedelta(days=review_in)
            )
        review = {"owner": owners[owner], "next_review_on": next_review_on}
        policy = _get_or_save(
            Policy,
            {"title": title},
            {
                "kind": kind,
                "owner_organisation": orgs[organisation],
                "status": status,
                "version": version,
                **review,
            },
            actor,
        )
        if policy.owner_id is None:
            for field, value in review.items():
                setattr(policy, field, value)
            save_register_row(policy, actor=actor, reason="Humber demo data: review owner")
        loaded[title] = policy
    return loaded


@transaction.atomic
def load_demo(password: str) -> list[DemoUser]:
    """Load (or bring back to) the demo state. Running it twice changes nothing the second time."""
    organisations = load_organisations()
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first() or User(email=demo.email)
        wanted = {
            "full_name": demo.full_name,
            "job_title": demo.job_title,
            "role": demo.role,
            "organisation": organisations[demo.organisation],
            "is_staff": demo.is_staff,
            "is_active": True,
        }
        changed = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
        for field, value in wanted.items():
            setattr(user, field, value)
        if not user.check_password(password):
            user.set_password(password)
            changed = True
        if changed:
            user._change_reason = "Humber demo data"  # type: ignore[attr-defined]
            user.save()
    users = {u.email: u for u in User.objects.filter(email__in=[d.email for d in DEMO_USERS])}
    staff = users["staff@demo.vpp.test"]
    dpo = users["dpo@demo.vpp.test"]
    load_role_holders(
        actor=users["admin@demo.vpp.test"],
        users={
            "siro": users["siro@demo.vpp.test"],
            "dpo": dpo,
            "director": users["director@demo.vpp.test"],
        },
    )
    load_sharing(
        actor=staff,
        partner_users={
            d.organisation: users[d.email] for d in DEMO_USERS if d.role == Role.PARTNER
        },
    )
    load_ropa(actor=staff, policies=load_policies(staff, {"staff": staff, "dpo": dpo}))
    load_dpias(
        staff=staff,
        dpo=dpo,
        siro=users["siro@demo.vpp.test"],
        director=users["director@demo.vpp.test"],
    )
    activate_assessed(actor=staff)
    load_breaches(staff=staff, dpo=dpo)
    return list(DEMO_USERS)


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


# ---------------------------------------------------------------------------------------------
# The breach log: one breach in each state, each taken there through the services.
# ---------------------------------------------------------------------------------------------

WRONG_ADDRESS = "Early help referral spreadsheet e-mailed to the wrong council"
TEAMS_UPLOAD = "Unpseudonymised victim list posted in the partnership's Teams channel"
TO_NOT_BCC = "Partnership newsletter sent with every recipient's address visible"


def load_breaches(*, staff: User, dpo: User) -> None:
    """Three breaches: one open with the ICO clock running (about 52 hours left), one reported
    to the ICO within the 72 hours and contained, and one closed as not reportable. Staff record
    them, the DPO decides on the ICO and closes; breaches already there are left alone."""
    now = timezone.now()
    orgs = {o.name: o for o in Organisation.objects.all()}
    existing = set(Breach.objects.values_list("title", flat=True))

    def record(title: str, aware_hours_ago: float, detected_before: float, **values: Any) -> Breach:
        aware = now - timedelta(hours=aware_hours_ago)
        return breach_services.breach_record(
            actor=staff,
            breach=Breach(
                title=title,
                detected_at=aware - timedelta(hours=detected_before),
                became_aware_at=aware,
                reported_by=staff,
                **values,
            ),
            reason="Humber demo data",
        )

    if WRONG_ADDRESS not in existing:
        # Open: the partnership became aware 20 hours ago; the DPO has not decided yet.
        record(
            WRONG_ADDRESS,
            20,
            2,
            owner=dpo,
            description="The weekly early help referral spreadsheet from Hull City Council's "
            "youth service was forwarded to a similarly named officer at East Riding of "
            "Yorkshire Council instead of the VPP's early help coordinator. The recipient "
            "replied to say they had received it; the sender confirmed what the attachment "
            "held two hours later.",
            data_affected="Names, ages, schools and a parent's phone number of 14 young people "
            "referred as at risk of serious violence.",
            people_affected=14,
            involves_personal_data=True,
            organisation=orgs["Hull City Council"],
            risk="risk",
            risk_assessment="The recipient is a council officer bound by confidentiality, but "
            "the list reveals that each child was thought at risk of serious violence. Waiting "
            "for written confirmation that the e-mail and attachment were deleted.",
            actions="Recall attempted (failed: external address). Recipient asked by phone and "
            "e-mail to delete the message and confirm in writing. Hull City Council's DPO told.",
        )

    if TEAMS_UPLOAD not in existing:
        # Reported to the ICO 46 hours after awareness, and contained within 2 hours.
        breach = record(
            TEAMS_UPLOAD,
            9 * 24,
            1,
            owner=dpo,
            description="An analyst posted a working copy of the police recorded violence "
            "extract in the partnership's Teams channel before the identifiers were "
            "pseudonymised. 38 partner staff can see the channel; the access log shows 6 of "
            "them opened the file.",
            data_affected="Names, home addresses and offence details of victims of violence, "
            "including victims of domestic abuse.",
            people_affected=23,
            involves_personal_data=True,
            organisation=orgs["Humberside Police"],
            risk="high",
            risk_assessment="Victims' addresses and the offences against them, seen by people "
            "with no need to know; for victims of domestic abuse a disclosure could put them "
            "in danger. A high risk to their rights and freedoms.",
            individuals_told="told",
            individuals_told_at=now - timedelta(hours=9 * 24 - 60),
            actions="File removed from the channel 40 minutes after it was posted. Each of the "
            "6 viewers confirmed in writing that they kept no copy. The police's victim care "
            "unit contacted the 23 victims, after a safety check, within 3 days.",
        )
        aware = breach.became_aware_at
        breach = breach_services.breach_record_ico_decision(
            actor=dpo,
            breach=breach,
            ico_decision="report",
            ico_decision_reasons="Special category and criminal offence data about victims, "
            "some of domestic abuse, seen outside the need to know: likely to result in a "
            "risk to their rights and freedoms (UK GDPR Art 33).",
            ico_told_at=aware + timedelta(hours=46),
            ico_reference="IC-384521-Q7K2",
            reason="Humber demo data: reported to the ICO within 72 hours",
        )
        breach = breach_services.breach_contain(
            actor=staff, breach=breach, reason="Humber demo data: file removed"
        )
        Breach.objects.filter(pk=breach.pk).update(contained_at=aware + timedelta(hours=2))

    if TO_NOT_BCC not in existing:
        # Closed: decided not reportable, with its lessons learnt.
        breach = record(
            TO_NOT_BCC,
            40 * 24,
            0.5,
            owner=dpo,
            description="The monthly partnership newsletter was sent to 46 partner staff with "
            "their addresses in the To line rather than Bcc.",
            data_affected="Work e-mail addresses of partner staff.",
            people_affected=46,
            involves_personal_data=True,
            organisation=orgs[HOST],
            risk="unlikely",
            risk_assessment="Work addresses of people who already write to each other through "
            "the partnership; nothing sensitive was disclosed.",
            individuals_told="not_required",
            actions="The sender recalled the message, apologised to the recipients and asked "
            "them to delete it.",
        )
        breach = breach_services.breach_record_ico_decision(
            actor=dpo,
            breach=breach,
            ico_decision="not_required",
            ico_decision_reasons="Unlikely to result in a risk to people's rights and freedoms: "
            "work contact details already shared among the same partner staff, no special "
            "category data, no sign of misuse.",
            reason="Humber demo data: not reportable",
        )
        breach = breach_services.breach_contain(
            actor=staff, breach=breach, reason="Humber demo data: message recalled"
        )
        breach = breach_services.breach_close(
            actor=dpo,
            breach=breach,
            lessons_learnt="Partnership mailings now go through the mailing list tool, never "
            "a hand-typed To line; a Bcc check was added to the team's e-mail checklist and "
            "covered at the next team meeting.",
            reason="Humber demo data: lessons learnt recorded",
        )
        aware = breach.became_aware_at
        Breach.objects.filter(pk=breach.pk).update(
            contained_at=aware + timedelta(hours=1), closed_at=aware + timedelta(days=14)
        )
