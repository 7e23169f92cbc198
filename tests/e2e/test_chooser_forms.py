"""The forms whose organisation, agreement, data source, activity, policy and person fields are
choosers, in the browser: a DPIA's processing activities added through the multiple chooser by
keyboard, and every such form page (empty, filled in, and refusing an unknown name) passing axe.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.models import Dpia
from ropa.models import ProcessingActivity
from tests.factories import TEST_PASSWORD
from tests.test_url_role_matrix import url_for

from .browsing import assert_accessible, sign_in_with_keyboard, tab_to, type_into
from .test_every_page_accessible import sign_in_browser

#: The pages of the forms with choosers (the sign-off page is the SIRO's, checked as the SIRO).
FORM_PAGES = (
    "sharing:agreement_create",
    "sharing:agreement_update",
    "sharing:agreementparty_create",
    "sharing:forum_update",
    "sharing:connectionrequest_update",
    "sharing:product_update",
    "sharing:consultation_create",
    "sharing:datasource_update",
    "ropa:processingactivity_update",
    "ropa:disposal_create",
    "ropa:disposal_update",
    "governance:dpia_update",
    "governance:policy_update",
    "governance:breach_create",
)


@pytest.mark.browser
def test_staff_add_a_dpias_activities_by_keyboard_through_the_chooser(
    portal_page, staff, ropa_records
):
    page = portal_page
    crime = ropa_records["processingactivity"]
    referrals = ProcessingActivity.objects.create(
        name="Knife crime referrals", business_function="Analysis", purpose="Referrals"
    )
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)
    page.goto(reverse("governance:dpia_create"))
    assert_accessible(page, "the new DPIA form")
    # The activities are typed, not listed.
    expect(page.get_by_text(crime.name)).to_have_count(0)

    title = page.get_by_label("Title", exact=True)
    tab_to(page, title)
    type_into(page, title, "Hotspot and referral matching")
    add = page.get_by_label("Processing activities", exact=True)
    tab_to(page, add)
    for typed, name in (("open crime", crime.name), ("knife", referrals.name)):
        type_into(page, add, typed)
        expect(page.get_by_role("option", name=name, exact=True)).to_be_visible()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
        expect(add).to_have_value("")
    assert_accessible(page, "the DPIA form with two activities chosen")

    with page.expect_navigation():
        page.get_by_role("button", name="Save DPIA").click()
    dpia = Dpia.objects.get(title="Hotspot and referral matching")
    assert set(dpia.activities.all()) == {crime, referrals}
    assert_accessible(page, "the new DPIA's page")


@pytest.mark.browser
def test_the_forms_with_choosers_pass_axe_filled_in_and_refusing_a_name(
    request, portal_page, live_server, staff, siro
):
    page = portal_page
    objects = request.getfixturevalue("url_objects")
    sign_in_browser(page, live_server, staff)
    for name in FORM_PAGES:
        url = url_for(name, objects)
        response = page.goto(url)
        assert response.status == 200, f"{name} ({url}) answered {response.status}"
        assert_accessible(page, f"{name} ({url})")

    # A supplier typed but never chosen, which no organisation is called: said at the field.
    page.goto(url_for("sharing:datasource_update", objects))
    supplier = page.locator("#id_supplier")
    supplier.fill("No such organisation anywhere")
    with page.expect_navigation():
        page.get_by_role("button", name="Save data source").click()
    group = page.locator("#div_id_supplier")
    expect(group).to_contain_text(
        "No organisation called ‘No such organisation anywhere’ was found"
    )
    assert_accessible(page, "the data source form refusing a supplier's name")

    sign_in_browser(page, live_server, siro)
    url = url_for(
        "governance:dpia_transition",
        objects,
        transition="approve",
        record="dpia_awaiting_sign_off",
    )
    page.goto(url)
    assert_accessible(page, f"the DPIA sign-off form ({url})")
