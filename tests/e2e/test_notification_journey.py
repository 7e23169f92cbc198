"""The DPO signs in to find reminders waiting, by keyboard, with axe on every page: the header
shows how many are unread, the Notifications page lists the overdue DPIA review escalated to
her, and following it opens the DPIA, marks it read and takes one off the count."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from governance.models import Dpia, Notification, Policy
from tests.dpias import approved_dpia
from tests.factories import TEST_PASSWORD
from vpp_portal.editing import save_register_row

from .browsing import activate_with_keyboard, assert_accessible, sign_in_with_keyboard

TIIG = "TIIG injury surveillance at Hull Royal Infirmary"
POLICY = "OPCC Subject Access Procedure"


def unread_badge(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Account").get_by_test_id("unread-badge")


def expect_unread(page: Page, count: int) -> None:
    """The header's Notifications link says how many are unread, in words for a screen reader."""
    badge = unread_badge(page)
    expect(badge).to_contain_text(re.compile(rf"^\s*{count}\b"))
    noun = "notification" if count == 1 else "notifications"
    expect(badge).to_contain_text(f"unread {noun}")


@pytest.mark.browser
def test_the_dpo_reads_the_overdue_dpia_notification_and_opens_the_dpia_by_keyboard(
    portal_page, staff, dpo, director, opcc
):
    page = portal_page
    today = timezone.localdate()
    # An approved DPIA whose review, the analyst's, passed ten days ago (the approval service
    # takes only a future date, so time is moved on afterwards), and a policy of the DPO's own
    # due for review in 5 days.
    dpia = approved_dpia(staff, dpo, director, title=TIIG)
    # Its own steps told her as it went through (submitted to her): she read those then.
    call_command("send_reminders")
    Notification.objects.filter(user=dpo).update(read_at=timezone.now())
    Dpia.objects.filter(pk=dpia.pk).update(
        next_review_on=today - timedelta(days=10), review_owner=staff
    )
    save_register_row(
        Policy(
            title=POLICY,
            kind="procedure",
            owner_organisation=opcc,
            status="in_force",
            version="2.0",
            owner=dpo,
            next_review_on=today + timedelta(days=5),
        ),
        actor=staff,
        reason="Adopted",
    )
    call_command("send_reminders")
    assert Notification.objects.filter(user=dpo, read_at__isnull=True).count() == 2
    overdue = Notification.objects.get(user=dpo, kind="dpia_review")

    # Sign in: the header says two notifications are unread.
    page.goto(reverse("account_login"))
    assert_accessible(page, "the login page")
    sign_in_with_keyboard(page, dpo.email, TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect_unread(page, 2)
    assert_accessible(page, "the home page with unread notifications")

    # Notifications, from the header's link.
    account = page.get_by_role("navigation", name="Account")
    activate_with_keyboard(page, account.get_by_role("link", name=re.compile("^Notifications")))
    expect(page).to_have_url(re.compile(re.escape(reverse("governance:notification_list")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_accessible(page, "the notification list")

    # The overdue review is there, unread, and says it came to her as the DPO.
    # (The DPIA's earlier steps are listed too, read: only the overdue review is unread.)
    item = page.get_by_test_id("notification").filter(has_text=TIIG).filter(has_text="overdue")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("unread-tag")).to_have_text("Unread")
    expect(item.get_by_test_id("escalation-tag")).to_be_visible()

    # Following it opens the DPIA, marks it read and takes one off the count.
    activate_with_keyboard(page, item.get_by_role("link", name=re.compile(re.escape(TIIG))))
    expect(page).to_have_url(re.compile(re.escape(dpia.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TIIG)
    expect_unread(page, 1)
    assert_accessible(page, "the overdue DPIA")
    overdue.refresh_from_db()
    assert overdue.read_at is not None
    assert Notification.objects.filter(user=dpo, read_at__isnull=True).count() == 1

    # Back on the list it is no longer marked unread; the policy review still is.
    account = page.get_by_role("navigation", name="Account")
    activate_with_keyboard(page, account.get_by_role("link", name=re.compile("^Notifications")))
    item = page.get_by_test_id("notification").filter(has_text=TIIG)
    expect(item.get_by_test_id("unread-tag")).to_have_count(0)
    policy_item = page.get_by_test_id("notification").filter(has_text=POLICY)
    expect(policy_item.get_by_test_id("unread-tag")).to_have_text("Unread")
    assert_accessible(page, "the notification list after reading one")
