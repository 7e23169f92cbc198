"""A new starter completes induction and confirms the data protection policy, by keyboard with
axe at 0 on every page, and the dashboard's training and policy panels move: one new starter
fewer without induction, a larger share of required reading confirmed.

Runs on the Humber demo (``load_demo``): the OPCC Data Protection Policy is required reading for
the core team, and the induction course is the demo's.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from governance.demo import load_demo
from governance.demo.policy_reading import REQUIRED_POLICY
from governance.selectors.policy_reading import reading_share
from sharing.models import Organisation
from tests.factories import TEST_PASSWORD, UserFactory

from .browsing import activate_with_keyboard, assert_accessible, tab_to, type_into, visible_text
from .test_every_page_accessible import sign_in_browser

pytestmark = pytest.mark.browser

INDUCTION = "VPP induction: information management and data protection"
NEW_STARTERS = "New starters without induction after 30 days"
CONFIRMED = "Required reading confirmed"


def figure(page: Page, panel: str, label: str) -> str:
    """A dashboard figure's value as sighted users read it."""
    row = page.get_by_test_id(f"panel-{panel}").locator(".govuk-summary-list__row", has_text=label)
    return visible_text(row.get_by_test_id("figure"))


def dashboard_figures(page: Page, live_server, viewer: User) -> tuple[str, str]:
    sign_in_browser(page, live_server, viewer)
    page.goto(reverse("governance:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accountability dashboard")
    assert_accessible(page, "the dashboard")
    return figure(page, "training", NEW_STARTERS), figure(page, "policies", CONFIRMED)


def choose_person(page: Page, person: User) -> None:
    box = page.get_by_role("combobox", name="Person")
    tab_to(page, box)
    type_into(page, box, person.full_name.split()[0])
    expect(page.get_by_role("option", name=re.compile(person.full_name))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile(person.full_name))


def test_a_new_starter_completes_induction_confirms_the_policy_and_the_panels_move(
    portal_page, live_server
):
    page = portal_page
    load_demo(TEST_PASSWORD)
    host = Organisation.objects.get(is_core_team_host=True)
    newcomer = UserFactory(
        email="nia.newton@demo.vpp.test",
        full_name="Nia Newton",
        role="staff",
        organisation=host,
    )
    dpo = User.objects.get(email="dpo@demo.vpp.test")
    colleague = User.objects.get(email="staff@demo.vpp.test")
    started = timezone.localdate() - timedelta(days=40)

    # A colleague records when she started: forty days ago, so her induction is overdue.
    sign_in_browser(page, live_server, colleague)
    page.goto(reverse("governance:trainingprofile_create"))
    assert_accessible(page, "the start date form")
    choose_person(page, newcomer)
    started_on = page.get_by_label("Started on")
    tab_to(page, started_on)
    type_into(page, started_on, f"{started.day} {started.month} {started.year}")
    activate_with_keyboard(page, page.get_by_role("button", name="Save start date"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    before = reading_share()
    starters_before, confirmed_before = dashboard_figures(page, live_server, dpo)
    assert confirmed_before == f"{before.percent}%"

    # She signs in: her home page says the data protection policy waits for her.
    sign_in_browser(page, live_server, newcomer)
    page.goto(reverse("home"))
    line = page.get_by_role("link", name="1 policy waiting for you to read and confirm")
    assert_accessible(page, "the new starter's home page")
    activate_with_keyboard(page, line)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your required reading")
    assert_accessible(page, "her required reading")
    activate_with_keyboard(page, page.get_by_role("link", name=REQUIRED_POLICY))
    expect(page.get_by_role("heading", level=1)).to_have_text(REQUIRED_POLICY)
    assert_accessible(page, "the policy's reading page")
    button = page.get_by_role(
        "button", name=re.compile(rf"^I have read and will follow {REQUIRED_POLICY}, version ")
    )
    activate_with_keyboard(page, button)
    expect(page.get_by_test_id("reading-confirmed")).to_contain_text("You confirmed")
    assert_accessible(page, "the policy's reading page, confirmed")

    # She records her induction, completed today.
    page.goto(reverse("governance:trainingrecord_create"))
    assert_accessible(page, "the training record form")
    choose_person(page, newcomer)
    course = page.get_by_label("Course")
    tab_to(page, course)
    course.select_option(label=INDUCTION)
    completed = page.get_by_label("Completed on")
    tab_to(page, completed)
    today = timezone.localdate()
    type_into(page, completed, f"{today.day} {today.month} {today.year}")
    activate_with_keyboard(page, page.get_by_role("button", name="Save training record"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(page, "the training record")

    # The dashboard moves: one new starter fewer without induction, more reading confirmed.
    after = reading_share()
    assert after.confirmed == before.confirmed + 1
    starters_after, confirmed_after = dashboard_figures(page, live_server, dpo)
    assert int(starters_after) == int(starters_before) - 1
    assert confirmed_after == f"{after.percent}%"
    assert int(confirmed_after.rstrip("%")) > int(confirmed_before.rstrip("%"))
