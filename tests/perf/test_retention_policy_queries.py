"""Retention, disposal and policy pages run a fixed number of SQL queries, whatever the number
of rows they show: the budgets are pinned, so a query per row (or any new query) fails.

Every page for a signed-in user costs 5 (session, user, their organisation, user and group
permissions); the comments say what the rest is for.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from tests.factories import DataSourceFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

RETENTIONRULE_LIST_QUERIES = 9  # + count, the page's keys, its rows with their editors
RETENTIONRULE_DETAIL_QUERIES = 9  # + the rule, the activities and the data sources under it
# + overdue and due-soon counts (one per register), the page's keys (both registers, sorted and
# sliced in SQL), the page's activities and its data sources with their rules and owners (a
# register with no row on the page costs no query: the rows below share their page)
RETENTION_DUE_QUERIES = 11
DISPOSAL_LIST_QUERIES = 9  # + count, the page's keys, its rows with record, people and editors
DISPOSAL_DETAIL_QUERIES = 7  # + the disposal with its record, people, editors, authorship
# The DPO's (+ the DPIA queue badge): + count, the page's keys, its rows with their authorship
DISPOSAL_QUEUE_QUERIES = 10
POLICY_LIST_QUERIES = 8  # + count, rows with owner organisation and editors
# + the policy with its relations, the activities relying on it, the problems panel's one query
POLICY_DETAIL_QUERIES = 9

LONG_AGO = datetime.date(2000, 1, 1)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def people(staff):
    """Different people in every role a row names, so no related row is shared."""
    return [staff, *UserFactory.create_batch(3)]


def activity(index: int, **values) -> ProcessingActivity:
    return ProcessingActivity.objects.create(
        name=f"Activity {index}", business_function="Analysis", purpose="Analysis", **values
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_retention_rule_list_runs_a_fixed_number_of_queries(client, staff, people, rows):
    for index in range(rows):
        RetentionRule.objects.create(
            record_class=f"Class {index}",
            period=1 + index,
            trigger="creation",
            action="destroy",
            created_by=people[index % 4],
            updated_by=people[(index + 1) % 4],
        )
    client.force_login(staff)
    url = reverse("ropa:retentionrule_list")
    assert count_queries(client, url) == RETENTIONRULE_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_retention_rule_page_runs_a_fixed_number_of_queries(client, staff, people, rows):
    """However many activities and data sources are held under the rule."""
    rule = RetentionRule.objects.create(
        record_class="Partnership analysis", period=6, trigger="creation", action="destroy"
    )
    for index in range(rows):
        activity(index, retention_rule=rule, retention_trigger_on=LONG_AGO, owner=people[index % 4])
        DataSourceFactory(
            retention_rule=rule, retention_trigger_on=LONG_AGO, owner=people[index % 4]
        )
    client.force_login(staff)
    assert count_queries(client, rule.get_absolute_url()) == RETENTIONRULE_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_due_list_runs_a_fixed_number_of_queries(client, staff, people, rows):
    """However many records, under however many rules, are due (all on one day, so that each
    activity's data source follows it by name and both registers share every page)."""
    for index in range(rows):
        rule = RetentionRule.objects.create(
            record_class=f"Class {index}", period=1, trigger="creation", action="destroy"
        )
        activity(index, retention_rule=rule, retention_trigger_on=LONG_AGO, owner=people[index % 4])
        DataSourceFactory(
            name=f"Activity {index} source",
            retention_rule=rule,
            retention_trigger_on=LONG_AGO,
            owner=people[index % 4],
        )
    client.force_login(staff)
    assert count_queries(client, reverse("ropa:retention_due")) == RETENTION_DUE_QUERIES


def disposals(count: int, people: list, dpo) -> None:
    for index in range(count):
        record = (
            {"activity": activity(index, status="retired")}
            if index % 2
            else {"data_source": DataSourceFactory(retired_on=LONG_AGO)}
        )
        Disposal.objects.create(
            disposed_on=LONG_AGO,
            method="secure_deletion",
            carried_out_by=people[index % 4],
            status="approved",
            proposed_by=people[(index + 3) % 4],
            proposed_at=timezone.now(),
            decided_by=dpo,
            decided_at=timezone.now(),
            evidence_reference=f"DEL-{index}",
            created_by=people[(index + 1) % 4],
            updated_by=people[(index + 2) % 4],
            **record,
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_disposal_log_runs_a_fixed_number_of_queries(client, staff, dpo, people, rows):
    disposals(rows, people, dpo)
    client.force_login(staff)
    assert count_queries(client, reverse("ropa:disposal_list")) == DISPOSAL_LIST_QUERIES


@pytest.mark.parametrize("kind", ["activity", "data_source"])
def test_the_disposal_page_runs_a_fixed_number_of_queries(client, staff, dpo, people, kind):
    disposals(2, people, dpo)
    disposal = Disposal.objects.get(**{f"{kind}__isnull": False})
    client.force_login(staff)
    assert count_queries(client, disposal.get_absolute_url()) == DISPOSAL_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_disposal_queue_runs_a_fixed_number_of_queries(client, staff, dpo, people, rows):
    """However many proposals wait, each saying whether the DPO may decide it or who can."""
    proposer = UserFactory(role="dpo")
    for index in range(rows):
        Disposal.objects.create(
            data_source=DataSourceFactory(),
            disposed_on=LONG_AGO,
            method="secure_deletion",
            carried_out_by=people[index % 4],
            proposed_by=proposer if index % 2 else people[index % 4],
            proposed_at=timezone.now(),
            evidence_reference=f"DEL-{index}",
        )
    client.force_login(dpo)
    assert count_queries(client, reverse("ropa:disposal_queue")) == DISPOSAL_QUEUE_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_policy_list_runs_a_fixed_number_of_queries(client, staff, people, rows):
    for index in range(rows):
        Policy.objects.create(
            title=f"Policy {index}",
            kind="policy",
            owner_organisation=OrganisationFactory(),
            next_review_on=LONG_AGO,
            created_by=people[index % 4],
            updated_by=people[(index + 1) % 4],
        )
    client.force_login(staff)
    assert count_queries(client, reverse("governance:policy_list")) == POLICY_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_policy_page_runs_a_fixed_number_of_queries(client, staff, opcc, people, rows):
    """However many activities rely on the policy."""
    policy = Policy.objects.create(title="APD", kind="safeguards", owner_organisation=opcc)
    for index in range(rows):
        activity(index, safeguards_policy=policy, retention_policy=policy, owner=people[index % 4])
    client.force_login(staff)
    assert count_queries(client, policy.get_absolute_url()) == POLICY_DETAIL_QUERIES
