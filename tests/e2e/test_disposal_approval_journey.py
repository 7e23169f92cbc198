"""On the Humber demo, the DPO signs in with her password and an authenticator code, approves
the disposal Staff proposed from her own queue, by keyboard and with axe on every page, then
finds the decision (with both people) on the disposal's History tab and her sign-in on the
security events page."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import SecurityEvent, User
from ropa.models import Disposal

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    current_totp_code,
    tab_to,
    type_into,
)

DEMO_DPO = "dpo@demo.vpp.test"
PROPOSED_SOURCE = "Youth justice referrals by ward"


@pytest.mark.browser
def test_the_demo_dpo_signs_in_with_a_code_and_approves_the_disposal_staff_proposed(
    portal_page,
):
    page = portal_page
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    proposal = Disposal.objects.get(data_source__name=PROPOSED_SOURCE)
    assert proposal.status == "proposed"
    assert proposal.proposed_by.email == "staff@demo.vpp.test"
    dpo_name = User.objects.get(email=DEMO_DPO).full_name

    # Password first, then the authenticator app's code: the DPO's role requires both.
    page.goto(reverse("account_login"))
    assert_accessible(page, "the login page")
    for name, text in (("login", DEMO_DPO), ("password", settings.DEMO_PASSWORD)):
        field = page.locator(f"input[name={name}]")
        tab_to(page, field)
        type_into(page, field, text)
    activate_with_keyboard(page, page.get_by_role("button", name="Sign in"))
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    assert_accessible(page, "the two-factor code page")
    tab_to(page, code)
    type_into(page, code, current_totp_code(DEMO_DPO))
    activate_with_keyboard(page, page.get_by_role("button", name="Continue"))
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))

    # Home says what waits for her; the queue lists the proposal.
    waiting = page.get_by_role("link", name=re.compile(r"^1 disposal waiting for your approval"))
    expect(waiting).to_be_visible()
    assert_accessible(page, "the DPO's home page")
    activate_with_keyboard(page, waiting)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Disposals awaiting approval")
    assert_accessible(page, "the disposal queue")
    activate_with_keyboard(page, page.get_by_role("link", name=re.compile(r"^Approve or refuse")))

    # Her decision, with her reason, on the disposal's own page.
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    assert_accessible(page, "the proposed disposal")
    reason = page.get_by_label(re.compile("reason", re.IGNORECASE))
    tab_to(page, reason)
    type_into(page, reason, "Deletion ticket checked; the ISA's retention has ended.")
    activate_with_keyboard(page, page.get_by_role("button", name="Approve the disposal"))
    expect(page.get_by_test_id("decided-by")).to_contain_text(dpo_name)
    assert_accessible(page, "the approved disposal")
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert proposal.decided_by.email == DEMO_DPO
    assert proposal.data_source.retired_on is not None

    # The History tab shows both people: Staff proposed, the DPO approved.
    activate_with_keyboard(page, page.get_by_role("link", name="History", exact=True))
    history = page.locator("main")
    expect(history).to_contain_text(proposal.proposed_by.full_name)
    expect(history).to_contain_text(proposal.decided_by.full_name)
    expect(history).to_contain_text("Deletion ticket checked")
    assert_accessible(page, "the disposal's history")

    # Her sign-in, with its address, is on the security events page.
    page.goto(reverse("accounts:securityevent_list"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Security events")
    events = page.locator("table")
    expect(events).to_contain_text("Signed in")
    expect(events).to_contain_text(proposal.decided_by.full_name)
    assert_accessible(page, "the security events page")
    assert SecurityEvent.objects.filter(user__email=DEMO_DPO, kind="signed_in").exists()
