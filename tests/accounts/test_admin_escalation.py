"""Nobody becomes more powerful through the Django admin, and a superuser is no DPO.

The Admin role manages accounts, but cannot grant ``is_superuser`` or ``is_staff``, cannot
change their own role, organisation or active flag, and changes anyone else's role only as a
recorded decision with a reason, which the DPO and the SIRO see. A superuser made on the
server with ``createsuperuser`` holds only its role's powers.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import RoleChange, SecurityEvent, User
from governance.services import breaches as breach_services
from governance.services import dpias as dpia_services
from tests.factories import TEST_TOTP_SECRET

pytestmark = pytest.mark.django_db


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", kwargs={"object_id": user.pk})


def form_data(user: User, **overrides: object) -> dict[str, object]:
    """What the admin's change form posts for ``user`` as it stands, with ``overrides``."""
    data: dict[str, object] = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "role": user.role,
        "organisation": user.organisation_id or "",
        "is_active": "on" if user.is_active else "",
        "role_change_reason": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_change_form_offers_no_superuser_staff_group_or_permission_fields(
    client, admin_user, staff
):
    client.force_login(admin_user)
    page = client.get(change_url(staff)).content.decode()
    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in page


def test_an_admin_who_ticks_superuser_on_their_own_account_does_not_become_one(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        change_url(admin_user), form_data(admin_user, is_superuser="on", is_staff="on")
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser


def test_an_admin_cannot_tick_superuser_on_anyone_else_either(client, admin_user, staff):
    client.force_login(admin_user)
    client.post(change_url(staff), form_data(staff, is_superuser="on", is_staff="on"))
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.is_staff


def test_an_admin_cannot_change_their_own_role_organisation_or_active_flag(
    client, admin_user, hull
):
    client.force_login(admin_user)
    response = client.get(change_url(admin_user))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert "You cannot change your own role" in page
    assert 'name="role"' not in page
    client.post(
        change_url(admin_user),
        form_data(
            admin_user,
            role=Role.DPO,
            organisation=hull.pk,
            is_active=None,
            role_change_reason="I am the DPO now",
        ),
    )
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN
    assert admin_user.organisation != hull
    assert admin_user.is_active
    assert not RoleChange.objects.exists()


def test_the_service_refuses_a_change_to_ones_own_role_even_when_a_form_lets_it_through(
    admin_user,
):
    from accounts.security_services import user_admin_save

    admin_user.role = Role.DPO
    with pytest.raises(ValidationError, match="your own role"):
        user_admin_save(actor=admin_user, user=admin_user, reason="Promote myself")
    assert User.objects.get(pk=admin_user.pk).role == Role.ADMIN


def test_a_role_change_without_a_reason_is_refused_next_to_the_field(client, admin_user, staff):
    client.force_login(admin_user)
    response = client.post(change_url(staff), form_data(staff, role=Role.DPO))
    assert response.status_code == 200
    assert "Enter the reason for the role change" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.STAFF
    assert not RoleChange.objects.exists()


def test_a_role_change_with_a_reason_is_recorded_and_shown_to_the_dpo_and_siro(
    client, admin_user, staff, dpo, siro
):
    client.force_login(admin_user)
    reason = "Acting DPO while Dana is on leave (Board minute 2026/14)"
    response = client.post(
        change_url(staff), form_data(staff, role=Role.DPO, role_change_reason=reason)
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.DPO
    change = RoleChange.objects.get()
    assert (change.user, change.from_role, change.to_role) == (staff, Role.STAFF, Role.DPO)
    assert (change.changed_by, change.reason) == (admin_user, reason)
    assert staff.history.first().history_change_reason == reason
    assert SecurityEvent.objects.filter(kind="role_changed", user=staff, actor=admin_user).exists()

    for overseer in (dpo, siro):
        client.force_login(overseer)
        page = client.get(reverse("accounts:rolechange_list")).content.decode()
        assert reason in page
        assert "Sam Staff" in page
    client.force_login(admin_user)  # who made the change does not keep its record
    assert client.get(reverse("accounts:rolechange_list")).status_code == 403


def test_admin_site_access_follows_the_admin_role(client, admin_user, staff):
    client.force_login(admin_user)
    client.post(
        change_url(staff),
        form_data(staff, role=Role.ADMIN, role_change_reason="Second administrator"),
    )
    staff.refresh_from_db()
    assert staff.is_staff
    client.post(
        change_url(staff), form_data(staff, role=Role.STAFF, role_change_reason="Back to staff")
    )
    staff.refresh_from_db()
    assert not staff.is_staff


def test_creating_a_user_in_the_admin_records_the_role_given_and_why(client, admin_user, opcc):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_add")
    data = {
        "email": "new.analyst@test.vpp",
        "full_name": "Nia New",
        "job_title": "Analyst",
        "role": Role.STAFF,
        "organisation": opcc.pk,
        "password1": "a-long-enough-password-2026",
        "password2": "a-long-enough-password-2026",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter the reason for the role change" in response.content.decode()
    assert not User.objects.filter(email="new.analyst@test.vpp").exists()

    response = client.post(url, {**data, "role_change_reason": "New starter, team of Sam"})
    assert response.status_code == 302
    user = User.objects.get(email="new.analyst@test.vpp")
    change = RoleChange.objects.get(user=user)
    assert (change.from_role, change.to_role) == ("", Role.STAFF)
    assert change.reason == "New starter, team of Sam"


def test_deactivating_someone_is_a_security_event(client, admin_user, staff):
    client.force_login(admin_user)
    client.post(change_url(staff), form_data(staff, is_active=None))
    staff.refresh_from_db()
    assert not staff.is_active
    assert SecurityEvent.objects.filter(kind="deactivated", user=staff, actor=admin_user).exists()


# --- A superuser made on the server holds only its role's powers ------------------------------


@pytest.fixture
def superuser(opcc):
    from allauth.mfa.totp.internal.auth import TOTP

    user = User.objects.create_superuser(
        "root@test.vpp", "a-long-enough-password-2026", full_name="Ray Root", organisation=opcc
    )
    TOTP.activate(user, TEST_TOTP_SECRET)  # the Admin role must have a second factor
    return user


def test_a_superuser_has_only_the_permissions_of_its_role(superuser):
    assert superuser.role == Role.ADMIN
    assert superuser.is_staff  # the Admin role uses the Django admin
    assert superuser.has_perm("accounts.change_user")
    for decision in (
        "governance.manage_breach",
        "governance.advise_dpia",
        "governance.sign_off_dpia",
        "governance.sign_off_high_risk_dpia",
    ):
        assert not superuser.has_perm(decision)
    assert not superuser.has_perms(["accounts.change_user", "governance.manage_breach"])
    assert "governance.manage_breach" not in superuser.get_all_permissions()
    assert not superuser.has_module_perms("auth")


def test_a_superuser_cannot_record_the_dpos_ico_decision_on_a_breach(
    client, superuser, governance_records
):
    breach = governance_records["breach"]
    with pytest.raises(ValidationError):
        breach_services.breach_record_ico_decision(
            breach,
            actor=superuser,
            ico_decision="not_reportable",
            ico_decision_reasons="No risk to anyone",
        )
    client.force_login(superuser)
    url = reverse("governance:breach_ico", kwargs={"pk": breach.pk})
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"ico_decision": "not_reportable", "ico_decision_reasons": "No risk"}
    )
    assert response.status_code == 403
    breach.refresh_from_db()
    assert breach.ico_decision == "undecided"


def test_a_superuser_cannot_sign_off_a_dpia(client, superuser, dpia_records):
    dpia = dpia_records["dpia_awaiting_sign_off"]
    with pytest.raises(ValidationError):
        dpia_services.dpia_approve(
            dpia,
            actor=superuser,
            advice_decision="accepted",
            review_owner=superuser,
            next_review_on=timezone.localdate() + timedelta(days=365),
        )
    client.force_login(superuser)
    url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": "approve"})
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "advice_decision": "accepted",
            "review_owner": superuser.pk,
            "next_review_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 403
    dpia.refresh_from_db()
    assert dpia.signed_off_by is None
