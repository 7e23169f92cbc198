"""The Humber demo's systems register: TIIG, supplied by Liverpool John Moores University under
its Art 28 contract (Appendix 4 of the strategy), and the OPCC's analytics workspace.

Each system is made once, through the register's service (so its activities' location of the
data follows), and never changed again: loading the demo twice adds nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from ropa.models import ProcessingActivity
from sharing.demo import HOST
from sharing.demo.data import AE_ASSAULTS, LJMU, POLICE_VIOLENCE, POPULATION, STREET_CRIME, TIIG
from sharing.models import Agreement, DataSource, Organisation

from ..models.systems import System
from ..services.systems import system_save

DEMO = "Humber demo data"


@dataclass(frozen=True)
class DemoSystem:
    name: str
    supplier: str
    hosting: str
    contract: str | None
    assurance_kind: str
    assurance_status: str
    #: Days before the demo is loaded that the assurance was gained.
    assured_days_ago: int
    #: Days after the demo is loaded that the Board reviews it.
    review_in_days: int
    sources: tuple[str, ...]
    activities: tuple[str, ...]
    description: str
    exit_plan: str = ""


SYSTEMS = (
    DemoSystem(
        name="TIIG",
        supplier=LJMU,
        hosting="LJMU data centre, Liverpool, UK",
        contract=TIIG,
        assurance_kind="cyber_essentials_plus",
        assurance_status="certified",
        assured_days_ago=120,
        review_in_days=60,
        sources=(AE_ASSAULTS,),
        activities=("Aggregated A&E assault data via TIIG",),
        description="The Trauma and Injury Intelligence Group system: assault attendances at "
        "Hull Royal Infirmary's emergency department, returned to the VPP as monthly figures.",
        exit_plan="If discontinued, TIIG is withdrawn in phases: new collection stops at the end "
        "of a quarter; LJMU returns the aggregated history and deletes the record-level data "
        "under the contract's termination clause; the VPP's figures move to the analytics "
        "workspace.",
    ),
    DemoSystem(
        name="VPP analytics workspace",
        supplier=HOST,
        hosting="OPCC Microsoft 365 tenancy, UK South data centres",
        contract=None,
        assurance_kind="cyber_essentials",
        assurance_status="certified",
        assured_days_ago=400,
        review_in_days=200,
        sources=(POLICE_VIOLENCE, STREET_CRIME, POPULATION),
        activities=("Analysis of open crime and population data",),
        description="The core team's secure workspace where partners' extracts are analysed.",
    ),
)


def load_systems(*, staff: User, owner: User) -> dict[str, System]:
    """The demo's systems, each linked to its sources and activities (by name; one missing
    from the demo's registers is left out rather than failing)."""
    today = timezone.localdate()
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[s.supplier for s in SYSTEMS])
    }
    loaded: dict[str, System] = {}
    for demo in SYSTEMS:
        existing = System.objects.filter(name__iexact=demo.name).first()
        if existing is not None:
            loaded[demo.name] = existing
            continue
        contract = Agreement.objects.filter(title=demo.contract).first() if demo.contract else None
        system = System(
            name=demo.name,
            description=demo.description,
            supplier=organisations[demo.supplier],
            hosting=demo.hosting,
            art28_contract=contract,
            assurance_kind=demo.assurance_kind,
            assurance_status=demo.assurance_status,
            assured_on=today - timedelta(days=demo.assured_days_ago),
            asset_owner=owner,
            next_board_review_on=today + timedelta(days=demo.review_in_days),
            exit_plan=demo.exit_plan,
        )
        loaded[demo.name] = system_save(
            system,
            actor=staff,
            reason=DEMO,
            links={
                "data_sources": list(DataSource.objects.filter(name__in=demo.sources)),
                "activities": list(ProcessingActivity.objects.filter(name__in=demo.activities)),
            },
        )
    return loaded
