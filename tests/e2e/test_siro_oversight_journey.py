"""On the Humber demo, the SIRO signs in with a password and an authenticator code and, by
keyboard with axe at 0 on every page: opens the accountability dashboard, follows "agreements
expiring" to the list, opens one and its History tab; then opens the Board report from the
dashboard and downloads its PDF, whose text holds each panel's heading and the figures the
page showed."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.models import ReportJob
from sharing.models import Agreement
from tests.factories import TEST_PASSWORD

from .browsing import (
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    visible_text,
)

DEMO_SIRO = "siro@demo.vpp.test"


def _pdf_text(path: str) -> str:
    with open(path, "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _follow(page, target) -> None:
    """Tab to ``target`` (however far down a long page) and press Enter, as
    ``activate_with_keyboard`` does for the first 60 stops."""
    tab_to(page, target, max_presses=400)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


@pytest.mark.browser
def test_the_siro_follows_the_dashboard_and_takes_the_board_report_away(portal_page):
    page = portal_page
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # One of the demo's active agreements runs out next month, so the figure has a row.
    expiring = Agreement.objects.filter(status="active").order_by("pk").first()
    assert expiring is not None
    Agreement.objects.filter(pk=expiring.pk).update(
        expires_on=timezone.localdate() + timedelta(days=30)
    )

    page.goto(reverse("account_login"))
    assert_accessible(page, "the login page")
    sign_in_with_keyboard(page, DEMO_SIRO, settings.DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))

    # The dashboard: every figure a link to the list behind it.
    page.goto(reverse("governance:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the dashboard")
    figure = page.get_by_role("link", name=re.compile(r"^\d+:? expiring within \d+ days$"))
    count = int(visible_text(figure))
    assert count >= 1
    _follow(page, figure)

    # The list shows exactly that many agreements; open the one that expires.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agreements")
    assert_accessible(page, "the agreements expiring")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(count)
    record = page.get_by_role("link", name=expiring.title, exact=True)
    _follow(page, record)
    expect(page.get_by_role("heading", level=1)).to_contain_text(expiring.title)
    assert_accessible(page, "the agreement")
    history = page.get_by_role("link", name="History", exact=True)
    _follow(page, history)
    expect(page.locator("main")).to_contain_text("Created")
    assert_accessible(page, "the agreement's history")

    # The Board report, from the dashboard's leadership panel.
    page.goto(reverse("governance:dashboard"))
    report_link = page.get_by_role("link", name=re.compile(r"last board report", re.I)).first
    _follow(page, report_link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report, ")
    assert_accessible(page, "the Board report")
    panels = page.locator("[data-testid^=report-panel-]")
    assert panels.count() >= 5
    shown = []
    for index in range(panels.count()):
        panel = panels.nth(index)
        shown.append(visible_text(panel.get_by_role("heading", level=3)))
        for value in panel.get_by_test_id("report-figure").all():
            shown.append(visible_text(value))

    button = page.get_by_role("button", name="Download the Board report as a PDF")
    tab_to(page, button, max_presses=400)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert re.fullmatch(
        r"board-report-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.pdf", download.suggested_filename
    )
    text = _pdf_text(str(download.path()))
    missing = [item for item in shown if item not in text]
    assert not missing, f"on screen but not in the PDF: {missing}"

    # Produced: the dashboard's leadership panel now names it as the last Board report.
    assert ReportJob.objects.filter(requested_by__email=DEMO_SIRO, status="done").exists()
    page.goto(reverse("governance:dashboard"))
    expect(page.locator("main")).to_contain_text("produced by")
    assert_accessible(page, "the dashboard after the report")


@pytest.mark.browser
def test_the_board_reports_error_and_job_pages_pass_axe(portal_page, siro, settings):
    """A period that is not one, and a big report made by a worker: its progress page (which
    htmx keeps up to date) and, once done, its download link."""
    page = portal_page
    settings.BOARD_REPORT_SYNC_LIMIT = -1  # every report is "big": the PDF is a job
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, siro.email, TEST_PASSWORD)

    page.goto(
        reverse("governance:board_report")
        + "?period=dates&starts_on_0=31&starts_on_1=2&starts_on_2=2026"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The ‘from’ date must be a real date")
    expect(summary).to_contain_text("Enter the date the report runs to.")
    assert_accessible(page, "the Board report with bad dates")

    page.goto(reverse("governance:board_report"))
    button = page.get_by_role("button", name="Download the Board report as a PDF")
    _follow(page, button)
    expect(page).to_have_url(re.compile(r"/governance/jobs/\d+/$"))
    expect(page.get_by_test_id("job-status")).to_have_text("Ready", timeout=20_000)
    expect(page.get_by_test_id("job-download")).to_be_visible()
    assert_accessible(page, "the finished job's page")

    waiting = ReportJob.objects.create(
        kind="board_report",
        title="Board report, waiting",
        requested_by=siro,
        progress=30,
        status="running",
        message="Laying out the PDF.",
    )
    page.goto(waiting.get_absolute_url())
    expect(page.get_by_test_id("job-progress")).to_contain_text("30% done: Laying out the PDF.")
    assert_accessible(page, "a running job's page")
