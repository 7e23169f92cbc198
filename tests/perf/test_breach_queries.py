"""The breach log's pages run a fixed number of SQL queries, whatever the number of breaches
(or of changes in a breach's history): the budgets are pinned, so a query per row fails.

Every page for the DPO costs 7 (session, user, user and group permissions, their organisation,
the review-queue badge and the unread-notifications badge); the comments say what the rest is for.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Breach
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

BREACH_LIST_QUERIES = 9  # + count, rows with reporter, handler, organisation and editors
# + the breach with its relations, the actions taken from its lessons, and the problems panel
# (1 query: every finding kind about the record asked at once; none found).
BREACH_DETAIL_QUERIES = 10
BREACH_HISTORY_QUERIES = 12  # + the breach, its history rows, the people and organisations named
BREACH_EDIT_QUERIES = (
    11  # + the breach, the people for "reported by" and "handled by", organisations
)
BREACH_ICO_QUERIES = 8  # + the breach


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def breaches(count: int) -> list[Breach]:
    """``count`` breaches, each naming different people and organisations, each changed a few
    times, so nothing is shared between rows."""
    made = []
    now = timezone.now()
    for index in range(count):
        people = UserFactory.create_batch(2)
        aware = now - datetime.timedelta(hours=index + 1)
        breach = Breach(
            reference=f"BR-{index + 1:03d}",
            title=f"Breach {index}",
            detected_at=aware - datetime.timedelta(hours=1),
            became_aware_at=aware,
            description="What happened.",
            reported_by=people[0],
            owner=people[1],
            organisation=OrganisationFactory.create(),
            created_by=people[0],
            updated_by=people[1],
        )
        breach.save()
        for change in range(3):
            breach.actions = f"Step {change}"
            breach.owner = UserFactory.create()
            breach.save()
        made.append(breach)
    return made


@pytest.mark.parametrize("rows", [1, 20])
def test_the_breach_list_runs_a_fixed_number_of_queries(client, dpo, rows):
    breaches(rows)
    client.force_login(dpo)
    assert count_queries(client, reverse("governance:breach_list")) == BREACH_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_a_breach_page_runs_a_fixed_number_of_queries(client, dpo, rows):
    breach = breaches(rows)[-1]
    client.force_login(dpo)
    assert count_queries(client, breach.get_absolute_url()) == BREACH_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_a_breach_history_runs_a_fixed_number_of_queries(client, dpo, rows):
    breach = breaches(rows)[-1]
    for change in range(rows):
        breach.people_affected = change
        breach.owner = UserFactory()
        breach.save()
    client.force_login(dpo)
    url = reverse("governance:breach_history", kwargs={"pk": breach.pk})
    assert count_queries(client, url) == BREACH_HISTORY_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_the_breach_edit_form_runs_a_fixed_number_of_queries(client, dpo, rows):
    breach = breaches(rows)[-1]
    client.force_login(dpo)
    url = reverse("governance:breach_update", kwargs={"pk": breach.pk})
    assert count_queries(client, url) == BREACH_EDIT_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_the_ico_decision_page_runs_a_fixed_number_of_queries(client, dpo, rows):
    breach = breaches(rows)[-1]
    client.force_login(dpo)
    url = reverse("governance:breach_ico", kwargs={"pk": breach.pk})
    assert count_queries(client, url) == BREACH_ICO_QUERIES
