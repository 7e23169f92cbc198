"""The DPO logs a subject access request, pauses it while the requester proves who they are,
records the identification arriving, and sees the new due date: by keyboard, axe on each page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.models.rights import RightsRequest
from governance.rights.clocks import Regime, clock, gdpr_due_on, long_date
from tests.factories import TEST_PASSWORD
from vpp_portal.forms import format_date

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    type_into,
)


def enter(page, field, text: str) -> None:
    """Move to ``field`` by keyboard and type ``text`` into it."""
    tab_to(page, field)
    type_into(page, field, text)


@pytest.mark.browser
def test_the_dpo_logs_a_subject_access_request_pauses_it_for_id_and_sees_the_new_due_date(
    portal_page, dpo
):
    page = portal_page
    today = timezone.localdate()
    received = today - timedelta(days=5)
    asked = today - timedelta(days=4)

    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, dpo.email, TEST_PASSWORD)
    page.goto(reverse("governance:rightsrequest_list"))
    assert_accessible(page, "the request list")
    activate_with_keyboard(page, page.get_by_role("link", name="Log a request"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a request from an individual")
    assert_accessible(page, "the new request form")

    page.get_by_label("Subject access (UK GDPR Art 15)").check()
    received_box = page.get_by_label("Received on")
    enter(page, received_box, format_date(received))
    enter(page, page.get_by_label("Requester's name"), "Robin Hale")
    enter(page, page.get_by_label("Requester's contact details"), "robin@example.com")
    enter(page, page.get_by_label("What is asked for"), "Records from the hotspot analysis")
    activate_with_keyboard(page, page.get_by_role("button", name="Log the request"))

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^RR-001"))
    first_due = gdpr_due_on(received)
    expect(page.get_by_test_id("rights-clock")).to_contain_text(f"Due {long_date(first_due)}")
    assert_accessible(page, "the request's page")

    # Pause it while the requester is asked for identification.
    activate_with_keyboard(
        page, page.get_by_role("link", name="Pause for identification or clarification")
    )
    assert_accessible(page, "the pause page")
    page.get_by_label("Waiting for identification").check()
    enter(page, page.get_by_label("Date the requester was asked"), format_date(asked))
    activate_with_keyboard(page, page.get_by_role("button", name=re.compile("Pause")))
    expect(page.get_by_test_id("rights-clock")).to_contain_text(
        f"Paused since {long_date(asked)}: waiting for identification"
    )
    assert_accessible(page, "the paused request")

    # The identification arrives today: the month starts again from today.
    activate_with_keyboard(page, page.get_by_role("link", name="Information received"))
    assert_accessible(page, "the information received page")
    enter(page, page.get_by_label("Date the information arrived"), format_date(today))
    activate_with_keyboard(page, page.get_by_role("button", name="Information received"))
    new_due = gdpr_due_on(today)
    expected = clock(regime=Regime.GDPR, today=today, due=new_due).text
    expect(page.get_by_test_id("rights-clock")).to_contain_text(expected)
    assert RightsRequest.objects.get().due_on == new_due
    assert_accessible(page, "the request with its new due date")
