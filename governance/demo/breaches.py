"""The Humber demo's breach log: one breach in each state, each taken there through the
services."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from sharing.demo import HOST
from sharing.models import Organisation

from ..models import Breach
from ..services import breaches as breach_services

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
