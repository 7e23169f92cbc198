from typing import Any

from django.db.models import Count, QuerySet

from .choices import Role
from .models import User


def active_colleague_count(user: User) -> int:
    """Active accounts at the user's organisation, the user included."""
    if user.organisation_id is None:
        return 0
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).count()


def active_users_by_role() -> list[dict[str, Any]]:
    """Active accounts per role, in the order roles are declared."""
    counts = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(count=Count("pk"))
    )
    return [{"role": role.label, "count": counts.get(role.value, 0)} for role in Role]


def internal_users() -> QuerySet[User]:
    """The people who may own or review the partnership's records: active, and not partners."""
    return User.objects.filter(is_active=True).exclude(role=Role.PARTNER)
