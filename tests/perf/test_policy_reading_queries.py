"""Required reading pages run a fixed number of SQL queries, whatever the number of readers and
confirmations: the policy page with its "who has read it" table, the reader's own list and
reading page.

Every page for a signed-in user costs 6 (session, user, their organisation, user and group
permissions, the unread notifications badge); the comments say what the rest is for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Policy
from governance.services.policy_reading import policy_confirm_reading, policy_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The policy page's own 9 (tests/perf/test_retention_policy_queries.py), + the readers' tally
# (one aggregate, which is also the table's row count) and the page of readers with their
# confirmations; + the viewer's own confirmation when they are asked to read it.
POLICY_DETAIL_QUERIES_FOR_A_READER = 9 + 2 + 1
# The SIRO is not asked to read it, but their navigation counts their sign-off queue.
POLICY_DETAIL_QUERIES_FOR_THE_SIRO = 9 + 2 + 1
# + the count and the page of policies with the reader's confirmation of each
READING_LIST_QUERIES = 8
# + the policy, the reader's confirmation
READ_PAGE_QUERIES = 8


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def required(opcc, actor, title="Data Protection Policy") -> Policy:
    return policy_save(
        Policy(
            title=title,
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            version="4.0",
            required_for_roles=["staff", "partner"],
        ),
        actor=actor,
    )


@pytest.mark.parametrize("confirmations", [1, 50])
def test_the_policy_page_with_its_readers_runs_a_fixed_number_of_queries(
    client, opcc, hull, staff, siro, confirmations
):
    policy = required(opcc, staff)
    readers = [
        *UserFactory.create_batch(confirmations - 1, role="staff", organisation=opcc),
        UserFactory(role="partner", organisation=hull),
    ]
    for reader in readers:
        policy_confirm_reading(policy, actor=reader, version="4.0")
    UserFactory.create_batch(3, role="partner", organisation=hull)  # not yet confirmed
    client.force_login(siro)
    assert count_queries(client, policy.get_absolute_url()) == POLICY_DETAIL_QUERIES_FOR_THE_SIRO
    client.force_login(staff)
    assert count_queries(client, policy.get_absolute_url()) == POLICY_DETAIL_QUERIES_FOR_A_READER
    assert policy.confirmations.count() == confirmations


@pytest.mark.parametrize("policies", [1, 50])
def test_the_reading_pages_run_a_fixed_number_of_queries(client, opcc, staff, policies):
    made = [required(opcc, staff, title=f"Policy {index:02d}") for index in range(policies)]
    for policy in made[::2]:
        policy_confirm_reading(policy, actor=staff, version="4.0")
    client.force_login(staff)
    assert count_queries(client, reverse("governance:policy_reading")) == READING_LIST_QUERIES
    url = reverse("governance:policy_read", kwargs={"pk": made[-1].pk})
    assert count_queries(client, url) == READ_PAGE_QUERIES
