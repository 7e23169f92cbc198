"""The Humber demo: organisations, then one login per role (later registers add their own)."""

from dataclasses import dataclass

from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from sharing.demo import HOST, load_organisations, load_sharing


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
    load_sharing(
        actor=users["staff@demo.vpp.test"],
        partner_users={
            d.organisation: users[d.email] for d in DEMO_USERS if d.role == Role.PARTNER
        },
    )
    return list(DEMO_USERS)
