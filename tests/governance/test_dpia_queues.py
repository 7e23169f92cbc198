"""The DPO's review queue and the Director's and SIRO's sign-off queues: what is in each, in
which order, how long each DPIA has waited, and the count badges in the navigation."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from governance.services import dpias as services
from ropa.models import ProcessingActivity
from tests.dpias import (
    HIGH_REDUCED_TO_MEDIUM,
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    advised_dpia,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    submitted_dpia,
    write_steps,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
REVIEW_QUEUE = reverse("governance:dpia_review_queue")
DIRECTOR_QUEUE = reverse("governance:dpia_director_queue")
SIRO_QUEUE = reverse("governance:dpia_siro_queue")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=LONDON)


def queue_rows(response) -> list[str]:
    """Each row of the queue's table as its cells' text, tags stripped."""
    content = response.content.decode()
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', content, re.S)
    if body is None:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    return [" | ".join(_cells(row)) for row in rows]


def _cells(row: str) -> list[str]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def badges(response) -> dict[str, str]:
    """Navigation item → the count badge it shows (with its screen-reader words)."""
    content = response.content.decode()
    found = re.findall(
        r'moj-primary-navigation__link"[^>]*>([^<]*?) <span class="moj-badge"[^>]*>(\d+)'
        r'<span class="govuk-visually-hidden"> ([^<]*)</span>',
        content,
    )
    return {text: f"{count} {words}" for text, count, words in found}


# --- The DPO's review queue ----------------------------------------------------------------------


def test_the_review_queue_lists_submitted_dpias_oldest_first_with_days_waiting(
    client, staff, dpo, director
):
    with time_machine.travel(at(2), tick=False):
        submitted_dpia(staff, title="Hull youth referrals matching")
    with time_machine.travel(at(7), tick=False):
        submitted_dpia(staff, title="Grimsby knife crime hotspots")
        complete_dpia(staff, title="A draft nobody submitted")
        returned_dpia(staff, dpo, title="A returned one")
        advised_dpia(staff, dpo, title="An advised one")
        approved_dpia(staff, dpo, director, title="An approved one")
    client.force_login(dpo)

    with time_machine.travel(at(11), tick=False):
        response = client.get(REVIEW_QUEUE)

    rows = queue_rows(response)
    assert len(rows) == 2
    assert rows[0].startswith("DPIA-001 Hull youth referrals matching | 2 Mar 2026 | 9 days")
    assert rows[1].startswith("DPIA-002 Grimsby knife crime hotspots | 7 Mar 2026 | 4 days")
    assert 'data-testid="queue-count">(2)</span>' in response.content.decode()
    assert "2 DPIAs waiting, oldest first" in response.content.decode()


def test_the_review_queue_shows_the_author_the_highest_risk_and_the_activities(client, staff, dpo):
    dpia = submitted_dpia(staff, risks=(LOW, HIGH_STAYS_HIGH))
    activity = dpia.activities.get()
    client.force_login(dpo)

    response = client.get(REVIEW_QUEUE)

    (row,) = queue_rows(response)
    assert row == (
        f"{dpia} | {row.split(' | ')[1]} | 0 days | Sam Staff | High | {activity.name} | "
        f"Give advice for {dpia}"
    )
    assert activity.get_absolute_url() in response.content.decode()


def test_each_dpia_in_the_review_queue_is_one_click_from_its_advice_form(client, staff, dpo):
    required = submitted_dpia(staff)
    activity = ProcessingActivity.objects.create(
        name="Open data maps", business_function="Analysis", purpose="Maps"
    )
    screening = draft_dpia(staff, title="Open crime data maps", activities=[activity])
    write_steps(staff, screening, outcome="not_required")
    screening = services.dpia_submit(screening, actor=staff)
    client.force_login(dpo)

    content = client.get(REVIEW_QUEUE).content.decode()

    advise = reverse(
        "governance:dpia_transition", kwargs={"pk": required.pk, "transition": "give_advice"}
    )
    confirm = reverse(
        "governance:dpia_transition",
        kwargs={"pk": screening.pk, "transition": "confirm_screening"},
    )
    assert f'href="{advise}">Give advice' in content
    assert f'href="{confirm}">Confirm the screening' in content
    assert f'href="{required.get_absolute_url()}">{required}</a>' in content


def test_an_empty_review_queue_says_so(client, dpo):
    client.force_login(dpo)
    response = client.get(REVIEW_QUEUE)
    assert "No DPIAs are waiting for your review." in response.content.decode()
    assert queue_rows(response) == []


# --- The sign-off queues -------------------------------------------------------------------------


def test_low_and_medium_residual_risk_go_to_the_director_and_high_to_the_siro(
    client, staff, dpo, director, siro
):
    with time_machine.travel(at(3), tick=False):
        medium = advised_dpia(staff, dpo, title="Medium left", risks=(HIGH_REDUCED_TO_MEDIUM,))
    with time_machine.travel(at(5), tick=False):
        low = advised_dpia(staff, dpo, title="Low left", risks=(MEDIUM_REDUCED_TO_LOW,))
        high = advised_dpia(staff, dpo, title="High left", risks=(HIGH_STAYS_HIGH,))
        submitted_dpia(staff, title="Not advised yet")

    with time_machine.travel(at(10), tick=False):
        client.force_login(director)
        director_rows = queue_rows(client.get(DIRECTOR_QUEUE))
        client.force_login(siro)
        siro_rows = queue_rows(client.get(SIRO_QUEUE))

    assert director_rows == [
        f"{medium} | 3 Mar 2026 | 7 days | Dana DPO | "
        f"The processing can go ahead only with the measures in step 6 | Medium | "
        f"Sign off for {medium}",
        f"{low} | 5 Mar 2026 | 5 days | Dana DPO | "
        f"The processing can go ahead only with the measures in step 6 | Low | "
        f"Sign off for {low}",
    ]
    assert siro_rows == [
        f"{high} | 5 Mar 2026 | 5 days | Dana DPO | "
        f"The processing can go ahead only with the measures in step 6 | High | Not yet | "
        f"Sign off for {high}",
    ]


def test_the_siro_queue_says_when_the_ico_was_consulted(client, staff, dpo, siro):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    services.dpia_record_ico_consultation(
        dpia, actor=dpo, consulted_on=at(4).date(), outcome="No objection."
    )
    client.force_login(siro)

    response = client.get(SIRO_QUEUE)

    assert "Yes, on 4 Mar 2026" in queue_rows(response)[0]
    approve = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": "approve"})
    assert f'href="{approve}">Sign off' in response.content.decode()


@pytest.mark.parametrize(("role", "url"), [("director", DIRECTOR_QUEUE), ("siro", SIRO_QUEUE)])
def test_an_empty_sign_off_queue_says_so(request, client, role, url):
    client.force_login(request.getfixturevalue(role))
    assert "No DPIAs are waiting for your sign-off." in client.get(url).content.decode()


# --- Who may open them ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allowed"),
    [(REVIEW_QUEUE, "dpo"), (DIRECTOR_QUEUE, "director"), (SIRO_QUEUE, "siro")],
)
@pytest.mark.parametrize(
    "role", ["staff", "dpo", "siro", "director", "admin_user", "partner_police", "partner_hull"]
)
def test_each_queue_opens_only_for_its_role(request, client, url, allowed, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == (200 if role == allowed else 403)


# --- The navigation badges -----------------------------------------------------------------------


@pytest.fixture
def waiting(staff, dpo):
    """Two DPIAs waiting for the DPO, one for the Director and three for the SIRO."""
    submitted_dpia(staff, title="Waiting one")
    submitted_dpia(staff, title="Waiting two")
    advised_dpia(staff, dpo, title="Low residual")
    for title in ("High one", "High two", "High three"):
        advised_dpia(staff, dpo, title=title, risks=(HIGH_STAYS_HIGH,))


@pytest.mark.parametrize(
    ("role", "item", "queue", "expected"),
    [
        ("dpo", "Review queue", REVIEW_QUEUE, "2 DPIAs waiting for your review"),
        ("director", "Sign-off", DIRECTOR_QUEUE, "1 DPIA waiting for your sign-off"),
        ("siro", "Sign-off", SIRO_QUEUE, "3 DPIAs waiting for your sign-off"),
    ],
)
def test_each_queue_badge_shows_the_count_its_queue_page_shows(
    request, client, waiting, role, item, queue, expected
):
    client.force_login(request.getfixturevalue(role))

    home = client.get(reverse("home"))
    page = client.get(queue)

    assert badges(home) == {item: expected}
    count = expected.split()[0]
    assert len(queue_rows(page)) == int(count)
    assert f'data-testid="queue-count">({count})</span>' in page.content.decode()


@pytest.mark.parametrize("role", ["staff", "admin_user", "partner_hull"])
def test_people_who_work_no_queue_see_no_badge(request, client, waiting, role):
    client.force_login(request.getfixturevalue(role))
    content = client.get(reverse("home")).content.decode()
    assert "moj-badge" not in content
    assert "Review queue" not in content


def test_a_badge_counts_down_as_the_queue_is_worked(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)
    assert badges(client.get(reverse("home"))) == {"Review queue": "1 DPIA waiting for your review"}

    services.dpia_give_advice(dpia, actor=dpo, recommendation="proceed", advice="Fine.")

    assert badges(client.get(reverse("home"))) == {
        "Review queue": "0 DPIAs waiting for your review"
    }


def test_the_queue_page_is_the_current_navigation_item(client, dpo):
    client.force_login(dpo)
    content = client.get(REVIEW_QUEUE).content.decode()
    current = re.findall(r'href="([^"]+)" aria-current="page"', content)
    assert current == [REVIEW_QUEUE]


def test_dpia_pages_highlight_the_dpias_item_for_internal_roles(client, staff):
    dpia = submitted_dpia(staff)
    client.force_login(staff)
    url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": "withdraw"})
    content = client.get(url).content.decode()
    current = re.findall(r'href="([^"]+)" aria-current="page"', content)
    assert current == [reverse("governance:dpia_list")]


def test_partners_are_not_offered_dpias_in_the_navigation(client, partner_hull):
    client.force_login(partner_hull)
    assert reverse("governance:dpia_list") not in client.get(reverse("home")).content.decode()
