"""A DPIA from first draft to the approved PDF, in a real browser, by keyboard, with axe on every
page: staff draft and submit it; the DPO returns it with a comment on step 5; staff resolve the
comment and submit again; the DPO gives advice; the SIRO records the ICO's prior consultation
(the residual risk stays high) and signs it off; the approved version's PDF downloads."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from governance.models import Dpia
from ropa.models import ProcessingActivity

from .browsing import activate_with_keyboard, assert_accessible, tab_to, type_into

TITLE = "Hull youth referrals matching"


def sign_in(page: Page, live_server, user) -> None:
    """Start a fresh session as ``user`` (the keyboard sign-in has its own journey)."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def fill(page: Page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    tab_to(page, field, max_presses=400)
    type_into(page, field, text)


def choose(page: Page, name: str) -> None:
    """Tick a checkbox (Tab to it, Space) or pick a radio button (Tab into its group, then the
    arrow keys), as a keyboard user does."""
    option = page.get_by_label(name, exact=True)
    if option.get_attribute("type") == "radio":
        group = page.locator(f"input[type=radio][name={option.get_attribute('name')}]")
        tab_to(page, group.first, max_presses=400)
        for _ in range(group.count()):
            if option.is_checked():
                break
            page.keyboard.press("ArrowDown")
    else:
        tab_to(page, option, max_presses=400)
        page.keyboard.press("Space")
    expect(option).to_be_checked()


def press(page: Page, name: "str | re.Pattern[str]", *, role: str = "button") -> None:
    exact = isinstance(name, str) or None
    target = page.get_by_role(role, name=name, exact=exact).first  # type: ignore[arg-type]
    tab_to(page, target, max_presses=400)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def follow(page: Page, name: "str | re.Pattern[str]") -> None:
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    press(page, name, role="link")


def open_step(page: Page, dpia: Dpia, step: str) -> None:
    page.goto(dpia.get_absolute_url())
    follow(page, step)


