"""The security log and the role changes run a fixed number of SQL queries, whatever the
number of rows: the rows come with their accounts in one query, paginated in SQL.

Every page for a signed-in user costs 5 (session, user, their organisation, user and group
permissions) plus 1 for the header's unread badge; the comments say what the rest is for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role, SecurityEventKind
from accounts.models import RoleChange, SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# + the DPO's review-queue badge, the page's count and its rows (with account and actor)
SECURITY_EVENT_LIST_QUERIES = 9
SECURITY_EVENT_FILTERED_QUERIES = SECURITY_EVENT_LIST_QUERIES
# + the DPO's review-queue badge, the page's count and its rows (with person and decider)
ROLE_CHANGE_LIST_QUERIES = 9


def count_queries(client, url: str, query: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries)


def record_events(rows: int, admin) -> None:
    people = UserFactory.create_batch(min(rows, 5))
    for index in range(rows):
        person = people[index % len(people)]
        SecurityEvent.objects.create(
            kind=SecurityEventKind.SIGNED_IN if index % 2 else SecurityEventKind.ROLE_CHANGED,
            user=person,
            actor=None if index % 2 else admin,
            ip_address="192.0.2.10",
            user_agent="TestBrowser",
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_security_log_runs_a_fixed_number_of_queries(client, dpo, admin_user, rows):
    record_events(rows, admin_user)
    client.force_login(dpo)
    url = reverse("accounts:securityevent_list")
    assert count_queries(client, url) == SECURITY_EVENT_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_filtered_security_log_runs_a_fixed_number_of_queries(client, dpo, admin_user, rows):
    record_events(rows, admin_user)
    client.force_login(dpo)
    url = reverse("accounts:securityevent_list")
    query = {"q": "test user", "kind": "role_changed", "occurred_from": "2020-01-01"}
    assert count_queries(client, url, query) == SECURITY_EVENT_FILTERED_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_role_changes_run_a_fixed_number_of_queries(client, dpo, admin_user, rows):
    people = UserFactory.create_batch(min(rows, 5))
    for index in range(rows):
        RoleChange.objects.create(
            user=people[index % len(people)],
            from_role=Role.STAFF,
            to_role=Role.DPO,
            changed_by=admin_user,
            reason=f"Decision {index}",
        )
    client.force_login(dpo)
    assert count_queries(client, reverse("accounts:rolechange_list")) == ROLE_CHANGE_LIST_QUERIES
