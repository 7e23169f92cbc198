"""The Humber demo's privacy notices and what its ISAs cover.

The VPP privacy notice covers the personal-data activities, except partner contact management,
which is left for the transparency finding to show; only an activity with no notice yet is
linked. The ISAs' data sharing code items and the fire service's lapsed ISA come from
``sharing.demo.isa``; the daily expiry job then expires the lapsed one, as it would on the
first morning. Loading again changes nothing."""

from typing import Any

from ropa.models import ProcessingActivity
from sharing.demo import record_demo_signatures
from sharing.demo.isa import load_isa_items, load_lapsed_agreement
from sharing.services.expiry import agreements_expire_due
from vpp_portal.editing import save_register_row

from ..models import Policy

VPP_PRIVACY_NOTICE = "VPP Privacy Notice"

#: The activities the VPP privacy notice covers (by name).
COVERED = (
    "Early help offers to young people at risk in Hull",
    "Proposed: matching police and A&E records of young people at risk",
)
#: Left without a notice: the dashboard's transparency panel and its finding show it.
UNCOVERED = "Partner contact management"


def link_privacy_notices(*, actor: Any) -> None:
    notice = Policy.objects.filter(title=VPP_PRIVACY_NOTICE).first()
    if notice is None:
        return
    for activity in ProcessingActivity.objects.filter(
        name__in=COVERED, privacy_notice__isnull=True
    ):
        activity.privacy_notice = notice
        save_register_row(activity, actor=actor, reason="Humber demo data: privacy notice")


def load_agreement_demo(*, actor: Any) -> None:
    """What the demo ISAs cover, the lapsed ISA (signed while in force) expired by the daily
    job, and the privacy notices' links."""
    load_isa_items(actor=actor)
    lapsed = load_lapsed_agreement(actor=actor)
    if lapsed.is_active:
        record_demo_signatures(lapsed, actor=actor)
    agreements_expire_due()
    link_privacy_notices(actor=actor)
