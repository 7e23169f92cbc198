"""A processing activity in a real browser, by keyboard, with axe on every page: staff record
one with personal data, see which ICO columns are empty, try to make it active and are told
everything that is missing, each with a link to where it is put right."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ropa.models import ProcessingActivity
from tests.factories import TEST_PASSWORD

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    type_into,
)

NAME = "Youth violence hotspot analysis"


@pytest.mark.browser
def test_staff_record_an_activity_see_what_is_missing_and_cannot_activate_it_yet(
    portal_page, staff
):
    page = portal_page
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)

    navigation = page.get_by_role("navigation", name="Primary navigation")
    activate_with_keyboard(page, navigation.get_by_role("link", name="ROPA"))
    assert_accessible(page, "the ROPA list")
    page.goto(reverse("ropa:processingactivity_create"))
    assert_accessible(page, "the new activity form")

    for label, text in (
        ("Name", NAME),
        ("Business function", "Analysis"),
        ("Purpose of the processing", "Find where young people are hurt, to target outreach."),
    ):
        field = page.get_by_label(label, exact=True)
        tab_to(page, field, max_presses=400)
        type_into(page, field, text)
    personal = page.get_by_role("checkbox", name="Personal data", exact=True)
    tab_to(page, personal, max_presses=400)
    page.keyboard.press("Space")
    expect(personal).to_be_checked()
    save = page.get_by_role("button", name="Save processing activity")
    tab_to(page, save, max_presses=400)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    activity = ProcessingActivity.objects.get(name=NAME)
    expect(page).to_have_url(re.compile(re.escape(activity.get_absolute_url()) + "$"))
    completeness = page.get_by_test_id("completeness")
    expect(completeness).to_contain_text("Categories of individuals")
    expect(completeness).to_contain_text("Article 6 lawful basis")
    assert_accessible(page, "the new activity's page")

    activate_with_keyboard(page, page.get_by_role("link", name="Make the activity active"))
    assert_accessible(page, "the activation page")
    activate_with_keyboard(page, page.get_by_role("button", name="Make active"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    for missing in ("agreement", "Art 6 lawful basis", "DPIA required?"):
        expect(summary).to_contain_text(missing)
    # Each problem links to where it is put right.
    assert summary.get_by_role("link").count() >= 3
    assert_accessible(page, "the refused activation")
    activity.refresh_from_db()
    assert activity.status == "draft"
