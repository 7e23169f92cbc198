"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against ``live_server``.

``playwright install`` cannot download browsers here, so the system Chromium is launched
directly. Without it the browser tests skip, or fail under ``VPP_REQUIRE_INTEGRATION=1``.

The fixtures have their own names (``chromium_browser``, ``portal_page``) rather than
pytest-playwright's ``browser`` and ``page``, so they behave the same whether that plugin is
loaded or not (``-p no:playwright``) and its ``--browser`` option cannot silently re-label them.
"""

import os
import shutil

import pytest

from tests.conftest import skip_or_fail

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise
# refuse the ORM calls that fixtures and assertions make while it runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
]
# Long enough for a cold Chromium on a busy CI machine, short enough to fail quickly.
TIMEOUT_MS = 15_000


def find_chromium() -> str | None:
    """Debian's Chromium, or whatever ``CHROMIUM_PATH`` names."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail(
            "Chromium was not found (looked for CHROMIUM_PATH, `chromium` and "
            "`chromium-browser` on PATH, /usr/bin/chromium); install Debian's `chromium` package"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is a dev dependency
        skip_or_fail(f"Playwright is not installed ({error})")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except PlaywrightError as error:
        playwright.stop()
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        skip_or_fail(f"Chromium at {executable} could not be launched by Playwright: {first_line}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def portal_page(chromium_browser, live_server, transactional_db):
    """A fresh browser tab (own cookies) whose relative URLs go to the live test server.

    ``transactional_db`` commits each test's data, so the server's thread can see it.
    """
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
