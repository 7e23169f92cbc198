"""The accountability dashboard in a browser, full of figures: axe at 0, a figure followed by
keyboard to its list, and a page that prints without the portal's navigation."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.governance.dashboard_mix import build_mix

from .browsing import assert_accessible, tab_to
from .test_every_page_accessible import sign_in_browser

pytestmark = pytest.mark.browser


def test_the_siro_reads_the_dashboard_and_follows_a_figure_by_keyboard(
    portal_page, live_server, opcc, staff, dpo, director, siro
):
    build_mix(opcc=opcc, staff=staff, dpo=dpo, director=director, siro=siro)
    sign_in_browser(portal_page, live_server, siro)
    portal_page.goto(reverse("governance:dashboard"))
    expect(portal_page.get_by_role("heading", level=1)).to_have_text("Accountability dashboard")
    contracts = portal_page.get_by_test_id("panel-contracts")
    expect(contracts.get_by_role("heading", level=2)).to_have_text("Contracts and data sharing")
    expect(portal_page.get_by_test_id("panel-training")).to_contain_text(
        "People in date with their training"
    )
    assert portal_page.locator(".app-dashboard [style]").count() == 0
    assert_accessible(portal_page, "the dashboard with every panel's figures")

    # A keyboard user jumps to the panel from the contents list, then tabs to its figure.
    contents_link = portal_page.get_by_role("link", name="Contracts and data sharing", exact=True)
    tab_to(portal_page, contents_link)
    portal_page.keyboard.press("Enter")
    expect(portal_page).to_have_url(re.compile("#panel-contracts$"))
    expiring = contracts.get_by_role("link", name="1 expiring within 90 days")
    tab_to(portal_page, expiring, max_presses=20)
    with portal_page.expect_navigation():
        portal_page.keyboard.press("Enter")
    expect(portal_page.get_by_role("heading", level=1)).to_have_text("Agreements")
    expect(portal_page.get_by_role("link", name="Expiring 0")).to_be_visible()
    expect(portal_page.get_by_role("link", name="Active 0")).to_have_count(0)

    portal_page.go_back()
    portal_page.emulate_media(media="print")
    expect(portal_page.get_by_role("navigation", name="Primary navigation")).to_be_hidden()
    expect(contracts).to_be_visible()
