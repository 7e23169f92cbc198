"""The DPIA queue pages run a fixed number of SQL queries, however many DPIAs wait in them;
each queue's navigation badge costs one COUNT query on every page, for its role only.

Every signed-in page costs 5: session, user, their organisation, user and group permissions.
"""

import pytest
from django.urls import reverse

from tests.dpias import HIGH_STAYS_HIGH, MEDIUM_REDUCED_TO_LOW, advised_dpia, submitted_dpia
from tests.perf.test_query_counts import ORGANISATION_LIST_QUERIES, count_queries

pytestmark = pytest.mark.django_db

# + the badge's count, the DPIAs (with author and risk levels) and their activities.
REVIEW_QUEUE_QUERIES = 9
# + the badge's count and the DPIAs (with author, DPO and residual risk level).
SIGN_OFF_QUEUE_QUERIES = 8
# The SIRO's adds the DPIAs awaiting them as deputy DPO, and (when there are some) their
# processing activities.
SIRO_QUEUE_QUERIES = SIGN_OFF_QUEUE_QUERIES + 1
SIRO_QUEUE_WITH_DEPUTY_ROWS_QUERIES = SIRO_QUEUE_QUERIES + 1


@pytest.mark.parametrize("rows", [1, 15])
def test_the_review_queue_runs_a_fixed_number_of_queries(client, staff, dpo, rows):
    for index in range(rows):
        submitted_dpia(staff, title=f"DPIA {index:02d}", risks=(MEDIUM_REDUCED_TO_LOW,) * 2)
    client.force_login(dpo)
    url = reverse("governance:dpia_review_queue")
    assert count_queries(client, url) == REVIEW_QUEUE_QUERIES


@pytest.mark.parametrize("rows", [1, 15])
@pytest.mark.parametrize(
    ("role", "url_name", "risks"),
    [
        ("director", "governance:dpia_director_queue", (MEDIUM_REDUCED_TO_LOW,)),
        ("siro", "governance:dpia_siro_queue", (HIGH_STAYS_HIGH,)),
    ],
)
def test_the_sign_off_queues_run_a_fixed_number_of_queries(
    request, client, staff, dpo, rows, role, url_name, risks
):
    for index in range(rows):
        advised_dpia(staff, dpo, title=f"DPIA {index:02d}", risks=risks * 2)
    client.force_login(request.getfixturevalue(role))
    expected = SIRO_QUEUE_QUERIES if role == "siro" else SIGN_OFF_QUEUE_QUERIES
    assert count_queries(client, reverse(url_name)) == expected


@pytest.mark.parametrize("rows", [1, 15])
def test_the_siros_deputy_dpo_list_runs_a_fixed_number_of_queries(client, staff, dpo, siro, rows):
    for index in range(rows):
        submitted_dpia(dpo, title=f"DPO's DPIA {index:02d}", risks=(MEDIUM_REDUCED_TO_LOW,) * 2)
        advised_dpia(staff, dpo, title=f"DPIA {index:02d}", risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)
    url = reverse("governance:dpia_siro_queue")
    assert count_queries(client, url) == SIRO_QUEUE_WITH_DEPUTY_ROWS_QUERIES


@pytest.mark.parametrize(
    ("role", "badges"), [("staff", 0), ("dpo", 1), ("siro", 1), ("director", 1)]
)
def test_each_queue_badge_costs_one_query_on_any_page(request, client, staff, dpo, role, badges):
    submitted_dpia(staff)
    advised_dpia(staff, dpo, title="Advised")
    client.force_login(request.getfixturevalue(role))
    url = reverse("sharing:organisation_list")
    assert count_queries(client, url) == ORGANISATION_LIST_QUERIES + badges
