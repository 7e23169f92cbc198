"""Sessions end after 30 idle minutes or 8 hours whatever the activity, end at once for a
deactivated user, get a new id at sign-in, and travel in an HttpOnly, SameSite=Lax cookie."""

import time

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.sessions import LAST_SEEN_AT_KEY, SIGNED_IN_AT_KEY
from tests.accounts.mfa_support import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def age_session(client, **seconds_ago: float) -> None:
    """Move the session's clocks back: ``signed_in=…``, ``last_seen=…`` seconds ago."""
    session = client.session
    now = time.time()
    if "signed_in" in seconds_ago:
        session[SIGNED_IN_AT_KEY] = now - seconds_ago["signed_in"]
    if "last_seen" in seconds_ago:
        session[LAST_SEEN_AT_KEY] = now - seconds_ago["last_seen"]
    session.save()


def test_the_defaults_are_thirty_idle_minutes_and_eight_hours_not_extended_by_activity():
    assert django_settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is False


def test_thirty_minutes_without_a_request_signs_the_user_out(client, staff):
    client.force_login(staff)
    age_session(client, signed_in=31 * 60, last_seen=31 * 60)
    response = client.get(reverse("sharing:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "did not use the portal for a while" in page.content.decode()


def test_a_request_within_the_idle_time_keeps_the_session_and_moves_its_clock(client, staff):
    client.force_login(staff)
    age_session(client, signed_in=29 * 60, last_seen=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT_KEY] < 5
    assert time.time() - client.session[SIGNED_IN_AT_KEY] >= 29 * 60


def test_eight_hours_after_sign_in_the_session_ends_however_busy_the_user_was(client, staff):
    client.force_login(staff)
    age_session(client, signed_in=8 * 60 * 60 + 1, last_seen=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "reached its time limit" in page.content.decode()


def test_both_limits_are_configurable(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    client.force_login(staff)
    age_session(client, last_seen=121)
    assert client.get(reverse("home")).status_code == 302

    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(staff)
    age_session(client, signed_in=3601, last_seen=1)
    assert client.get(reverse("home")).status_code == 302


def test_deactivating_a_user_ends_all_their_sessions_at_once(staff):
    browsers = [Client(HTTP_USER_AGENT=f"Browser {n}") for n in range(2)]
    for browser in browsers:
        sign_in(browser, staff.email, TEST_PASSWORD)
        assert browser.get(reverse("home")).status_code == 200
    keys = [browser.session.session_key for browser in browsers]
    assert UserSession.objects.filter(user=staff).count() == 2

    staff.is_active = False
    staff.save()

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=staff).exists()
    for browser in browsers:
        response = browser.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_saving_an_active_user_ends_none_of_their_sessions(client, staff):
    sign_in(client, staff.email, TEST_PASSWORD)
    staff.job_title = "Senior analyst"
    staff.save()
    assert client.get(reverse("home")).status_code == 200


def test_signing_in_gives_the_session_a_new_id(client, staff):
    client.get(reverse("account_login"))
    session = client.session
    session["before_sign_in"] = True
    session.save()
    before = session.session_key
    sign_in(client, staff.email, TEST_PASSWORD)
    after = client.session.session_key
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_the_session_cookie_is_http_only_and_same_site_lax(client, staff):
    response = sign_in(client, staff.email, TEST_PASSWORD)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_user_sees_their_own_sessions_and_can_sign_the_others_out(staff):
    here, elsewhere = Client(HTTP_USER_AGENT="Here"), Client(HTTP_USER_AGENT="Elsewhere")
    sign_in(here, staff.email, TEST_PASSWORD)
    sign_in(elsewhere, staff.email, TEST_PASSWORD)
    page = here.get(reverse("usersessions_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Here" in text and "Elsewhere" in text
    assert "Sign out of the other sessions" in text
    here.post(reverse("usersessions_list"))
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302
