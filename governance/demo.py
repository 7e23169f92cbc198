"""The Humber demo: organisations, then one login per role (later registers add their own)."""

from dataclasses import dataclass

from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from ropa.demo import load_ropa
from sharing.demo import HOST, load_organisations, load_sharing

from .models import Policy


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


POLICIES = (
    ("OPCC Data Protection Policy", "policy", HOST, "in_force", "4.0"),
    ("OPCC Records Management Policy", "policy", HOST, "in_force", "2.1"),
    ("OPCC Retention Policy", "policy", HOST, "in_force", "3.2"),
    (
        "Humberside Police Information Security Policy",
        "policy",
        "Humberside Police",
        "in_force",
        "7.0",
    ),
    ("OPCC Disciplinary Procedure", "procedure", HOST, "in_force", "1.4"),
    ("OPCC Subject Access Procedure", "procedure", HOST, "in_force", "2.0"),
    ("OPCC Freedom of Information Procedure", "procedure", HOST, "in_force", "2.3"),
    ("OPCC Privacy Notice", "privacy_notice", HOST, "in_force", "5.1"),
    ("VPP Appropriate Policy Document", "safeguards", HOST, "draft", "0.3"),
)


def load_policies(actor: User) -> dict[str, Policy]:
    """The strategy's policy framework; the VPP adopts each as it stands."""
    from datetime import date

    from sharing.demo import _get_or_save
    from sharing.models import Organisation

    orgs = {o.name: o for o in Organisation.objects.all()}
    return {
        title: _get_or_save(
            Policy,
            {"title": title},
            {
                "kind": kind,
                "owner_organisation": orgs[owner],
                "status": status,
                "version": version,
                "next_review_on": date(2027, 3, 31) if status == "in_force" else None,
            },
            actor,
        )
        for title, kind, owner, status, version in POLICIES
    }


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
    load_sharing(
        actor=staff,
        partner_users={
            d.organisation: users[d.email] for d in DEMO_USERS if d.role == Role.PARTNER
        },
    )
    load_ropa(actor=staff, policies=load_policies(staff))
    return list(DEMO_USERS)
