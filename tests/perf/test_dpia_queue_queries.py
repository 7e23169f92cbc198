"""The DPIA queue pages run a fixed number of SQL queries, however many DPIAs wait in them,
and show 25 a page, oldest first; the badges of every queue a user works cost one query
between them on every page, and none for anyone who works no queue.

Every signed-in page costs 5: session, user, their organisation, user and group permissions;
then the unread notifications badge and the queue badges.
"""

import re

import pytest
from django.urls import reverse

from tests.dpias import HIGH_STAYS_HIGH, MEDIUM_REDUCED_TO_LOW, advised_dpia, submitted_dpia
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# + the badges, the queue's count, its page of DPIAs (with author) and their activities.
REVIEW_QUEUE_QUERIES = 10
# + the badges, the queue's count and its page of DPIAs (with author and DPO).
SIGN_OFF_QUEUE_QUERIES = 9
# The SIRO's adds the count of the DPIAs awaiting them as deputy DPO, and when there are some,
# their page and its processing activities.
SIRO_QUEUE_QUERIES = SIGN_OFF_QUEUE_QUERIES + 1
SIRO_QUEUE_WITH_DEPUTY_ROWS_QUERIES = SIRO_QUEUE_QUERIES + 2

QUEUES = [
    ("dpo", "governance:dpia_review_queue", None),
    ("director", "governance:dpia_director_queue", (MEDIUM_REDUCED_TO_LOW,)),
    ("siro", "governance:dpia_siro_queue", (HIGH_STAYS_HIGH,)),
]


def fill(queue_risks, staff, dpo, rows: int, start: int = 0) -> None:
    """``rows`` DPIAs in the queue (submitted, or advised with ``queue_risks``), in order."""
    for index in range(start, start + rows):
        title = f"DPIA {index:02d}"
        if queue_risks is None:
            submitted_dpia(staff, title=title, risks=(MEDIUM_REDUCED_TO_LOW,) * 2)
        else:
            advised_dpia(staff, dpo, title=title, risks=queue_risks * 2)


def titles(html: str, testid: str = "queue") -> list[str]:
    table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    return re.findall(r">DPIA-\d+ (DPIA \d+)<", table)


@pytest.mark.parametrize(("role", "url_name", "risks"), QUEUES)
def test_each_queue_runs_the_same_queries_at_one_and_at_fifty_dpias(
    request, client, staff, dpo, role, url_name, risks
):
    client.force_login(request.getfixturevalue(role))
    expected = {"siro": SIRO_QUEUE_QUERIES, "dpo": REVIEW_QUEUE_QUERIES}
    counts = []
    for rows, start in ((1, 0), (49, 1)):
        fill(risks, staff, dpo, rows, start)
        counts.append(count_queries(client, reverse(url_name)))
        counts.append(count_queries(client, reverse(url_name) + "?page=2"))
    assert counts == [expected.get(role, SIGN_OFF_QUEUE_QUERIES)] * 4


@pytest.mark.parametrize(("role", "url_name", "risks"), QUEUES)
def test_each_queue_shows_25_dpias_a_page_oldest_first(
    request, client, staff, dpo, role, url_name, risks
):
    fill(risks, staff, dpo, 27)
    client.force_login(request.getfixturevalue(role))

    first = client.get(reverse(url_name)).content.decode()
    second = client.get(reverse(url_name), {"page": 2}).content.decode()

    assert titles(first) == [f"DPIA {n:02d}" for n in range(25)]
    assert titles(second) == ["DPIA 25", "DPIA 26"]
    assert 'data-testid="queue-count">(27)' in first
    assert 'class="govuk-pagination"' in first and 'aria-label="Page 2"' in first
    # A page past the end shows the last one; a page that is not a number, the first.
    assert titles(client.get(reverse(url_name), {"page": 9}).content.decode()) == titles(second)
    assert titles(client.get(reverse(url_name), {"page": "x"}).content.decode()) == titles(first)


def test_the_siros_deputy_dpo_list_runs_a_fixed_number_of_queries_and_pages_on_its_own(
    client, staff, dpo, siro
):
    client.force_login(siro)
    url = reverse("governance:dpia_siro_queue")
    counts = []
    for rows, start in ((1, 0), (26, 1)):
        for index in range(start, start + rows):
            submitted_dpia(dpo, title=f"DPIA {index:02d}", risks=(MEDIUM_REDUCED_TO_LOW,))
        advised_dpia(staff, dpo, title=f"High {start}", risks=(HIGH_STAYS_HIGH,))
        counts.append(count_queries(client, url))
    assert counts == [SIRO_QUEUE_WITH_DEPUTY_ROWS_QUERIES] * 2

    first = client.get(url).content.decode()
    second = client.get(url, {"deputy_page": 2}).content.decode()
    assert len(titles(first, "deputy-queue")) == 25
    assert titles(second, "deputy-queue") == ["DPIA 25", "DPIA 26"]
    # The sign-off table above keeps its own page.
    assert "High 0" in second and "High 1" in second


@pytest.mark.parametrize(("role", "badges"), [("dpo", 1), ("siro", 1), ("director", 1)])
def test_the_queue_badges_cost_one_query_on_any_page(request, client, staff, dpo, role, badges):
    submitted_dpia(staff)
    advised_dpia(staff, dpo, title="Advised")
    url = reverse("sharing:organisation_list")
    client.force_login(staff)  # works no queue: no badge, no query
    without = count_queries(client, url)
    client.force_login(request.getfixturevalue(role))
    assert count_queries(client, url) == without + badges
