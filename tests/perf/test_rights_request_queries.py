"""The rights request register's pages run a fixed number of SQL queries, whatever the number
of requests (1 or 50) or of searches on one: the budgets are pinned, so a query per row fails."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models.rights import RightsRequest, RightsSearch
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every page for the DPO costs 7 (session, user, permissions, organisation, the badges).
LIST_QUERIES = 9  # + count, rows with handler and editors
DETAIL_QUERIES = 12  # + the request, its activities, data sources, searches, problems panel
SEARCH_LIST_QUERIES = 9  # + count, rows with their request and organisation


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def requests(count: int) -> list[RightsRequest]:
    """``count`` requests, each with its own handler and a search by its own organisation."""
    made = []
    today = datetime.date(2026, 12, 1)
    for index in range(count):
        handler = UserFactory.create()
        request = RightsRequest.objects.create(
            reference=f"RR-{index + 1:03d}",
            kind="subject_access" if index % 2 else "foi",
            received_on=today,
            clock_started_on=today,
            due_on=today + datetime.timedelta(days=30),
            requester_name=f"Requester {index}",
            requester_contact="someone@example.com",
            summary="Records",
            handler=handler,
            created_by=handler,
            updated_by=handler,
        )
        RightsSearch.objects.create(
            rights_request=request,
            organisation=OrganisationFactory.create(),
            question="Search",
            due_on=today,
            requested_by=handler,
        )
        made.append(request)
    return made


@pytest.mark.parametrize("rows", [1, 50])
def test_the_request_list_runs_a_fixed_number_of_queries(client, dpo, rows):
    requests(rows)
    client.force_login(dpo)
    assert count_queries(client, reverse("governance:rightsrequest_list")) == LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_request_page_runs_a_fixed_number_of_queries(client, dpo, rows):
    last = requests(rows)[-1]
    for _extra in range(rows - 1):
        RightsSearch.objects.create(
            rights_request=last,
            organisation=OrganisationFactory.create(),
            question="Search",
            due_on=last.received_on,
        )
    client.force_login(dpo)
    assert count_queries(client, last.get_absolute_url()) == DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_search_list_runs_a_fixed_number_of_queries(client, dpo, rows):
    requests(rows)
    client.force_login(dpo)
    assert count_queries(client, reverse("governance:rightssearch_list")) == SEARCH_LIST_QUERIES
