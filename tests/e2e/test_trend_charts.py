"""The dashboard's trend charts in a browser: axe at 0, the figures in tables, bars on paper."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.models import MonthlyFigure
from governance.trends import months_back

from .browsing import assert_accessible
from .test_every_page_accessible import sign_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def twelve_months_stored(db):
    """A year of figures ending this month, as the nightly job would have stored them."""
    rows = []
    for number, month in enumerate(months_back(12)):
        values = {
            "findings": {"reviews_overdue": number, "breach_72_hours": number % 3},
            "overdue": {"dpia_review": number % 4, "retention": 12 - number},
            "agreements_by_state": {"active": number, "drafting": 2, "expired": number // 4},
            "dpias_by_state": {"approved": number, "submitted": 1, "draft": 3},
        }
        for series, keys in values.items():
            rows += [
                MonthlyFigure(month=month, series=series, key=key, value=value)
                for key, value in keys.items()
            ]
    MonthlyFigure.objects.bulk_create(rows)


def test_the_siro_reads_the_trends_as_charts_and_tables(
    portal_page, live_server, siro, twelve_months_stored
):
    sign_in_browser(portal_page, live_server, siro)
    portal_page.goto(live_server.url + reverse("governance:dashboard"))
    trends = portal_page.get_by_test_id("trends")
    for title in ("Findings by month", "Overdue items by month", "Agreements by state"):
        expect(trends.get_by_role("heading", name=title)).to_be_visible()
    expect(trends.get_by_text("Active agreements rose from 0 in")).to_be_visible()
    table = trends.get_by_role("table", name="Agreements by state: the figures")
    expect(table.get_by_role("row")).to_have_count(13)
    # The drawing is hidden from screen readers (the table says the same) and has no inline style.
    assert portal_page.locator(".app-trend__chart[aria-hidden=true]").count() == 4
    assert portal_page.locator(".app-trend [style]").count() == 0
    assert_accessible(portal_page, "the dashboard with twelve months of trends")

    portal_page.emulate_media(media="print")
    bar = portal_page.locator(".app-trend__bar").first
    box = bar.bounding_box()
    assert box is not None and box["height"] > 0
    adjust = bar.evaluate(
        "el => getComputedStyle(el.closest('.app-trend')).printColorAdjust"
        " || getComputedStyle(el.closest('.app-trend')).webkitPrintColorAdjust"
    )
    assert adjust == "exact"
