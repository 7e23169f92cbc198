"""The Humber partnership's organisations, as the Information Management Strategy lists them."""

from typing import Any

from vpp_portal.editing import save_register_row

from .choices import OrganisationKind as Kind
from .models import Organisation

HOST = "Office of the Police and Crime Commissioner for Humberside"

ORGANISATIONS: tuple[tuple[str, str], ...] = (
    (HOST, Kind.OTHER),
    ("Humberside Police", Kind.POLICE),
    ("Humberside Fire and Rescue Service", Kind.FIRE),
    ("Hull City Council", Kind.LOCAL_AUTHORITY),
    ("East Riding of Yorkshire Council", Kind.LOCAL_AUTHORITY),
    ("North Lincolnshire Council", Kind.LOCAL_AUTHORITY),
    ("North East Lincolnshire Council", Kind.LOCAL_AUTHORITY),
    ("NHS Humber and North Yorkshire Integrated Care Board", Kind.NHS),
    ("Hull University Teaching Hospitals NHS Trust", Kind.NHS),
    ("Northern Lincolnshire and Goole NHS Foundation Trust", Kind.NHS),
    ("Humber Teaching NHS Foundation Trust", Kind.NHS),
    ("The Probation Service (Yorkshire and the Humber)", Kind.PROBATION),
    ("Crown Prosecution Service (Yorkshire and Humberside)", Kind.CPS),
    ("HMP Hull", Kind.PRISON),
    ("HMP Humber", Kind.PRISON),
    ("HM Courts and Tribunals Service", Kind.COURTS),
    ("HM Prison Service", Kind.PRISON),
    ("Office for Health Improvement and Disparities (Yorkshire and the Humber)", Kind.OTHER),
    ("Department for Work and Pensions", Kind.OTHER),
    ("Liverpool John Moores University", Kind.UNIVERSITY),
)


def load_organisations(actor: Any = None) -> dict[str, Organisation]:
    """Create or correct each organisation; rows already as listed are left untouched."""
    loaded = {}
    for name, kind in ORGANISATIONS:
        organisation = Organisation.objects.filter(name__iexact=name).first() or Organisation(
            name=name
        )
        wanted = {"kind": kind, "is_core_team_host": name == HOST}
        if organisation.pk is None or any(
            getattr(organisation, field) != value for field, value in wanted.items()
        ):
            for field, value in wanted.items():
                setattr(organisation, field, value)
            save_register_row(organisation, actor=actor, reason="Humber demo data")
        loaded[name] = organisation
    return loaded
