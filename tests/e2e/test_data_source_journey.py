"""Adding a partner-shared data source in one save: by keyboard the classification reveals only
its own fields, the supplier is chosen through the autocomplete (the page lists no
organisations), the agreement list follows the supplier (htmx), and axe finds nothing."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from sharing.models import DataSource
from tests.factories import TEST_PASSWORD, AgreementFactory

from .browsing import assert_accessible, sign_in_with_keyboard, tab_to, type_into

NAME = "Humberside Police custody records"


def choose_supplier(page: Page, supplier: Locator, typed: str, name: str) -> None:
    """Type part of a name into the focused supplier box, pick the suggestion by keyboard and
    leave the box (Tab), which refreshes the agreement list."""
    type_into(page, supplier, typed)
    suggestion = page.get_by_role("option", name=name, exact=True)
    expect(suggestion).to_be_visible()
    with page.expect_response(re.compile(r"/agreement-choices/")):
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(supplier).to_have_value(name)
        page.keyboard.press("Tab")


@pytest.mark.browser
def test_staff_add_a_partner_shared_source_with_one_save(
    portal_page, staff, opcc, police, hull, hull_sharing
):
    page = portal_page
    AgreementFactory(
        title="Police custody ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (police, "controller")],
    )
    AgreementFactory(title="Police draft ISA", parties=[(police, "controller")])
    before = DataSource.objects.count()

    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)
    page.goto(reverse("sharing:datasource_create"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add data source")
    assert_accessible(page, "the new data source form")

    # The no-JavaScript refresh button is gone: htmx refreshes the list instead.
    expect(page.locator("button[name=refresh]")).to_have_count(0)
    name = page.get_by_label("Name", exact=True)
    tab_to(page, name)
    type_into(page, name, NAME)

    # Only the chosen classification's fields show.
    url = page.locator("#id_url")
    supplier = page.locator("#id_supplier")
    expect(url).to_be_hidden()
    expect(supplier).to_be_hidden()
    partner_shared = page.get_by_label("3. Partner-shared")
    tab_to(page, page.get_by_label("1. Open data"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(partner_shared).to_be_checked()
    expect(supplier).to_be_visible()
    expect(url).to_be_hidden()
    expect(page.locator("#id_citation")).to_be_hidden()
    assert_accessible(page, "the form with partner-shared chosen")

    # The supplier is typed and chosen from the suggestions; the agreement list follows it.
    expect(page.locator("#id_supplier option")).to_have_count(0)
    agreement = page.locator("#id_covering_agreement")
    options = agreement.locator("option")
    tab_to(page, supplier)
    choose_supplier(page, supplier, "Hull", str(hull))
    expect(options).to_have_text(["Select the agreement", "Hull youth violence ISA (Active)"])
    assert_accessible(page, "the form with a supplier chosen")
    tab_to(page, supplier)
    choose_supplier(page, supplier, "Humberside Pol", str(police))
    expect(options).to_have_text(["Select the agreement", "Police custody ISA (Active)"])
    agreement = page.locator("#id_covering_agreement")
    agreement.select_option(label="Police custody ISA (Active)")
    assert_accessible(page, "the form after the agreement list was refreshed")

    justification = page.get_by_label("Why open sources are not enough")
    tab_to(page, justification)
    type_into(page, justification, "Custody records are not published.")
    page.get_by_label("Data the partner already collects").check()

    with page.expect_navigation():
        page.get_by_role("button", name="Save data source").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    assert DataSource.objects.count() == before + 1
    source = DataSource.objects.get(name=NAME)
    assert (source.supplier, source.covering_agreement.title) == (police, "Police custody ISA")
    assert_accessible(page, "the new data source's page")
