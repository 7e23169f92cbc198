"""Signing in with an e-mail address through django-allauth, with lockout after failures."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_user_signs_in_with_their_email_address_and_lands_on_home(client, staff):
    response = sign_in(client, "Staff@Test.VPP", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Sam Staff" in home.content.decode()


def test_a_wrong_password_is_reported_and_signs_nobody_in(client, staff):
    response = sign_in(client, "staff@test.vpp", "not the password")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failed_attempts_lock_the_account_even_with_the_right_password(client, staff):
    for _ in range(5):
        sign_in(client, "staff@test.vpp", "not the password")
    response = sign_in(client, "staff@test.vpp", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_themselves_up(client):
    assert client.get("/accounts/signup/").status_code == 404


def test_signing_out_is_a_post_and_ends_the_session(client, staff):
    client.force_login(staff)
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_identity_bar_shows_name_role_and_organisation(client, partner_hull):
    client.force_login(partner_hull)
    text = client.get(reverse("home")).content.decode()
    assert "Harry Hull" in text
    assert "Partner" in text
    assert "Hull City Council" in text


def test_the_django_admin_sign_in_hands_over_to_the_portals(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
