"""Reads for required reading: which policies a person must read and confirm, who has confirmed
a policy's current version, and the share of confirmations made across the register.

Who must read a policy is worked out live from the people and the policy: every active user
whose role is one of the policy's ``required_for_roles``, while the policy is in force and its
current version is marked required reading. A confirmation counts only for the version it
names, so a new version asks everyone again. The reading tasks (``PolicyReadingTask``) are only
what the reminder ledger works from; nothing here reads them.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.choices import Role

from ..choices import PolicyStatus
from ..models import Policy, PolicyConfirmation

#: Days a person has to confirm, from the day a version was marked required (or, for someone
#: asked later, from the day they were asked).
READING_PERIOD_DAYS = 14

#: The roles a policy may be required reading for, in the order the form offers them.
READING_ROLES = (Role.STAFF, Role.DPO, Role.SIRO, Role.DIRECTOR, Role.ADMIN, Role.PARTNER)


def role_q(role: str, prefix: str = "") -> Q:
    """Policies (or, with ``prefix``, rows pointing at one) required reading for ``role``.

    ``required_for_roles`` is a JSON list of role values; no role's value is part of another's,
    and the quotes make the match exact."""
    return Q(**{f"{prefix}required_for_roles__icontains": f'"{role}"'})


def required_q(prefix: str = "") -> Q:
    """Policies whose current version is required reading now: in force and marked."""
    return Q(
        **{
            f"{prefix}status": PolicyStatus.IN_FORCE,
            f"{prefix}reading_required_on__isnull": False,
        }
    )


def reading_due_on(policy: Policy) -> date | None:
    if policy.reading_required_on is None:
        return None
    return policy.reading_required_on + timedelta(days=READING_PERIOD_DAYS)


def is_required_for(policy: Policy, user: Any) -> bool:
    """Whether ``user`` must read ``policy``'s current version (nothing read from the database)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and policy.status == PolicyStatus.IN_FORCE
        and policy.reading_required_on is not None
        and user.role in (policy.required_for_roles or [])
    )


