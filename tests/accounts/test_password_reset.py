"""Asking for a password reset says the same thing, the same way, whoever the address belongs to.

The page never tells a visitor whether an address has an account (no 500, no different page, no
sign-up link); only an address with an active account receives the e-mail.
"""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask_for_a_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def test_an_unknown_address_gets_the_same_page_as_a_known_one(client, staff):
    known = ask_for_a_reset(client, staff.email)
    unknown = ask_for_a_reset(client, "nobody@nowhere.test")
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content.decode().replace(
        unknown.wsgi_request.META.get("CSRF_COOKIE", ""), ""
    ) == known.content.decode().replace(known.wsgi_request.META.get("CSRF_COOKIE", ""), "")
    assert "Check your e-mail" in unknown.content.decode()


def test_only_a_known_address_is_sent_a_reset_link(client, staff):
    ask_for_a_reset(client, "nobody@nowhere.test")
    assert mail.outbox == []
    ask_for_a_reset(client, staff.email)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert "/accounts/password/reset/key/" in message.body


def test_the_reset_link_sets_a_new_password(client, staff):
    ask_for_a_reset(client, staff.email)
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/password/reset/key/" in line
    ).strip()
    path = link[link.index("/accounts/") :]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "a-brand-new-long-password", "password2": "a-brand-new-long-password"},
        follow=True,
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password("a-brand-new-long-password")


def test_a_deactivated_account_is_sent_nothing_and_sees_the_same_page(client, staff):
    deactivated = UserFactory(email="gone@test.vpp", is_active=False)
    response = ask_for_a_reset(client, deactivated.email)
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_no_reset_page_or_e_mail_offers_a_sign_up_link(client, staff):
    for email in (staff.email, "nobody@nowhere.test"):
        response = ask_for_a_reset(client, email)
        assert "signup" not in response.content.decode().lower()
        assert "sign up" not in response.content.decode().lower()
    for message in mail.outbox:
        assert "signup" not in message.body.lower()
        assert "sign up" not in message.body.lower()
