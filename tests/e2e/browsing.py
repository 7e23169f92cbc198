"""Fixture-free helpers for the browser tests: axe checks, keyboard focus-walking, signing in.

Everything here takes a Playwright sync ``Page``; the fixtures that make one are in
``conftest.py`` beside this module.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

# The WCAG 2.2 AA rule set (with the 2.0 and 2.1 A/AA rules it builds on).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    # Only violations are reported on; passes and the rest come back summarised.
    "resultTypes": ["violations"],
}

_axe = Axe()


def axe_report(violations: list[dict]) -> str:
    """Each violation's id, impact and help, then every failing node's target and HTML."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node.get("target", []))
            html = " ".join(node.get("html", "").split())
            lines.append(f"    target: {target}")
            lines.append(f"    html:   {html}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    """Run axe (WCAG 2.2 AA) on the page as it is now and fail on any violation."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} accessibility violation(s) on {where} "
        f"({page.url}):\n{axe_report(violations)}"
    )


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, *, max_presses: int = 60) -> None:
    """Press Tab from wherever focus is now until ``target`` has focus, as a keyboard user would.

    Fails if the element is never reached, which means it is not in the tab order.
    """
    expect(target).to_be_visible()
    visited = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
        visited.append(
            page.evaluate(
                "() => { const el = document.activeElement;"
                " return el ? `${el.tagName.toLowerCase()}"
                "${el.id ? '#' + el.id : ''} \"${(el.innerText || el.value || '')"
                ".trim().slice(0, 40)}\"` : 'nothing'; }"
            )
        )
    raise AssertionError(
        f"{target} never received focus after {max_presses} presses of Tab on {page.url}; "
        "focus went to:\n  " + "\n  ".join(visited)
    )


def activate_with_keyboard(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and press Enter, waiting for the page it leads to."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def type_into(page: Page, field: Locator, text: str) -> None:
    """Replace what a focused text field holds by typing, as a keyboard user would."""
    assert is_focused(field), f"{field} should have focus before typing into it"
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)


def current_totp_code(email: str) -> str:
    """The code the user's authenticator app would show now, worked out with allauth's own TOTP
    helpers from their stored (encrypted) secret. A code the portal has already accepted in this
    time window is skipped (allauth refuses a code twice), taking the next step instead."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache

    authenticator = Authenticator.objects.get(
        user__email=email.lower(), type=Authenticator.Type.TOTP
    )
    secret = decrypt(authenticator.data["secret"])
    counters = sorted(yield_hotp_counters_from_time())
    now = counters[len(counters) // 2]
    for counter in (now, *[c for c in counters if c > now]):
        code = format_hotp_value(hotp_value(secret, counter))
        used = f"allauth.mfa.totp.used?user={authenticator.user_id}&code={code}"
        if cache.get(used) is None:
            return code
    raise AssertionError(f"every TOTP code of {email} in the accepted window was used already")


def sign_in_with_keyboard(page: Page, email: str, password: str) -> None:
    """From the login page: Tab into each field, type, then Tab to "Sign in" and press Enter.

    When the portal then asks for a two-factor code, type the authenticator app's current one.
    """
    email_field = page.locator("input[name=login]")
    password_field = page.locator("input[name=password]")
    tab_to(page, email_field)
    type_into(page, email_field, email)
    tab_to(page, password_field)
    type_into(page, password_field, password)
    activate_with_keyboard(page, page.get_by_role("button", name="Sign in"))
    if page.locator("form[action$='/two-factor/authenticate/'] input[name=code]").count():
        code_field = page.locator("input[name=code]")
        tab_to(page, code_field)
        type_into(page, code_field, current_totp_code(email))
        activate_with_keyboard(page, page.get_by_role("button", name="Continue"))


def visible_text(locator: Locator) -> str:
    """The element's text as sighted users see it: visually hidden text left out, spaces folded."""
    return locator.evaluate(
        "element => { const copy = element.cloneNode(true);"
        " copy.querySelectorAll('.govuk-visually-hidden').forEach(hidden => hidden.remove());"
        " return copy.textContent.replace(/\\s+/g, ' ').trim(); }"
    )
