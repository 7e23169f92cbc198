"""The consultation rule in a real browser, by keyboard, with axe on every page.

A product for partners uses data Hull City Council supplies. Staff who try to publish it
before Hull has agreed are told why not; Hull's partner contact signs in, sees only their own
consultation and agrees with conditions; staff then publish it.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sharing.models import Consultation, Product
from tests.factories import TEST_PASSWORD, ConsultationFactory

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    type_into,
)

CONDITIONS = "Counts below five suppressed; no school named."


def sign_out(page) -> None:
    activate_with_keyboard(page, page.get_by_role("button", name="Sign out"))


def try_to_publish(page, product: Product) -> None:
    """From the product's page, open the publish step and confirm it, by keyboard."""
    page.goto(product.get_absolute_url())
    assert_accessible(page, "the product page")
    activate_with_keyboard(page, page.get_by_role("link", name="Publish", exact=True))
    assert_accessible(page, "the publish confirmation page")
    activate_with_keyboard(page, page.get_by_role("button", name="Publish", exact=True))


@pytest.mark.browser
def test_a_product_is_published_only_after_the_supplier_agrees_with_conditions(
    portal_page, staff, partner_hull, partner_police, police, hull_sharing
):
    page = portal_page
    product = hull_sharing["product"]
    Product.objects.filter(pk=product.pk).update(status="awaiting_consultation")
    # Another organisation's consultation, which the Hull contact must never see.
    ConsultationFactory(product=product, organisation=police)

    # Staff try to publish before Hull has answered, and are told why not.
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)
    try_to_publish(page, product)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Hull City Council has not answered the consultation yet.")
    assert_accessible(page, "the publish page showing why not")
    assert Product.objects.get(pk=product.pk).status == "awaiting_consultation"
    sign_out(page)

    # Hull's contact signs in and answers from their home page.
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, partner_hull.email, TEST_PASSWORD)
    assert_accessible(page, "the partner's home page")
    navigation = page.get_by_role("navigation", name="Primary navigation")
    activate_with_keyboard(page, navigation.get_by_role("link", name="Consultations"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hull City Council")
    expect(page.locator("main")).not_to_contain_text("Humberside Police")
    assert_accessible(page, "the partner's consultation list")
    page.goto(reverse("home"))
    activate_with_keyboard(page, page.get_by_role("link", name=f"Answer: {product.title}"))
    assert_accessible(page, "the answer page")
    agree_with_conditions = page.get_by_role("radio", name="Agreed with conditions")
    tab_to(page, page.get_by_role("radio", name="Agreed", exact=True))
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    expect(agree_with_conditions).to_be_checked()
    conditions = page.get_by_role("textbox", name="Conditions")
    tab_to(page, conditions)
    type_into(page, conditions, CONDITIONS)
    activate_with_keyboard(page, page.get_by_role("button", name="Send answer"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The answer of Hull City Council has been recorded: agreed with conditions."
    )
    assert_accessible(page, "the consultation after answering")
    answer = Consultation.objects.get(
        product=product, organisation=hull_sharing["datasource"].supplier
    )
    assert (answer.response, answer.conditions, answer.responded_by) == (
        "agreed_with_conditions",
        CONDITIONS,
        partner_hull,
    )
    sign_out(page)

    # Hull, the only supplier, has agreed: staff publish. (The police consultation is about
    # none of the product's partner-shared data, so it does not hold publication up.)
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)
    try_to_publish(page, product)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("done")
    expect(page.locator("main")).to_contain_text("Published")
    assert_accessible(page, "the published product")
    product.refresh_from_db()
    assert product.status == "published"
    assert product.published_on is not None
