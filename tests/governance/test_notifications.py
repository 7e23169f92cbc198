"""Notifications: everyone's own list, opening one, marking read, the header badge, the e-mail
settings, and the e-mails the reminder sweep sends."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReminderKind
from governance.models import EmailPreference, Notification, Policy
from governance.reminders import sweep

pytestmark = pytest.mark.django_db

#: What each side is offered: partners hear of consultations (their reminders and new ones)
#: and of breaches they are told about; internal users of everything else.
PARTNER_KINDS = [
    ReminderKind.CONSULTATION_DUE,
    ReminderKind.RIGHTS_SEARCH_DUE,
    ReminderKind.CONSULTATION_OPENED,
    ReminderKind.BREACH_PARTNER_TOLD,
]
INTERNAL_KINDS = [
    kind
    for kind in ReminderKind
    if kind not in (ReminderKind.CONSULTATION_OPENED, ReminderKind.BREACH_PARTNER_TOLD)
]

LIST = reverse("governance:notification_list")
SETTINGS = reverse("governance:notification_settings")
READ_ALL = reverse("governance:notification_read_all")


def notify(user, title="The review of policy ‘Data Protection Policy’ is due today", **values):
    values.setdefault("kind", ReminderKind.POLICY_REVIEW)
    values.setdefault("url", reverse("governance:policy_list"))
    return Notification.objects.create(user=user, title=title, **values)


def titles(response) -> list[str]:
    return [n.title for n in response.context["notifications"]]


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_only_your_own_notifications_newest_first(client, staff, dpo):
    now = timezone.now()
    notify(staff, "Older", created_at=now - datetime.timedelta(days=2))
    notify(staff, "Newer", created_at=now - datetime.timedelta(hours=1))
    notify(dpo, "For the DPO only")
    client.force_login(staff)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    assert "For the DPO only" not in response.content.decode()


def test_a_partner_sees_their_own_notifications(client, partner_hull, partner_police):
    notify(partner_hull, "Hull's consultation", kind=ReminderKind.CONSULTATION_DUE)
    notify(partner_police, "Police consultation", kind=ReminderKind.CONSULTATION_DUE)
    client.force_login(partner_hull)
    assert titles(client.get(LIST)) == ["Hull's consultation"]


def test_unread_notifications_say_unread_in_words(client, staff):
    notify(staff, "Still unread")
    notify(staff, "Already read", read_at=timezone.now())
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert page.count('data-testid="unread-tag">Unread</strong>') == 1
    assert page.count("Mark as read<span") == 1


def test_an_escalation_says_it_was_sent_to_the_dpo(client, dpo):
    notify(dpo, "The review of policy ‘X’ was due on 1 May and is overdue", is_escalation=True)
    client.force_login(dpo)
    page = client.get(LIST).content.decode()
    assert "Overdue: sent to you as the DPO" in page


def test_the_list_can_show_only_unread_or_only_read(client, staff):
    notify(staff, "Unread one")
    notify(staff, "Read one", read_at=timezone.now())
    client.force_login(staff)
    assert titles(client.get(LIST, {"state": "unread"})) == ["Unread one"]
    assert titles(client.get(LIST, {"state": "read"})) == ["Read one"]
    assert sorted(titles(client.get(LIST))) == ["Read one", "Unread one"]


def test_a_nonsense_filter_or_page_shows_the_list_rather_than_an_error(client, staff):
    notify(staff, "Unread one")
    client.force_login(staff)
    response = client.get(LIST, {"state": "<script>", "page": "999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert titles(response) == ["Unread one"]


def test_the_list_is_paginated_twenty_to_a_page(client, staff):
    for index in range(25):
        notify(staff, f"Notification {index}")
    client.force_login(staff)
    first = client.get(LIST)
    assert len(titles(first)) == 20
    assert "Showing 1 to 20 of 25 notifications" in first.content.decode()
    assert len(titles(client.get(LIST, {"page": 2}))) == 5


def test_with_no_notifications_the_list_says_so(client, staff):
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert "You have no notifications yet." in page
    assert 'data-testid="read-all"' not in page


# --- Opening and marking read ------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(client, staff):
    notification = notify(staff, url="/governance/policies/")
    client.force_login(staff)
    response = client.get(reverse("governance:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/governance/policies/"
    notification.refresh_from_db()
    assert notification.is_read


def test_opening_a_read_notification_keeps_when_it_was_first_read(client, staff):
    first_read = timezone.now() - datetime.timedelta(days=3)
    notification = notify(staff, read_at=first_read)
    client.force_login(staff)
    client.get(reverse("governance:notification_open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_a_link_off_the_portal_is_not_followed(client, staff):
    notification = notify(staff, url="https://evil.example/phish")
    client.force_login(staff)
    response = client.get(reverse("governance:notification_open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_a_partner_cannot_open_another_users_notification(client, partner_hull, partner_police):
    theirs = notify(partner_hull, kind=ReminderKind.CONSULTATION_DUE)
    client.force_login(partner_police)
    response = client.get(reverse("governance:notification_open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_as_read_marks_one_and_returns_with_a_banner(client, staff):
    first = notify(staff, "First")
    second = notify(staff, "Second")
    client.force_login(staff)
    response = client.post(
        reverse("governance:notification_read", args=[first.pk]),
        {"next": f"{LIST}?state=unread"},
        follow=True,
    )
    assert response.redirect_chain == [(f"{LIST}?state=unread", 302)]
    assert "Marked as read: First." in response.content.decode()
    assert titles(response) == ["Second"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_read, second.is_read) == (True, False)


def test_mark_as_read_never_returns_off_the_portal(client, staff):
    notification = notify(staff)
    client.force_login(staff)
    response = client.post(
        reverse("governance:notification_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == LIST


def test_nobody_can_mark_another_users_notification_read(client, staff, dpo):
    theirs = notify(dpo)
    client.force_login(staff)
    response = client.post(reverse("governance:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_all_as_read_marks_only_your_own(client, staff, dpo):
    mine = [notify(staff, f"Mine {index}") for index in range(3)]
    theirs = notify(dpo)
    client.force_login(staff)
    response = client.post(READ_ALL, follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).is_read for n in mine)
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert 'data-testid="read-all"' not in response.content.decode()


def test_mark_all_as_read_with_nothing_unread_says_so(client, staff):
    client.force_login(staff)
    response = client.post(READ_ALL, follow=True)
    assert "You have no unread notifications." in response.content.decode()


@pytest.mark.parametrize("name", ["notification_read", "notification_read_all"])
def test_the_mark_read_addresses_refuse_a_get(client, staff, name):
    notification = notify(staff)
    client.force_login(staff)
    args = [notification.pk] if name == "notification_read" else []
    response = client.get(reverse(f"governance:{name}", args=args))
    assert response.status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


def test_the_mark_read_buttons_need_the_csrf_token(staff):
    from django.test import Client

    notification = notify(staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(READ_ALL).status_code == 403
    notification.refresh_from_db()
    assert not notification.is_read


# --- The header badge ---------------------------------------------------------------------------


def badge(response) -> str:
    page = response.content.decode()
    marker = 'data-testid="unread-badge">'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split("</strong>", 1)[0]


def test_the_header_badge_counts_unread_notifications_on_every_page(client, staff):
    for index in range(3):
        notify(staff, f"Unread {index}")
    notify(staff, "Read", read_at=timezone.now())
    client.force_login(staff)
    for url in (reverse("home"), reverse("sharing:organisation_list"), LIST):
        assert badge(client.get(url)) == (
            '3<span class="govuk-visually-hidden"> unread notifications</span>'
        )


def test_one_unread_notification_is_said_in_the_singular(client, staff):
    notify(staff)
    client.force_login(staff)
    assert "> unread notification</span>" in badge(client.get(reverse("home")))


def test_the_header_badge_disappears_once_everything_is_read(client, staff):
    notify(staff)
    client.force_login(staff)
    client.post(READ_ALL)
    page = client.get(reverse("home"))
    assert badge(page) == ""
    assert 'data-testid="notifications-link"' in page.content.decode()


def test_anonymous_visitors_have_no_notifications_link(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'data-testid="notifications-link"' not in page


# --- E-mail settings ------------------------------------------------------------------------------


def offered(response) -> dict[str, bool]:
    form = response.context["form"]
    ticked = set(form.initial.get("email_kinds", []))
    return {kind: kind in ticked for kind, _label in form.fields["email_kinds"].choices}


def test_every_kind_is_e_mailed_until_turned_off(client, staff):
    client.force_login(staff)
    response = client.get(SETTINGS)
    assert offered(response) == {str(kind): True for kind in INTERNAL_KINDS}
    page = response.content.decode()
    assert "E-mail me about" in page
    assert "in-app notifications cannot be turned off" in page


def test_the_settings_are_saved_and_shown_again(client, staff):
    client.force_login(staff)
    keep = [str(kind) for kind in INTERNAL_KINDS if kind != ReminderKind.POLICY_REVIEW]
    response = client.post(SETTINGS, {"email_kinds": keep}, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your e-mail settings have been saved." in response.content.decode()
    assert offered(response)[ReminderKind.POLICY_REVIEW] is False
    assert sum(offered(response).values()) == len(INTERNAL_KINDS) - 1
    # Ticked again: e-mails are back on, with one row per kind and user still.
    client.post(SETTINGS, {"email_kinds": [*keep, ReminderKind.POLICY_REVIEW]})
    assert offered(client.get(SETTINGS))[ReminderKind.POLICY_REVIEW] is True
    assert EmailPreference.objects.filter(user=staff).count() == len(INTERNAL_KINDS)


def test_unticking_everything_turns_every_e_mail_off(client, staff):
    client.force_login(staff)
    client.post(SETTINGS, {})
    assert not any(offered(client.get(SETTINGS)).values())


def test_one_users_settings_leave_everyone_elses_alone(client, staff, dpo):
    client.force_login(staff)
    client.post(SETTINGS, {})
    assert not EmailPreference.objects.filter(user=dpo).exists()


def test_a_kind_that_does_not_exist_is_refused_next_to_the_field(client, staff):
    client.force_login(staff)
    response = client.post(SETTINGS, {"email_kinds": ["not_a_kind"]})
    assert response.status_code == 200
    assert "Choose only the kinds of reminder listed." in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_partners_are_offered_only_the_e_mails_about_what_asks_their_organisation(
    client, partner_hull
):
    client.force_login(partner_hull)
    response = client.get(SETTINGS)
    assert offered(response) == {kind: True for kind in PARTNER_KINDS}
    client.post(SETTINGS, {})
    assert sorted(EmailPreference.objects.values_list("kind", "send_email")) == sorted(
        (kind, False) for kind in PARTNER_KINDS
    )


# --- E-mails from the sweep -----------------------------------------------------------------------


@pytest.fixture
def overdue_policy(opcc, staff, dpo):
    """A policy its owner (staff) should have reviewed yesterday: the owner is reminded and the
    DPO escalated to."""
    return Policy.objects.create(
        title="Data Protection Policy",
        kind="policy",
        owner_organisation=opcc,
        owner=staff,
        next_review_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def test_the_sweep_e_mails_each_recipient_once_in_text_and_html(settings, overdue_policy):
    settings.PORTAL_BASE_URL = "https://vpp.example"
    sweep()
    messages = sorted(mail.outbox, key=lambda message: message.to[0])
    assert [message.to for message in messages] == [["dpo@test.vpp"], ["staff@test.vpp"]]
    link = f"https://vpp.example{overdue_policy.get_absolute_url()}"
    settings_link = f"https://vpp.example{SETTINGS}"
    for message in messages:
        notification = Notification.objects.get(user__email=message.to[0])
        assert message.subject == notification.title
        assert "Data Protection Policy" in message.subject
        assert message.extra_headers["Message-ID"].startswith(f"<notification-{notification.pk}@")
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert link in message.body and settings_link in message.body
        assert f'href="{link}"' in html and f'href="{settings_link}"' in html
        assert '<html lang="en-GB">' in html
        assert "Open the record in the VPP Governance Portal" in html
    dpo_message, owner_message = messages
    assert "escalated to you as the Data Protection Officer" in dpo_message.body
    assert "Dear Sam," in owner_message.body
    assert "escalated" not in owner_message.body


def test_a_second_sweep_sends_nothing_more(overdue_policy):
    sweep()
    sweep()
    assert len(mail.outbox) == 2


def test_an_opted_out_user_gets_the_notification_but_no_e_mail(client, staff, overdue_policy):
    client.force_login(staff)
    client.post(
        SETTINGS,
        {"email_kinds": [str(k) for k in INTERNAL_KINDS if k != ReminderKind.POLICY_REVIEW]},
    )
    sweep()
    assert [message.to for message in mail.outbox] == [["dpo@test.vpp"]]
    assert Notification.objects.filter(user=staff, kind=ReminderKind.POLICY_REVIEW).count() == 1
    assert badge(client.get(LIST)).startswith("1<")


def test_a_long_list_pages_by_twenty_and_the_next_page_keeps_the_filter(client, staff):
    for number in range(25):
        notify(staff, title=f"Reminder {number:02d}")
    client.force_login(staff)
    first = client.get(LIST, {"state": "unread"})
    page = first.content.decode()
    assert len(titles(first)) == 20
    assert 'href="?state=unread&amp;page=2" rel="next"' in page
    second = client.get(LIST, {"state": "unread", "page": 2})
    assert len(titles(second)) == 5
    assert 'href="?state=unread&amp;page=1" rel="prev"' in second.content.decode()


def test_a_register_list_pages_through_its_table_prefix(client, staff):
    from tests.factories import OrganisationFactory

    for number in range(30):
        OrganisationFactory(name=f"Partner {number:02d}")
    client.force_login(staff)
    page = client.get(reverse("sharing:organisation_list"), {"q": "Partner"}).content.decode()
    assert "Showing 1 to 25 of 30" in page
    assert 'href="?q=Partner&amp;page=2" rel="next"' in page
