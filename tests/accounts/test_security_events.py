"""The security log: what is recorded, who can read it, and that nobody can change it.

Also: signing in no longer adds an empty "Changed" row to the user's history.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.choices import SecurityEventKind
from accounts.models import SecurityEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"


def sign_in(client, email, password, **headers):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="198.51.100.7",
        **headers,
    )


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind))


def test_signing_in_is_recorded_with_who_when_address_and_browser(client, staff):
    before = timezone.now()
    sign_in(client, "staff@test.vpp", TEST_PASSWORD)
    [event] = events(SecurityEventKind.SIGNED_IN)
    assert event.user == staff
    assert event.email == "staff@test.vpp"
    assert event.ip_address == "198.51.100.7"
    assert event.user_agent == BROWSER
    assert event.occurred_at >= before


def test_a_long_user_agent_is_cut_to_fit(client, staff):
    client.post(
        reverse("account_login"),
        {"login": "staff@test.vpp", "password": TEST_PASSWORD},
        HTTP_USER_AGENT="x" * 5000,
    )
    assert len(events(SecurityEventKind.SIGNED_IN)[0].user_agent) == 255


def test_a_failed_sign_in_is_recorded_with_the_address_tried(client, staff):
    sign_in(client, "staff@test.vpp", "not the password")
    sign_in(client, "nobody@test.vpp", "not the password")
    failures = {event.email: event for event in events(SecurityEventKind.SIGN_IN_FAILED)}
    assert failures["staff@test.vpp"].user == staff
    assert failures["nobody@test.vpp"].user is None
    assert failures["nobody@test.vpp"].ip_address == "198.51.100.7"
    assert not events(SecurityEventKind.SIGNED_IN)


def test_a_lockout_is_recorded(client, staff):
    for _ in range(5):
        sign_in(client, "staff@test.vpp", "not the password")
    [lockout] = events(SecurityEventKind.LOCKED_OUT)
    assert lockout.user == staff
    assert lockout.ip_address == "198.51.100.7"


def test_signing_out_is_recorded(client, staff):
    client.force_login(staff)
    client.post(reverse("account_logout"))
    assert [event.user for event in events(SecurityEventKind.SIGNED_OUT)] == [staff]


def test_changing_ones_password_is_recorded(client, staff):
    from allauth.account.signals import password_changed

    client.force_login(staff)
    request = client.get(reverse("home")).wsgi_request
    password_changed.send(sender=type(staff), request=request, user=staff)
    [event] = events(SecurityEventKind.PASSWORD_CHANGED)
    assert event.user == staff
    assert event.actor is None


def test_a_password_reset_is_recorded(rf, staff):
    from allauth.account.signals import password_reset

    password_reset.send(sender=type(staff), request=rf.post("/"), user=staff)
    assert [event.user for event in events(SecurityEventKind.PASSWORD_RESET)] == [staff]


def test_mfa_changes_are_recorded(rf, staff):
    from allauth.mfa import signals
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TEST_TOTP_SECRET

    authenticator = TOTP.activate(staff, TEST_TOTP_SECRET).instance
    assert isinstance(authenticator, Authenticator)
    request = rf.post("/")
    for signal in (
        signals.authenticator_added,
        signals.authenticator_reset,
        signals.authenticator_removed,
    ):
        signal.send(sender=Authenticator, request=request, user=staff, authenticator=authenticator)
    kinds = set(SecurityEvent.objects.filter(user=staff).values_list("kind", flat=True))
    assert {
        SecurityEventKind.MFA_ADDED,
        SecurityEventKind.MFA_RESET,
        SecurityEventKind.MFA_REMOVED,
    } <= kinds
    assert "TOTP Authenticator" in SecurityEvent.objects.filter(kind="mfa_added").get().detail


def test_a_refused_page_is_recorded_with_its_address(client, staff, governance_records):
    client.force_login(staff)
    url = reverse("governance:breach_ico", kwargs={"pk": governance_records["breach"].pk})
    assert client.get(url).status_code == 403
    [event] = events(SecurityEventKind.PERMISSION_DENIED)
    assert event.user == staff
    assert url in event.detail


def test_the_admin_setting_someones_password_is_recorded(client, admin_user, staff):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", kwargs={"id": staff.pk})
    new = "another-long-password-2026"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    [event] = events(SecurityEventKind.PASSWORD_CHANGED)
    assert (event.user, event.actor) == (staff, admin_user)


# --- Never editable -----------------------------------------------------------------------------


def test_nobody_can_be_given_permission_to_change_or_delete_an_event():
    codenames = set(
        Permission.objects.filter(content_type__app_label="accounts").values_list(
            "codename", flat=True
        )
    )
    assert "view_securityevent" in codenames
    assert not {"add_securityevent", "change_securityevent", "delete_securityevent"} & codenames
    assert not {"change_rolechange", "delete_rolechange"} & codenames


def test_an_event_cannot_be_changed_or_deleted(staff):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.SIGNED_IN, user=staff)
    event.detail = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_the_admin_site_does_not_offer_the_security_log(client, admin_user):
    client.force_login(admin_user)
    assert "securityevent" not in client.get(reverse("admin:index")).content.decode()


# --- The page -----------------------------------------------------------------------------------


def test_the_dpo_and_the_admin_read_the_log_and_others_are_refused(
    client, dpo, admin_user, staff, siro, director, partner_hull
):
    url = reverse("accounts:securityevent_list")
    for reader in (dpo, admin_user):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    for outsider in (staff, siro, director, partner_hull):
        client.force_login(outsider)
        assert client.get(url).status_code == 403


def test_the_navigation_links_the_log_for_the_dpo_only_among_dpo_and_staff(client, dpo, staff):
    url = reverse("accounts:securityevent_list")
    client.force_login(dpo)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(staff)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()


def test_the_log_filters_by_person_kind_and_dates(client, dpo, staff, partner_hull):
    old = SecurityEvent.objects.create(
        kind=SecurityEventKind.SIGNED_IN,
        user=partner_hull,
        occurred_at=timezone.now() - timedelta(days=40),
        detail="old sign-in",
    )
    SecurityEvent.objects.create(kind=SecurityEventKind.SIGN_IN_FAILED, email="mallory@evil.test")
    SecurityEvent.objects.create(kind=SecurityEventKind.SIGNED_IN, user=staff, detail="staff in")
    client.force_login(dpo)
    url = reverse("accounts:securityevent_list")

    def shown(**query):
        page = client.get(url, query)
        assert page.status_code == 200
        text = page.content.decode()
        return {
            name
            for name in ("Harry Hull", "mallory@evil.test", "Sam Staff", "Dana DPO")
            if name in text.split("<tbody", 1)[1]
        }

    assert shown(q="mallory") == {"mallory@evil.test"}
    assert shown(q="sam staff") == {"Sam Staff"}
    assert shown(q="HULL") == {"Harry Hull"}
    assert "Sam Staff" not in shown(kind="sign_in_failed")
    assert "mallory@evil.test" in shown(kind="sign_in_failed")
    day = timezone.localtime(old.occurred_at).date()
    assert shown(occurred_from=day.isoformat(), occurred_to=day.isoformat()) == {"Harry Hull"}
    assert "Harry Hull" not in shown(occurred_from=(day + timedelta(days=1)).isoformat())
    page = client.get(url, {"occurred_from": "2026-02-31"})
    assert page.status_code == 200
    assert "Enter a real date" in page.content.decode()


def test_the_person_filter_is_a_text_search_not_a_list_of_accounts(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("accounts:securityevent_list")).content.decode()
    assert '<input type="text" name="q"' in page
    assert '<select name="user"' not in page


def test_a_hostile_browser_name_is_shown_as_text(client, dpo):
    SecurityEvent.objects.create(
        kind=SecurityEventKind.SIGN_IN_FAILED,
        email="<script>alert(1)</script>@x.test",
        user_agent="<script>alert(2)</script>",
    )
    client.force_login(dpo)
    page = client.get(reverse("accounts:securityevent_list")).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


# --- last_login out of the history --------------------------------------------------------------


def test_signing_in_twice_adds_no_row_to_the_users_history(client, staff):
    rows = staff.history.count()
    sign_in(client, "staff@test.vpp", TEST_PASSWORD)
    client.post(reverse("account_logout"))
    sign_in(client, "staff@test.vpp", TEST_PASSWORD)
    staff.refresh_from_db()
    assert staff.last_login is not None
    assert staff.history.count() == rows
    assert len(events(SecurityEventKind.SIGNED_IN)) == 2
