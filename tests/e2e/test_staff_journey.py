"""End-to-end journeys in a real browser, by keyboard, with axe (WCAG 2.2 AA) on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sharing.models import Organisation
from tests.factories import TEST_PASSWORD, OrganisationFactory

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    type_into,
    visible_text,
)

OLD_NAME = "North Lincolnshire Council"
NEW_NAME = "North Lincolnshire Council (Unitary Authority)"
REASON = "Name corrected to match the signed data-sharing agreement"
# Every page title ends with an en dash and the portal's name.
TITLE_SUFFIX = " \N{EN DASH} VPP Governance Portal"


@pytest.mark.browser
def test_staff_signs_in_by_keyboard_renames_an_organisation_and_sees_it_in_the_history(
    portal_page, staff, police, hull
):
    page = portal_page
    renamed = OrganisationFactory(name=OLD_NAME, kind="local_authority")
    organisation_count = Organisation.objects.count()

    # Login page.
    page.goto(reverse("account_login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page, "the login page")
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)

    # Home: greeted by first name, with the real number of organisations.
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam")
    expect(page.get_by_test_id("organisation-count")).to_have_text(
        re.compile(rf"^\s*{organisation_count}\s+organisations\s*$")
    )
    assert_accessible(page, "the home page")

    # Organisations, through the primary navigation.
    primary_navigation = page.get_by_role("navigation", name="Primary navigation")
    activate_with_keyboard(page, primary_navigation.get_by_role("link", name="Organisations"))
    expect(page).to_have_url(re.compile(re.escape(reverse("sharing:organisation_list")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(primary_navigation.get_by_role("link", name="Organisations")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page, "the organisation list")

    # The organisation's detail page, from its name in the list.
    activate_with_keyboard(page, page.get_by_role("link", name=OLD_NAME, exact=True))
    detail_url = reverse("sharing:organisation_detail", kwargs={"pk": renamed.pk})
    expect(page).to_have_url(re.compile(re.escape(detail_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(OLD_NAME)
    assert_accessible(page, "the organisation detail page")

    # Edit.
    activate_with_keyboard(page, page.get_by_role("link", name=f"Edit {OLD_NAME}"))
    update_url = reverse("sharing:organisation_update", kwargs={"pk": renamed.pk})
    expect(page).to_have_url(re.compile(re.escape(update_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {OLD_NAME}")
    assert_accessible(page, "the organisation edit form")

    # Change the name, give a reason, and save: all by keyboard.
    name_field = page.get_by_label("Name", exact=True)
    reason_field = page.get_by_label("Reason for change (optional)")
    expect(name_field).to_have_value(OLD_NAME)
    tab_to(page, name_field)
    type_into(page, name_field, NEW_NAME)
    tab_to(page, reason_field)
    type_into(page, reason_field, REASON)
    activate_with_keyboard(page, page.get_by_role("button", name="Save organisation"))

    # Back on the detail page, with the success banner and the new name.
    expect(page).to_have_url(re.compile(re.escape(detail_url) + "$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Success")
    expect(banner).to_contain_text(f"{NEW_NAME} saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_NAME)
    assert_accessible(page, "the organisation detail page after saving")

    # The History tab records who, why, and the name's old and new values.
    record_tabs = page.get_by_role("navigation", name="Record sections")
    activate_with_keyboard(page, record_tabs.get_by_role("link", name="History"))
    history_url = reverse("sharing:organisation_history", kwargs={"pk": renamed.pk})
    expect(page).to_have_url(re.compile(re.escape(history_url) + "$"))
    expect(record_tabs.get_by_role("link", name="History")).to_have_attribute(
        "aria-current", "page"
    )
    history = page.get_by_test_id("history")
    change_row = history.locator("tbody tr").filter(has_text=REASON)
    expect(change_row).to_have_count(1)
    expect(change_row).to_contain_text(staff.full_name)
    expect(change_row).to_contain_text("Changed")
    name_change = change_row.locator("li").filter(has_text="Name:")
    assert visible_text(name_change) == f"Name: {OLD_NAME} → {NEW_NAME}"
    # Screen readers hear "from … to …" instead of the arrow alone.
    expect(name_change).to_contain_text(f"from {OLD_NAME}")
    expect(name_change).to_contain_text(f"to {NEW_NAME}")
    assert_accessible(page, "the organisation history page")

    renamed.refresh_from_db()
    assert renamed.name == NEW_NAME
    assert renamed.history.first().history_change_reason == REASON
    assert renamed.history.first().history_user == staff


@pytest.mark.browser
def test_partner_typing_another_organisations_address_gets_page_not_found_in_the_portal(
    portal_page, partner_police, hull
):
    page = portal_page
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, partner_police.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya")

    response = page.goto(reverse("sharing:organisation_detail", kwargs={"pk": hull.pk}))

    assert response is not None
    assert response.status == 404
    expect(page).to_have_title(re.compile("^Page not found" + re.escape(TITLE_SUFFIX) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(hull.name)).to_have_count(0)
    # The portal layout: header, who is signed in, and the partner's navigation.
    expect(page.get_by_role("banner")).to_contain_text("VPP Governance Portal")
    expect(page.locator(".moj-identity-bar")).to_contain_text(partner_police.full_name)
    primary_navigation = page.get_by_role("navigation", name="Primary navigation")
    expect(primary_navigation.get_by_role("link", name="My organisation")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your home page")).to_be_visible()
    assert_accessible(page, "the page-not-found page")


@pytest.mark.browser
def test_wrong_password_shows_the_error_summary_on_an_accessible_login_page(portal_page, staff):
    page = portal_page
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, "not-the-right-password")

    expect(page).to_have_url(re.compile(re.escape(reverse("account_login")) + "$"))
    expect(page).to_have_title(re.compile("^Error: Sign in" + re.escape(TITLE_SUFFIX) + "$"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).not_to_have_count(0)
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    assert_accessible(page, "the login page with an error")
