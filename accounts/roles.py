"""The one table of roles and what each may do.

Each role is a Django group carrying model permissions; ``sync_role_groups`` runs after every
``migrate`` and makes the groups match this table exactly (adding and removing permissions).
Row scoping (a partner sees only their organisation) is not a permission: it is applied by each
queryset's ``visible_to(user)``.
"""

from dataclasses import dataclass
from typing import Any

from .choices import Role

# Registers every internal role may read. Later registers add their models here.
REGISTER_MODELS = (
    "sharing.organisation",
    "sharing.contact",
    "sharing.forum",
    "sharing.connectionrequest",
    "sharing.agreement",
    "sharing.agreementparty",
    "sharing.signeddocument",
    "sharing.datasource",
    "sharing.product",
    "sharing.consultation",
    "ropa.processingactivity",
    "ropa.retentionrule",
    "ropa.disposal",
    "governance.policy",
    "governance.dpia",
    "governance.dpiarisk",
    "governance.breach",
    "governance.dataprotectionaudit",
    "governance.auditfinding",
    "governance.action",
    "governance.system",
    "governance.rightsrequest",
    "governance.rightssearch",
    "governance.course",
    "governance.trainingrecord",
    "governance.trainingprofile",
)
# Reference data: read by every internal role, maintained by the DPO and the admin.
REFERENCE_MODELS = (
    "ropa.individualcategory",
    "ropa.datacategory",
    "ropa.recipientcategory",
    "ropa.controllerdetails",
    "sharing.roleholder",
)
# What a partner may open at all; ``visible_to`` then limits it to their organisation's rows.
PARTNER_VISIBLE_MODELS = (
    "sharing.organisation",
    "sharing.contact",
    "sharing.agreement",
    "sharing.agreementparty",
    "sharing.signeddocument",
    "sharing.datasource",
    "sharing.consultation",
    "governance.system",
    "governance.rightssearch",
    # Training: a partner reads their own people's records and the courses they name.
    "governance.course",
    "governance.trainingrecord",
    "governance.trainingprofile",
)
# Answering a consultation: partners for their organisation, editors on a partner's behalf.
# Answering a search for a request from an individual: partners for their organisation.
RESPOND = ("sharing.respond_consultation", "governance.answer_rightssearch")


def _perms(actions: tuple[str, ...], models: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model in models
        for action in actions
    )


VIEW = ("view",)
EDIT = ("view", "add", "change")


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    description: str
    permissions: tuple[str, ...]
    is_internal: bool = True

    @property
    def group_name(self) -> str:
        return self.role.label


ROLES: dict[Role, RoleSpec] = {
    spec.role: spec
    for spec in (
        RoleSpec(
            Role.STAFF,
            "Core team analysts and officers: browse and edit every register.",
            (*_perms(EDIT, REGISTER_MODELS), *_perms(VIEW, REFERENCE_MODELS), *RESPOND),
        ),
        RoleSpec(
            Role.DPO,
            "Data Protection Officer: sees everything, works the DPIA review queue, runs the "
            "breach log and reads the audit log.",
            (
                *_perms(EDIT, REGISTER_MODELS),
                *_perms(EDIT, REFERENCE_MODELS),
                *RESPOND,
                "accounts.view_audit_log",
                "accounts.view_securityevent",
                "accounts.view_rolechange",
                "governance.advise_dpia",
                "governance.manage_breach",
                "governance.manage_action",
                "governance.manage_rightsrequest",
                "governance.view_dashboard",
                "ropa.approve_disposal",
                "governance.view_reminder",
            ),
        ),
        RoleSpec(
            Role.SIRO,
            "Senior Information Risk Owner: compliance dashboard, read access to every "
            "register, audit log, accepts residual risk.",
            (
                *_perms(VIEW, (*REGISTER_MODELS, *REFERENCE_MODELS)),
                "accounts.view_audit_log",
                "accounts.view_rolechange",
                "governance.sign_off_high_risk_dpia",
                # Board decisions on systems are recorded by the SIRO.
                "governance.decide_system",
                "governance.view_dashboard",
                "governance.view_reminder",
            ),
        ),
        RoleSpec(
            Role.DIRECTOR,
            "VRU Director: dashboard and read access to every register; signs off DPIAs whose "
            "highest residual risk is low or medium.",
            (
                *_perms(VIEW, (*REGISTER_MODELS, *REFERENCE_MODELS)),
                "governance.sign_off_dpia",
                "governance.view_dashboard",
                "governance.view_reminder",
            ),
        ),
        RoleSpec(
            Role.PARTNER,
            "A named contact at a partner organisation: sees only what involves their "
            "organisation.",
            (*_perms(VIEW, PARTNER_VISIBLE_MODELS), *RESPOND),
            is_internal=False,
        ),
        RoleSpec(
            Role.ADMIN,
            "System administrator: users, roles, reference data and the Django admin.",
            (
                *_perms(EDIT, REGISTER_MODELS),
                *_perms(EDIT, REFERENCE_MODELS),
                *RESPOND,
                *_perms(("view", "add", "change"), ("accounts.user",)),
                "accounts.view_audit_log",
                "accounts.view_securityevent",
                "governance.view_reminder",
                # Unlocking an account locked by too many failed logins.
                *_perms(("view", "delete"), ("axes.accessattempt",)),
                *_perms(VIEW, ("axes.accessfailurelog", "axes.accesslog")),
            ),
        ),
    )
}


def sync_role_groups(**kwargs: Any) -> None:
    """Create one group per role and give it exactly the permissions in ``ROLES``."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    # post_migrate reaches apps one at a time; make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for spec in ROLES.values():
        group, _ = Group.objects.get_or_create(name=spec.group_name)
        query = Q(pk__in=[])
        for name in spec.permissions:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = set(spec.permissions) - found
        if missing:
            raise LookupError(
                f"Role {spec.group_name} names unknown permissions: {sorted(missing)}"
            )
        group.permissions.set(permissions)
