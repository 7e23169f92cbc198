"""The Humber demo's requests from individuals: a subject access request with a search asked
of Humberside Police, an FOI request, one paused for identification and one overdue. Each is
logged and taken through its steps by the services; requests already there are left alone
(found by what they ask for), so loading twice adds nothing."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from sharing.models import Organisation

from ..models.rights import RightsRequest, RightsSearch
from ..services import rights as services


@dataclass(frozen=True)
class DemoRequest:
    summary: str
    kind: str
    received_days_ago: int
    requester_name: str
    requester_contact: str
    handler: str  # "staff" or "dpo"
    #: (service name, its arguments; dates as days ago).
    steps: tuple[tuple[str, dict[str, Any]], ...] = ()
    search: tuple[str, str] | None = field(default=None)


REQUESTS = (
    DemoRequest(
        "Copies of any information the VPP holds about the requester from the Hull youth "
        "referrals pilot.",
        "subject_access",
        10,
        "Jordan Ellis",
        "jordan.ellis@example.com",
        "dpo",
        search=(
            "Humberside Police",
            "Any referral records for the person named in the covering e-mail sent to your "
            "information sharing officer, March to September 2026.",
        ),
    ),
    DemoRequest(
        "How much the VPP spent on its serious violence needs assessment in 2025-26, and who "
        "carried it out.",
        "foi",
        6,
        "Casey Morgan",
        "casey.morgan@example.org",
        "staff",
    ),
    DemoRequest(
        "All records about the requester held in the partnership's analysis of knife crime "
        "hotspots.",
        "subject_access",
        8,
        "Robin Hale",
        "12 Example Street, Hull",
        "dpo",
        steps=(("pause", {"waiting_for": "identification", "asked_on": 7}),),
    ),
    DemoRequest(
        "Erase the requester's details from the VPP's mailing list and any event records.",
        "erasure",
        40,
        "Alex Byrne",
        "alex.byrne@example.net",
        "staff",
    ),
)

SERVICES: dict[str, Any] = {
    "pause": services.rights_request_pause,
    "resume": services.rights_request_resume,
}


def load_rights_requests(*, staff: User, dpo: User) -> None:
    today = timezone.localdate()
    people = {"staff": staff, "dpo": dpo}
    existing = set(RightsRequest.objects.values_list("summary", flat=True))
    for demo in REQUESTS:
        if demo.summary in existing:
            continue
        handler = people[demo.handler]
        rights_request = services.rights_request_log(
            RightsRequest(
                kind=demo.kind,
                received_on=today - timedelta(days=demo.received_days_ago),
                requester_name=demo.requester_name,
                requester_contact=demo.requester_contact,
                summary=demo.summary,
                handler=handler,
            ),
            actor=staff,
            reason="Humber demo data",
        )
        for step, arguments in demo.steps:
            values = {
                name: today - timedelta(days=value) if name.endswith("_on") else value
                for name, value in arguments.items()
            }
            rights_request = SERVICES[step](
                rights_request, actor=handler, reason="Humber demo data", **values
            )
        if demo.search is not None:
            organisation = Organisation.objects.get(name=demo.search[0])
            services.rights_search_ask(
                RightsSearch(
                    rights_request=rights_request,
                    organisation=organisation,
                    question=demo.search[1],
                    due_on=today + timedelta(days=7),
                ),
                actor=handler,
                reason="Humber demo data",
            )
