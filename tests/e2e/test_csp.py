"""In a real browser the Content-Security-Policy blocks nothing the portal needs: GOV.UK
Frontend's JavaScript starts on every page, and no page asks for inline script or style."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import TEST_PASSWORD

from .browsing import sign_in_with_keyboard

# Each violation the browser reports, kept on the window: the policy blocks inline script, but
# not a script the browser itself is told to run before the page's own.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""


def watch_for_violations(page: Page) -> list[str]:
    """Console messages about the Content-Security-Policy, collected as the test goes."""
    messages: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            messages.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def assert_page_runs_under_the_policy(page: Page, console: list[str], where: str) -> None:
    page.wait_for_load_state("load")
    body = page.locator("body")
    # base.html's js-enabled.js ran, and govuk-init.js started GOV.UK Frontend's components.
    expect(body).to_have_class(_has_class("js-enabled"))
    expect(body).to_have_class(_has_class("govuk-frontend-supported"))
    expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{where}: the browser blocked {violations}"
    assert console == [], f"{where}: " + "\n".join(console)
    assert page.evaluate("document.querySelectorAll('style').length") == 0, (
        f"{where}: something injected a <style> element (htmx indicator styles?)"
    )


def _has_class(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


@pytest.mark.browser
def test_pages_load_under_the_policy_with_gov_uk_javascript_running(
    portal_page, staff, hull_sharing
):
    page = portal_page
    console = watch_for_violations(page)

    response = page.goto(reverse("account_login"))
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert_page_runs_under_the_policy(page, console, "the sign-in page")

    sign_in_with_keyboard(page, staff.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam")
    assert_page_runs_under_the_policy(page, console, "the home page")

    for where, url in [
        ("the organisation list", reverse("sharing:organisation_list")),
        ("an agreement", hull_sharing["agreement"].get_absolute_url()),
        ("the agreement list", reverse("sharing:agreement_list")),
        ("the notifications", reverse("governance:notification_list")),
    ]:
        page.goto(url)
        assert_page_runs_under_the_policy(page, console, where)

    # A form, sent empty: the error summary is GOV.UK Frontend's, and it takes focus.
    page.goto(reverse("sharing:organisation_create"))
    assert_page_runs_under_the_policy(page, console, "the organisation form")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("data-govuk-error-summary-init", "")
    assert_page_runs_under_the_policy(page, console, "the organisation form with errors")