def policies_required_for(user: Any) -> QuerySet[Policy]:
    """The policies ``user`` must read (confirmed or not): the scope of the reading pages and of
    the confirmation, for partners too, whatever else the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Policy.objects.none()
    return Policy.objects.filter(required_q() & role_q(user.role))


def _confirmed_last(field: str) -> Case:
    return Case(When(**{f"{field}__isnull": True}, then=Value(0)), default=Value(1))


def _mine(user: Any) -> Any:
    return PolicyConfirmation.objects.filter(
        policy=OuterRef("pk"), user=user, version=OuterRef("version")
    )


def reading_for(user: Any) -> QuerySet[Policy]:
    """The policies ``user`` must read, each with ``my_confirmed_at`` (when they confirmed its
    current version, or None), those still to confirm first."""
    return (
        policies_required_for(user)
        .select_related("owner_organisation")
        .annotate(my_confirmed_at=Subquery(_mine(user).values("confirmed_at")[:1]))
        .order_by(
            # Still to confirm (no confirmation) first, then the oldest requirement.
            _confirmed_last("my_confirmed_at"),
            "reading_required_on",
            "title",
            "pk",
        )
    )


def to_confirm_for(user: Any) -> QuerySet[Policy]:
    """The policies ``user`` must read and has not confirmed in their current version."""
    return policies_required_for(user).exclude(Exists(_mine(user)))


def readable_by(user: Any) -> QuerySet[Policy]:
    """The policies whose reading page ``user`` may open: every policy they may see on the
    register, and (for a partner, who sees none there) those required reading for them."""
    if user.has_perm("governance.view_policy"):
        return Policy.objects.visible_to(user)
    return policies_required_for(user)


def my_confirmation(policy: Policy, user: Any) -> PolicyConfirmation | None:
    return PolicyConfirmation.objects.filter(
        policy=policy, user=user, version=policy.version
    ).first()


def readers_of(policy: Policy) -> QuerySet[Any]:
    """The people who must read ``policy``'s current version, each with ``confirmed_at`` (None
    until they confirm): those still to confirm first, then by name."""
    users = get_user_model()._default_manager
    if policy.reading_required_on is None or policy.status != PolicyStatus.IN_FORCE:
        return users.none()
    confirmed = PolicyConfirmation.objects.filter(
        policy=policy, version=policy.version, user=OuterRef("pk")
    ).values("confirmed_at")[:1]
    return (
        users.filter(is_active=True, role__in=policy.required_for_roles or [])
        .select_related("organisation")
        .annotate(confirmed_at=Subquery(confirmed))
        .order_by(_confirmed_last("confirmed_at"), "full_name", "pk")
    )


@dataclass(frozen=True)
class ReadingTally:
    confirmed: int
    required: int

    @property
    def outstanding(self) -> int:
        return self.required - self.confirmed

    @property
    def percent(self) -> int | None:
        if not self.required:
            return None
        # Rounded down: 99.6% is not everyone.
        return self.confirmed * 100 // self.required


def reader_tally(readers: QuerySet[Any]) -> ReadingTally:
    """How many of ``readers_of(policy)`` have confirmed: one aggregate."""
    row = readers.order_by().aggregate(
        required=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )
    return ReadingTally(confirmed=row["confirmed"], required=row["required"])


def reading_share() -> ReadingTally:
    """Confirmations made of the confirmations required, across every policy whose current
    version is required reading: three queries, whatever the number of policies and people."""
    policies = list(
        Policy.objects.filter(required_q()).values_list("pk", "required_for_roles").order_by()
    )
    if not policies:
        return ReadingTally(0, 0)
    people = dict(
        get_user_model()
        ._default_manager.filter(is_active=True)
        .values_list("role")
        .annotate(count=Count("pk"))
        .order_by()
    )
    confirmations = (
        PolicyConfirmation.objects.filter(required_q("policy__"), user__is_active=True)
        .filter(version=F("policy__version"))
        .values_list("policy_id", "user__role")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {(policy_id, role): count for policy_id, role, count in confirmations}
    required = confirmed = 0
    for policy_id, roles in policies:
        for role in roles or []:
            required += people.get(role, 0)
            confirmed += counts.get((policy_id, role), 0)
    return ReadingTally(confirmed=confirmed, required=required)


def unconfirmed_q(role: str) -> Q:
    """Policies (the outer query) that someone active with ``role`` must read and has not
    confirmed in the current version."""
    someone = (
        get_user_model()
        ._default_manager.filter(role=role, is_active=True)
        .exclude(
            Exists(
                PolicyConfirmation.objects.filter(
                    user=OuterRef("pk"),
                    policy=OuterRef(OuterRef("pk")),
                    version=OuterRef(OuterRef("version")),
                )
            )
        )
    )
    return role_q(role) & Q(Exists(someone))


def outstanding_q() -> Q:
    """Required policies that someone has still to confirm in their current version."""
    return required_q() & reduce(or_, (unconfirmed_q(role) for role in READING_ROLES))


#: Readers shown per page on a policy's page.
READERS_PER_PAGE = 25


def reading_context(policy: Policy, request: Any) -> dict[str, Any]:
    """The policy page's "Required reading" section: the roles, the viewer's own button (or
    confirmation), and a page of who has and has not confirmed with the tally. No query for a
    policy nobody is asked to read; otherwise the tally (which is also the table's count), the
    page of readers, and the viewer's confirmation when they are asked."""
    from django.core.paginator import Paginator

    user = request.user
    labels = dict(Role.choices)
    context: dict[str, Any] = {
        "reading_roles": [labels.get(role, role) for role in policy.required_for_roles or []],
        "reading_due": reading_due_on(policy),
        "must_confirm": False,
        "my_confirmation": None,
        "reading_tally": ReadingTally(0, 0),
        "readers": [],
        "readers_page": None,
        "here": request.get_full_path(),
    }
    if policy.reading_required_on is None or policy.status != PolicyStatus.IN_FORCE:
        return context
    if is_required_for(policy, user):
        mine = my_confirmation(policy, user)
        context.update(my_confirmation=mine, must_confirm=mine is None)
    readers = readers_of(policy)
    tally = reader_tally(readers)
    paginator = Paginator(readers, READERS_PER_PAGE)
    paginator.count = tally.required  # type: ignore[misc]  # the tally counted them already
    page = paginator.get_page(request.GET.get("readers_page"))
    context.update(reading_tally=tally, readers=list(page), readers_page=page)
    return context


def reading_task_counts() -> Q:
    """The reading tasks the reminders chase: not confirmed, of the policy's current version,
    its reader still active and the policy still required reading for their role."""
    for_their_role = reduce(
        or_, (Q(user__role=role) & role_q(role, "policy__") for role in READING_ROLES)
    )
    return (
        Q(confirmation__isnull=True, user__is_active=True, version=F("policy__version"))
        & required_q("policy__")
        & for_their_role
    )
