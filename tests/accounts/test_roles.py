"""Roles are Django groups declared in one table, synced on migrate, and follow each user's role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.choices import Role
from accounts.roles import ROLES, sync_role_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def group_permissions(role: Role) -> set[str]:
    group = Group.objects.get(name=role.label)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_one_group_per_role_with_exactly_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.label for r in Role}
    for role, spec in ROLES.items():
        assert group_permissions(role) == set(spec.permissions)


def test_a_permission_granted_by_hand_is_removed_on_the_next_sync():
    director = Group.objects.get(name="Director")
    director.permissions.add(Permission.objects.get(codename="change_organisation"))
    sync_role_groups()
    assert "sharing.change_organisation" not in group_permissions(Role.DIRECTOR)


def test_the_sync_also_runs_on_migrate():
    Group.objects.get(name="SIRO").permissions.clear()
    call_command("migrate", verbosity=0)
    assert group_permissions(Role.SIRO) == set(ROLES[Role.SIRO].permissions)


def test_a_user_is_in_exactly_the_group_of_their_role_and_moves_when_it_changes(police):
    user = UserFactory(role=Role.STAFF)
    assert list(user.groups.values_list("name", flat=True)) == ["Staff"]
    assert user.has_perm("sharing.change_organisation")

    user.role = Role.PARTNER
    user.organisation = police
    user.save()
    user = type(user).objects.get(pk=user.pk)  # a fresh object: permission caches are per object
    assert list(user.groups.values_list("name", flat=True)) == ["Partner"]
    assert not user.has_perm("sharing.change_organisation")
    assert user.has_perm("sharing.view_organisation")


@pytest.mark.parametrize(
    ("role", "can_edit"),
    [
        (Role.STAFF, True),
        (Role.DPO, True),
        (Role.SIRO, False),
        (Role.DIRECTOR, False),
        (Role.PARTNER, False),
        (Role.ADMIN, True),
    ],
)
def test_only_staff_dpo_and_admin_may_edit_registers(role, can_edit, police):
    user = UserFactory(role=role, organisation=police)
    assert user.has_perm("sharing.change_organisation") is can_edit
    assert user.has_perm("sharing.view_organisation")


def test_a_change_of_role_is_kept_in_the_users_history(police):
    user = UserFactory(role=Role.STAFF)
    user.role = Role.DPO
    user._change_reason = "Appointed DPO"
    user.save()
    latest = user.history.first()
    assert (latest.role, latest.history_change_reason) == (Role.DPO, "Appointed DPO")
    assert not hasattr(latest, "password")
