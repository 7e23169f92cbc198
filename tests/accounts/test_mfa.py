"""Two-factor authentication: required before anything else for the DPO, SIRO, Director and
Admin, optional for everyone else, with secrets encrypted at rest."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.choices import Role
from accounts.mfa import PortalMFAAdapter, ensure_totp
from tests.accounts.mfa_support import enter_code, sign_in, totp_code
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db

REQUIRED_ROLES = (Role.DPO, Role.SIRO, Role.DIRECTOR, Role.ADMIN)


def test_a_dpo_signing_in_is_asked_for_a_code_before_reaching_any_page(client, dpo):
    response = sign_in(client, dpo.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert "Enter your code" in page.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_current_code_finishes_signing_in(client, dpo):
    sign_in(client, dpo.email, TEST_PASSWORD)
    response = enter_code(client, totp_code(TEST_TOTP_SECRET))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert str(client.session["_auth_user_id"]) == str(dpo.pk)


def test_a_wrong_code_is_refused_next_to_the_field_and_signs_nobody_in(client, dpo):
    sign_in(client, dpo.email, TEST_PASSWORD)
    wrong = "000000" if totp_code(TEST_TOTP_SECRET) != "000000" else "111111"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_same_code_cannot_be_used_twice(client, dpo):
    code = totp_code(TEST_TOTP_SECRET)
    sign_in(client, dpo.email, TEST_PASSWORD)
    enter_code(client, code)
    client.post(reverse("account_logout"))
    sign_in(client, dpo.email, TEST_PASSWORD)
    response = enter_code(client, code)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", REQUIRED_ROLES)
def test_a_role_that_must_use_two_factor_is_sent_to_set_it_up_first(client, opcc, role):
    user = UserFactory(role=role, organisation=opcc, with_mfa=False)
    client.force_login(user)
    for url in (reverse("home"), reverse("sharing:organisation_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_while_setting_up_they_can_still_sign_out_and_the_health_check_answers(client, opcc):
    user = UserFactory(role=Role.DPO, organisation=opcc, with_mfa=False)
    client.force_login(user)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("fixture", ["staff", "partner_hull"])
def test_staff_and_partners_may_use_the_portal_without_two_factor(request, client, fixture):
    user = request.getfixturevalue(fixture)
    assert not Authenticator.objects.filter(user=user).exists()
    response = sign_in(client, user.email, TEST_PASSWORD)
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_every_signed_in_user_has_a_two_factor_link_in_the_header(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Two-factor authentication" in page


def test_setting_up_the_app_asks_for_the_password_again_then_a_code(client, opcc):
    user = UserFactory(role=Role.DIRECTOR, organisation=opcc, with_mfa=False)
    client.force_login(user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(
        response["Location"], {"password": TEST_PASSWORD, "next": reverse("mfa_activate_totp")}
    )
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Set up an authenticator app" in text
    assert 'src="data:image/svg+xml;base64,' in text
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("home")).status_code == 200
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert len(codes.context["unused_codes"]) == 10


def test_a_wrong_code_at_set_up_is_explained_and_turns_nothing_on(client, staff):
    client.force_login(staff)
    client.get(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()


def test_the_authenticator_secret_is_stored_encrypted(dpo):
    stored = Authenticator.objects.get(user=dpo, type=Authenticator.Type.TOTP).data["secret"]
    assert TEST_TOTP_SECRET not in stored
    assert PortalMFAAdapter().decrypt(stored) == TEST_TOTP_SECRET


def test_a_secret_does_not_decrypt_under_another_key(settings, dpo):
    stored = Authenticator.objects.get(user=dpo, type=Authenticator.Type.TOTP).data["secret"]
    settings.MFA_ENCRYPTION_KEY = "a-different-key"
    with pytest.raises(Exception, match="MFA_ENCRYPTION_KEY"):
        PortalMFAAdapter().decrypt(stored)
    settings.MFA_ENCRYPTION_KEY = f"a-different-key,vpp-mfa:{settings.SECRET_KEY}"
    assert PortalMFAAdapter().decrypt(stored) == TEST_TOTP_SECRET


def test_a_dpo_cannot_turn_off_their_only_second_factor(client, dpo):
    client.force_login(dpo)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    assert "Your role must use two-factor authentication" in page.content.decode()
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=dpo, type=Authenticator.Type.TOTP).exists()


def test_staff_can_turn_their_optional_app_off_after_confirming_it_is_them(client, staff):
    ensure_totp(staff, TEST_TOTP_SECRET)
    client.force_login(staff)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert (
        reverse("mfa_reauthenticate") in response["Location"]
        or reverse("account_reauthenticate") in response["Location"]
    )
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_the_two_factor_page_shows_what_is_set_up(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Authenticator app" in text
    assert "On" in text
    assert "Your role (DPO) must use it." in text
    assert "Security keys and passkeys" in text


def test_the_security_key_page_renders_with_its_browser_script_data(client, staff):
    client.force_login(staff)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Add a security key or passkey" in text
    assert '<script id="js_data" type="application/json">' in text
    assert "creation_options" in text
    assert "mfa/js/webauthn.js" in text


def test_ensure_totp_sets_the_secret_once_and_replaces_another(staff):
    assert ensure_totp(staff, TEST_TOTP_SECRET) is True
    assert ensure_totp(staff, TEST_TOTP_SECRET) is False
    assert ensure_totp(staff, "JBSWY3DPEHPK3PXP") is True
    stored = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    assert PortalMFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXP"