@pytest.mark.browser
def test_a_dpia_goes_from_draft_to_the_approved_pdf_by_keyboard(
    portal_page, live_server, staff, dpo, siro
):
    page = portal_page
    activity = ProcessingActivity.objects.create(
        name="Hull youth referrals", business_function="Early help", purpose="Referrals"
    )

    # Staff start the DPIA from the register.
    sign_in(page, live_server, staff)
    page.goto(reverse("home"))
    navigation = page.get_by_role("navigation", name="Primary navigation")
    activate_with_keyboard(page, navigation.get_by_role("link", name="DPIAs"))
    assert_accessible(page, "the DPIA register")
    press(page, "Start a DPIA", role="link")
    assert_accessible(page, "the new DPIA form")
    fill(page, "Title", TITLE)
    # The activity is found by typing part of its name and picked from the suggestions.
    add = page.get_by_label("Processing activities", exact=True)
    fill(page, "Processing activities", "youth ref")
    expect(page.get_by_role("option", name=activity.name)).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name=activity.name)).to_be_checked()
    expect(add).to_have_value("")
    press(page, "Save DPIA")
    dpia = Dpia.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(re.escape(dpia.get_absolute_url()) + "$"))
    expect(page.get_by_test_id("dpia-task-list")).to_contain_text("Incomplete")
    assert_accessible(page, "the new DPIA's page")

    # Steps 1 to 4.
    open_step(page, dpia, "Step 1: Identify the need for a DPIA")
    assert_accessible(page, "step 1")
    choose(page, "Data matching across sources")
    choose(page, "Targeting children or other vulnerable people")
    choose(page, "A DPIA is required")
    fill(page, "Reason for the outcome", "Police and health data about young people are matched.")
    press(page, "Save step 1")
    open_step(page, dpia, "Step 2: Describe the processing")
    assert_accessible(page, "step 2")
    for label, text in (
        ("Nature of the processing", "Referral records are matched weekly."),
        ("Scope of the processing", "About 400 young people a year in Hull."),
        ("Context of the processing", "Young people at risk of serious violence."),
        ("Purposes of the processing", "Offer early help before harm."),
    ):
        fill(page, label, text)
    press(page, "Save step 2")
    open_step(page, dpia, "Step 3: Consultation process")
    fill(page, "Who was consulted and how", "The youth panel, in March.")
    press(page, "Save step 3")
    open_step(page, dpia, "Step 4: Necessity and proportionality")
    fill(page, "Necessity and proportionality", "Only referral fields are matched.")
    press(page, "Save step 4")

    # Step 5: a high risk; step 6: a measure that cannot bring it down.
    page.goto(dpia.get_absolute_url())
    follow(page, "Add a risk")
    assert_accessible(page, "the new risk form")
    fill(
        page,
        "Source of the risk and its possible impact on people",
        "A wrong match sends a child's record to the wrong family.",
    )
    choose(page, "Probable")
    choose(page, "Severe")
    press(page, "Save risk")
    expect(page.get_by_text("Risk 1 saved: overall risk high.")).to_be_visible()
    risk = dpia.risks.get()
    page.goto(reverse("governance:dpiarisk_measure", kwargs={"pk": risk.pk}))
    assert_accessible(page, "the measure form")
    fill(page, "Options to reduce or eliminate the risk", "Two-person check of every match.")
    choose(page, "Reduced")
    choose(page, "High")
    press(page, "Save measure")

    # Submit to the DPO.
    follow(page, "Submit the DPIA to the DPO")
    assert_accessible(page, "the submit page")
    press(page, "Submit to the DPO")
    dpia.refresh_from_db()
    assert dpia.status == "submitted"

    # The DPO returns it with a comment on step 5.
    sign_in(page, live_server, dpo)
    page.goto(reverse("home"))
    navigation = page.get_by_role("navigation", name="Primary navigation")
    expect(navigation.get_by_test_id("nav-badge")).to_have_text(re.compile(r"^1"))
    activate_with_keyboard(page, navigation.get_by_role("link", name=re.compile("Review queue")))
    assert_accessible(page, "the DPO review queue")
    expect(page.get_by_role("table")).to_contain_text(TITLE)
    page.goto(dpia.get_absolute_url())
    follow(page, "Return the DPIA to its author")
    assert_accessible(page, "the return page")
    fill(
        page,
        "Comment on step 5: Identify and assess risks",
        "Say how a wrong match would be spotted.",
    )
    press(page, "Return to the author")
    dpia.refresh_from_db()
    assert dpia.status == "returned"

    # Staff see the comment on step 5, resolve it and submit again.
    sign_in(page, live_server, staff)
    page.goto(dpia.get_absolute_url())
    expect(page.get_by_text("Say how a wrong match would be spotted.")).to_be_visible()
    assert_accessible(page, "the returned DPIA")
    follow(page, re.compile(r"^Mark as resolved.*step 5"))
    assert_accessible(page, "the resolve page")
    fill(page, "Your reply (optional)", "Every match is checked by a second analyst.")
    press(page, "Mark as resolved")
    follow(page, "Submit the DPIA to the DPO")
    press(page, "Submit to the DPO")
    dpia.refresh_from_db()
    assert dpia.status == "submitted"
    assert dpia.comments.get().resolved_by == staff

    # The DPO gives advice.
    sign_in(page, live_server, dpo)
    page.goto(dpia.get_absolute_url())
    follow(page, "Give the DPO's advice")
    assert_accessible(page, "the advice page")
    choose(page, "The processing can go ahead only with the measures in step 6")
    fill(page, "Summary of your advice", "Proceed with the two-person check.")
    press(page, "Give advice")
    dpia.refresh_from_db()
    assert dpia.status == "awaiting_sign_off"

    # The SIRO records the ICO's prior consultation, then signs it off.
    sign_in(page, live_server, siro)
    page.goto(reverse("governance:dpia_siro_queue"))
    assert_accessible(page, "the SIRO's sign-off queue")
    expect(page.get_by_role("table")).to_contain_text(TITLE)
    page.goto(dpia.get_absolute_url())
    follow(page, "Record the ICO's prior consultation")
    assert_accessible(page, "the ICO consultation page")
    consulted = page.get_by_label("Date the ICO was consulted", exact=True)
    tab_to(page, consulted, max_presses=400)
    consulted.fill(dpia.created_at.date().isoformat())
    fill(page, "Outcome of the consultation", "The ICO raised no objection.")
    press(page, "Save the consultation")
    follow(page, "Sign off the DPIA")
    assert_accessible(page, "the sign-off page")
    choose(page, "DPO advice accepted")
    press(page, "Approve")
    dpia.refresh_from_db()
    assert dpia.status == "approved"
    assert dpia.signed_off_by == siro

    # The approved version, and its PDF.
    follow(page, re.compile(r"^View the approved version"))
    expect(page.get_by_text("exactly as approved")).to_be_visible()
    assert_accessible(page, "the approved version")
    download_link = page.get_by_role("link", name=re.compile("approved version as a PDF"))
    tab_to(page, download_link, max_presses=400)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith("-approved.pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
