"""Keyboard only, axe at 0: an editor records what an ISA covers, and the ISA's page then shows
the item covered, in words."""

import pytest

from sharing.models import AgreementCodeItem
from tests.factories import AgreementFactory

from .browsing import assert_accessible
from .test_every_page_accessible import sign_in_browser

pytestmark = pytest.mark.browser


def test_an_editor_records_an_item_by_keyboard_and_the_isa_page_shows_it(
    portal_page, live_server, staff, opcc
):
    agreement = AgreementFactory(
        title="Hull youth ISA", kind="isa", status="active", parties=[(opcc, "controller")]
    )
    page = portal_page
    sign_in_browser(page, live_server, staff)
    page.goto(agreement.get_absolute_url())
    assert_accessible(page, "the ISA page with items missing")
    assert page.get_by_test_id("code-items-missing").is_visible()
    # The problems panel links there too; the button is under the items.
    page.get_by_role("link", name="Record what the agreement covers").last.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/contents/")
    assert_accessible(page, "the ISA's code items page")
    page.get_by_role("group", name="Breach procedure").get_by_label(
        "How the agreement deals with it"
    ).focus()
    page.keyboard.type("Tell the other party's DPO within 24 hours.")
    page.get_by_role("button", name="Save what the agreement covers").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"{agreement.get_absolute_url()}#contents")
    assert_accessible(page, "the ISA page after saving")
    row = page.locator("#item-breach")
    assert "Covered" in row.inner_text()
    assert "Tell the other party's DPO within 24 hours." in row.inner_text()
    assert AgreementCodeItem.objects.get(agreement=agreement, item="breach").answer
