"""Findings about the partnership's own information-governance roles: the SIRO, the DPO and the
Director of the organisation hosting the core team (the strategy's Appendix 1)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model
from django.urls import reverse

from sharing.choices import HolderRole
from sharing.models import RoleHolder

from .base import Category, Finding, FindingKind, Severity

#: The roles someone must always hold, in the order findings list them.
REQUIRED_ROLES = (HolderRole.SIRO, HolderRole.DPO, HolderRole.DIRECTOR)


def vacant_roles(today: date, user: Any = None) -> list[HolderRole]:
    """The required roles nobody holds on ``today`` at the core-team host. One query: the
    holders ``sharing.selectors.current_holders`` reads, for the three roles at once."""
    if user is not None and getattr(user, "is_partner", False):
        return []  # the partnership's own roles are internal
    held = set(
        RoleHolder.objects.current(today)
        .filter(organisation__is_core_team_host=True, role__in=REQUIRED_ROLES)
        .values_list("role", flat=True)
        .distinct()
    )
    return [role for role in REQUIRED_ROLES if role not in held]


@dataclass(frozen=True, kw_only=True)
class VacantRoleKind(FindingKind):
    """Not a register row that is wrong but one that is missing: the record is the role."""

    def count(self, today: date, user: Any = None) -> int:
        return len(vacant_roles(today, user))

    def page(self, offset: int, limit: int, today: date, user: Any = None) -> list[Finding]:
        if limit <= 0:
            return []
        return [self.about(role) for role in vacant_roles(today, user)[offset : offset + limit]]

    def for_record(
        self, instance: Model, today: date, loaded: dict[Any, Any] | None = None
    ) -> list[Finding]:
        return []

    def about(self, role: HolderRole) -> Finding:
        return self.finding(
            record_label=str(role.label),
            record_url=reverse("sharing:roleholder_list") + f"?role={role.value}",
            message=(
                f"Nobody holds the role of {role.label} for the organisation hosting the core "
                "team today."
            ),
            fix=(
                reverse("sharing:roleholder_create") + f"?role={role.value}",
                "Record who holds it",
            ),
        )


VACANT_ROLE = VacantRoleKind(
    slug="role-vacant",
    title="SIRO, DPO or Director roles that nobody holds",
    severity=Severity.HIGH,
    category=Category.LEADERSHIP,
    register="Role holders",
    register_key="sharing.roleholder",
)

KINDS = (VACANT_ROLE,)
