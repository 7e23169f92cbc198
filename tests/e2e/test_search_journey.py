"""By keyboard: search from the header box, read the grouped results, open one; axe at 0 on
the results, on the error and on a phone-sized screen."""

import os

import pytest
from playwright.sync_api import expect

from tests.governance.search_support import WORD, kestrel_records

from .browsing import activate_with_keyboard, assert_accessible, tab_to, type_into
from .test_every_page_accessible import sign_in_browser

pytestmark = pytest.mark.browser
#: Set to a folder to keep screenshots of the header at each width (for a person to look at).
SCREENSHOTS = os.environ.get("VPP_SEARCH_SCREENSHOTS")


@pytest.fixture
def records(staff, opcc, hull, police):
    return kestrel_records(staff=staff, opcc=opcc, hull=hull, police=police)


def test_staff_search_from_the_header_by_keyboard_and_open_a_result(
    portal_page, live_server, staff, records
):
    page = portal_page
    sign_in_browser(page, live_server, staff)
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the registers")
    tab_to(page, box)
    type_into(page, box, WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for ‘kestrel’")
    expect(page.get_by_test_id("search-group")).to_have_count(14)
    expect(page.get_by_role("heading", name="Data sources 2 found", level=2)).to_be_visible()
    assert_accessible(page, "search results")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/search-desktop.png", full_page=False)

    # The list of registers at the top jumps to a group; its first result is then a Tab away.
    tab_to(page, page.get_by_role("link", name="Policies (1)"), max_presses=80)
    page.keyboard.press("Enter")
    policy = records["policy"][0]
    activate_with_keyboard(page, page.get_by_role("link", name=str(policy)))
    expect(page.get_by_role("heading", level=1)).to_contain_text(policy.title)


def test_the_search_error_and_a_phone_sized_screen_pass_axe(
    portal_page, live_server, partner_hull, records
):
    page = portal_page
    sign_in_browser(page, live_server, partner_hull)
    page.goto("/governance/search/?q=")
    expect(page.get_by_role("link", name="Enter what you are looking for")).to_be_visible()
    assert_accessible(page, "search with an empty query")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/governance/search/?q={WORD}")
    expect(page.get_by_test_id("search-group")).to_have_count(4)
    header_box = page.get_by_role("searchbox", name="Search the registers").first
    expect(header_box).to_be_visible()
    # The box fits the narrow screen: nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "search results on a phone")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/search-phone.png", full_page=False)
