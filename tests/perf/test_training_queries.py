"""The training pages run a fixed number of SQL queries, whatever the number of records,
courses and people: the budgets are pinned at 1 and 50 rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.governance.training_support import course, record, started

pytestmark = pytest.mark.django_db

# Every page costs 5 for the signed-in user (session, user, their organisation, user and group
# permissions) plus the layout's badges; the comments say what the rest is for.
TRAINING_RECORD_LIST_QUERIES = 9  # + the courses of the filter, the count, the page's rows
# No layout: session, user, 2 permissions, the count, the rows.
TRAINING_RECORD_EXPORT_QUERIES = 6
TRAINING_RECORD_DETAIL_QUERIES = 9  # + the record with its person and course, its problems
COURSE_LIST_QUERIES = 8  # + the count, the page's rows
# + the count and the page's people with their organisation and start date; a filter that
# finds nobody reads no rows.
PEOPLE_LIST_QUERIES = {"": 8, "out_of_date": 8, "induction_overdue": 8, "key_role_missing": 7}
# + the person; the key roles they hold, their start date, their records, the courses (what
# they are due); their start date and records again for the page's own lists.
PERSON_PAGE_QUERIES = 13
DASHBOARD_TRAINING_FIGURES_QUERIES = 1  # one conditional aggregate over people


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def training(rows: int, staff) -> list:
    """``rows`` people from ``rows`` organisations, each with a start date and a record of
    their own course (so nothing is shared between rows)."""
    made = []
    for index in range(rows):
        person = UserFactory(organisation=OrganisationFactory())
        started(staff, person, date(2026, 1, 1) + timedelta(days=index % 20))
        own = course(staff, renewal_months=12)
        made.append(record(staff, person, own, date(2025, 1, 1) + timedelta(days=index)))
    return made


@pytest.mark.parametrize("rows", [1, 50])
def test_the_training_record_list_runs_a_fixed_number_of_queries(client, staff, rows):
    training(rows, staff)
    client.force_login(staff)
    assert (
        count_queries(client, reverse("governance:trainingrecord_list"))
        == TRAINING_RECORD_LIST_QUERIES
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_training_record_export_runs_a_fixed_number_of_queries(client, staff, rows):
    training(rows, staff)
    client.force_login(staff)
    url = reverse("governance:trainingrecord_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == TRAINING_RECORD_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_training_record_page_runs_a_fixed_number_of_queries(client, staff, rows):
    made = training(rows, staff)
    client.force_login(staff)
    url = made[-1].get_absolute_url()
    assert count_queries(client, url) == TRAINING_RECORD_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_course_list_runs_a_fixed_number_of_queries(client, staff, rows):
    training(rows, staff)
    client.force_login(staff)
    assert count_queries(client, reverse("governance:course_list")) == COURSE_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("state", ["", "out_of_date", "induction_overdue", "key_role_missing"])
def test_the_people_list_runs_a_fixed_number_of_queries(client, staff, rows, state):
    training(rows, staff)
    client.force_login(staff)
    url = reverse("governance:person_training_list") + (f"?state={state}" if state else "")
    assert count_queries(client, url) == PEOPLE_LIST_QUERIES[state]


@pytest.mark.parametrize("rows", [1, 50])
def test_a_persons_page_runs_a_fixed_number_of_queries(client, staff, rows):
    made = training(rows, staff)
    for extra in training(rows, staff):  # more records of the same person
        record(staff, made[0].person, extra.course, extra.completed_on)
    client.force_login(staff)
    url = reverse("governance:person_training", kwargs={"pk": made[0].person_id})
    assert count_queries(client, url) == PERSON_PAGE_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_dashboards_training_figures_are_one_query(staff, dpo, rows):
    from django.utils import timezone

    from governance.dashboard.training import training_figures

    training(rows, staff)
    with CaptureQueriesContext(connection) as queries:
        training_figures(dpo, timezone.localdate())
    assert len(queries) == DASHBOARD_TRAINING_FIGURES_QUERIES
