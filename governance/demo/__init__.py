"""The Humber demo: organisations, one login per role, then every register's records (the DPIAs
and the breach log have modules of their own)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.mfa import ensure_totp, mfa_required
from accounts.models import User
from ropa.demo import activate_assessed, load_disposals, load_ropa
from sharing.demo import HOST, _get_or_save, load_organisations, load_role_holders, load_sharing
from sharing.models import Organisation
from vpp_portal.editing import save_register_row

from ..models import Policy
from .actions import load_audits
from .breaches import load_breaches
from .dpias import load_dpias
from .policy_reading import load_policy_reading
from .rights import load_rights_requests
from .systems import load_systems
from .training import load_training
from .transparency import load_agreement_demo


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    job_title: str
    role: Role
    organisation: str
    is_staff: bool = False


#: The authenticator-app secret (base32) of every demo login whose role must use two-factor
#: authentication (DPO, SIRO, Director, Admin): published in the README and printed by
#: ``load_demo`` so that ``oathtool --totp -b SECRET`` or any authenticator app makes the codes.
DEMO_TOTP_SECRET = "HUMBERVPPDEMOTWOFACTORSECRETKEYS"  # noqa: S105 — the demo's, published

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
    ("VPP Privacy Notice", "privacy_notice", HOST, "in_force", "1.2", "dpo", None),
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
        if mfa_required(user):
            ensure_totp(user, DEMO_TOTP_SECRET)
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
    load_disposals(staff=staff, dpo=dpo)
    load_breaches(staff=staff, dpo=dpo)
    # TIIG from Liverpool John Moores University and the core team's workspace (after the
    # ROPA: their activities' location of the data follows the systems).
    load_systems(staff=staff, owner=dpo)
    load_audits(staff=staff, dpo=dpo)
    load_rights_requests(staff=staff, dpo=dpo)
    load_agreement_demo(actor=staff)
    load_training(actor=staff, users=users)
    # The data protection policy is required reading for the core team; the analyst has not
    # confirmed it yet.
    load_policy_reading(
        actor=dpo,
        readers=[dpo, users["siro@demo.vpp.test"], users["director@demo.vpp.test"]],
    )
    return list(DEMO_USERS)
