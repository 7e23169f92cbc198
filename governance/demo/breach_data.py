"""The Humber demo's breach log as data: what staff recorded about each breach and its story,
the steps its people take through the services (``breaches.py`` plays them)."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from sharing.demo import HOST

from .data import Act, Login


@dataclass(frozen=True)
class HoursAfterAware:
    """A moment this many hours after the partnership became aware of the breach."""

    hours: float


# --- Breaches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBreach:
    """One breach of the demo: when it was detected and became known (hours before the demo
    is loaded), what staff recorded, its story, and when (``stamps``: hours after awareness)
    it was contained or closed, which the services stamp as the present moment."""

    title: str
    aware_hours_ago: float
    detected_hours_before: float
    values: dict[str, Any]
    story: tuple[Act, ...] = ()
    stamps: dict[str, float] = dataclasses.field(default_factory=dict)


#: Open: the partnership became aware 20 hours ago; the DPO has not decided yet.
WRONG_ADDRESS = DemoBreach(
    "Early help referral spreadsheet e-mailed to the wrong council",
    20,
    2,
    {
        "owner": Login("dpo"),
        "description": "The weekly early help referral spreadsheet from Hull City Council's "
        "youth service was forwarded to a similarly named officer at East Riding of "
        "Yorkshire Council instead of the VPP's early help coordinator. The recipient "
        "replied to say they had received it; the sender confirmed what the attachment "
        "held two hours later.",
        "data_affected": "Names, ages, schools and a parent's phone number of 14 young people "
        "referred as at risk of serious violence.",
        "people_affected": 14,
        "involves_personal_data": True,
        "organisation": "Hull City Council",
        "risk": "risk",
        "risk_assessment": "The recipient is a council officer bound by confidentiality, but "
        "the list reveals that each child was thought at risk of serious violence. Waiting "
        "for written confirmation that the e-mail and attachment were deleted.",
        "actions": "Recall attempted (failed: external address). Recipient asked by phone and "
        "e-mail to delete the message and confirm in writing. Hull City Council's DPO told.",
    },
)
#: Reported to the ICO 46 hours after awareness, and contained within 2 hours.
TEAMS_UPLOAD = DemoBreach(
    "Unpseudonymised victim list posted in the partnership's Teams channel",
    9 * 24,
    1,
    {
        "owner": Login("dpo"),
        "description": "An analyst posted a working copy of the police recorded violence "
        "extract in the partnership's Teams channel before the identifiers were "
        "pseudonymised. 38 partner staff can see the channel; the access log shows 6 of "
        "them opened the file.",
        "data_affected": "Names, home addresses and offence details of victims of violence, "
        "including victims of domestic abuse.",
        "people_affected": 23,
        "involves_personal_data": True,
        "organisation": "Humberside Police",
        "risk": "high",
        "risk_assessment": "Victims' addresses and the offences against them, seen by people "
        "with no need to know; for victims of domestic abuse a disclosure could put them "
        "in danger. A high risk to their rights and freedoms.",
        "individuals_told": "told",
        "individuals_told_at": HoursAfterAware(60),
        "actions": "File removed from the channel 40 minutes after it was posted. Each of the "
        "6 viewers confirmed in writing that they kept no copy. The police's victim care "
        "unit contacted the 23 victims, after a safety check, within 3 days.",
    },
    story=(
        Act(
            "ico_decision",
            "dpo",
            {
                "ico_decision": "report",
                "ico_decision_reasons": "Special category and criminal offence data about "
                "victims, some of domestic abuse, seen outside the need to know: likely to "
                "result in a risk to their rights and freedoms (UK GDPR Art 33).",
                "ico_told_at": HoursAfterAware(46),
                "ico_reference": "IC-384521-Q7K2",
                "reason": "Humber demo data: reported to the ICO within 72 hours",
            },
        ),
        Act("contain", "staff", {"reason": "Humber demo data: file removed"}),
    ),
    stamps={"contained_at": 2},
)
#: Closed: decided not reportable, with its lessons learnt.
TO_NOT_BCC = DemoBreach(
    "Partnership newsletter sent with every recipient's address visible",
    40 * 24,
    0.5,
    {
        "owner": Login("dpo"),
        "description": "The monthly partnership newsletter was sent to 46 partner staff with "
        "their addresses in the To line rather than Bcc.",
        "data_affected": "Work e-mail addresses of partner staff.",
        "people_affected": 46,
        "involves_personal_data": True,
        "organisation": HOST,  # the core team's own
        "risk": "unlikely",
        "risk_assessment": "Work addresses of people who already write to each other through "
        "the partnership; nothing sensitive was disclosed.",
        "individuals_told": "not_required",
        "actions": "The sender recalled the message, apologised to the recipients and asked "
        "them to delete it.",
    },
    story=(
        Act(
            "ico_decision",
            "dpo",
            {
                "ico_decision": "not_required",
                "ico_decision_reasons": "Unlikely to result in a risk to people's rights and "
                "freedoms: work contact details already shared among the same partner staff, "
                "no special category data, no sign of misuse.",
                "reason": "Humber demo data: not reportable",
            },
        ),
        Act("contain", "staff", {"reason": "Humber demo data: message recalled"}),
        Act(
            "lesson_action",
            "dpo",
            {
                "title": "Send partnership mailings through the mailing list tool",
                "description": "No more hand-typed To lines: mailings go through the list "
                "tool, and a Bcc check is added to the team's e-mail checklist.",
                "evidence": "E-mail checklist v2 (Bcc check added) issued to the team and "
                "covered at the team meeting.",
                "reason": "Humber demo data: the lesson put into practice",
            },
        ),
        Act(
            "close",
            "dpo",
            {
                "lessons_learnt": "Partnership mailings now go through the mailing list tool, "
                "never a hand-typed To line; a Bcc check was added to the team's e-mail "
                "checklist and covered at the next team meeting.",
                "reason": "Humber demo data: lessons learnt recorded",
            },
        ),
    ),
    stamps={"contained_at": 1, "closed_at": 14 * 24},
)

#: In the order they are recorded (BR-001 onwards).
BREACHES = (WRONG_ADDRESS, TEAMS_UPLOAD, TO_NOT_BCC)
