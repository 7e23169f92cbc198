"""The agreement list filtered by a party through the autocomplete, by keyboard, then exported:
the DPO's journey, with axe on the page while the suggestions are open and after, and nothing
blocked by the Content-Security-Policy; and the same filter without JavaScript."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, AgreementFactory, OrganisationFactory

from .browsing import (
    activate_with_keyboard,
    assert_accessible,
    sign_in_with_keyboard,
    tab_to,
    type_into,
)
from .test_csp import watch_for_violations

POLICE_AGREEMENTS = ["Custody records ISA", "Humber VPP partnership MoU"]
#: A name that would be markup if a suggestion were not escaped.
MARKUP_NAME = "Acme <b>Bold</b> Trust"


@pytest.fixture
def agreements(opcc, hull, police):
    OrganisationFactory(name=MARKUP_NAME)
    OrganisationFactory(name="Humber Fire and Rescue Service")
    AgreementFactory(
        title="Custody records ISA", parties=[(opcc, "controller"), (police, "recipient")]
    )
    AgreementFactory(
        title="Humber VPP partnership MoU",
        kind="mou",
        parties=[(opcc, "controller"), (hull, "recipient"), (police, "recipient")],
    )
    AgreementFactory(
        title="Hull youth service ISA", parties=[(opcc, "controller"), (hull, "recipient")]
    )


def listed_titles(page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator("table.govuk-table tbody tr td:first-child").all_inner_texts()
    ]


@pytest.mark.browser
def test_the_dpo_filters_agreements_by_a_party_by_keyboard_and_exports_them(
    portal_page, dpo, police, agreements
):
    page = portal_page
    console = watch_for_violations(page)
    page.goto(reverse("account_login"))
    sign_in_with_keyboard(page, dpo.email, TEST_PASSWORD)
    page.goto(reverse("sharing:agreement_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreements")
    assert_accessible(page, "the agreement list, suggestions closed")

    party = page.get_by_role("combobox", name="Party")
    tab_to(page, party)

    # A suggestion is text, never markup, whatever the name holds.
    type_into(page, party, "Acme")
    option = page.get_by_role("option", name=MARKUP_NAME)
    expect(option).to_have_text(MARKUP_NAME)
    assert page.locator("[role=listbox] b").count() == 0

    # Part of the police's name: the suggestions open, the arrow keys and Enter choose one.
    type_into(page, party, "humbersi")
    expect(page.get_by_role("option", name="Humberside Police")).to_be_visible()
    expect(party).to_have_attribute("aria-expanded", "true")
    assert_accessible(page, "the agreement list, suggestions open")
    page.evaluate(
        "() => { window.__chosen = []; document.addEventListener('change', (event) => {"
        " if (event.target.name === 'party-id') window.__chosen.push(event.target.value); }); }"
    )
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Humberside Police")).to_be_focused()
    page.keyboard.press("Enter")
    expect(party).to_have_value("Humberside Police")
    expect(party).to_have_attribute("aria-expanded", "false")
    expect(page.locator("input[name=party-id]")).to_have_value(str(police.pk))
    # Forms that react to a choice hear of it at once (a bubbling "change" from the id).
    assert page.evaluate("window.__chosen") == [str(police.pk)]
    # The field's hint still describes the box the script made.
    described = party.get_attribute("aria-describedby") or ""
    assert "id_party_hint" in described.split()
    assert_accessible(page, "the agreement list, a party chosen")
    # The autocomplete styles itself through the DOM, which the Content-Security-Policy allows.
    assert page.evaluate("window.__cspViolations") == []
    assert console == []

    activate_with_keyboard(page, page.get_by_role("button", name="Apply filters"))
    assert f"party-id={police.pk}" in page.url
    assert listed_titles(page) == POLICE_AGREEMENTS
    expect(page.get_by_role("combobox", name="Party")).to_have_value("Humberside Police")
    assert_accessible(page, "the agreement list filtered by a party")

    # The export holds the same agreements: the CSV link, followed by keyboard.
    link = page.get_by_role("link", name="Download these agreements (CSV)")
    tab_to(page, link)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file))
    assert header[0] == "Title"
    assert sorted(row[0] for row in rows) == POLICE_AGREEMENTS
    assert all("Humberside Police" in row[header.index("Parties")] for row in rows)


def test_without_javascript_the_party_is_typed_text(client, staff, police, agreements):
    client.force_login(staff)
    url = reverse("sharing:agreement_list")
    # A browser without the script sends the box's text, and the empty hidden id.
    response = client.get(url, {"party": "Humberside Pol", "party-id": ""})
    titles = [row.record.title for row in response.context["table"].rows]
    assert titles == POLICE_AGREEMENTS
    html = response.content.decode()
    # The box keeps what was typed; no other organisation is on the page.
    assert 'name="party" value="Humberside Pol"' in html
    assert "Humber Fire and Rescue Service" not in html
    export = Client()
    export.force_login(staff)
    csv_response = export.get(
        reverse("sharing:agreement_export", kwargs={"format": "csv"}),
        {"party": "Humberside Pol", "party-id": ""},
    )
    body = (
        b"".join(csv_response.streaming_content) if csv_response.streaming else csv_response.content
    )
    _header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows) == POLICE_AGREEMENTS
