"""Forum and connection-request pages run a fixed number of SQL queries, whatever the row count.

Every page for a signed-in user costs 5 (session, user, their organisation, two permission
queries); the rest is the page's own, listed above each budget.
"""

import pytest
from django.urls import reverse

from sharing.models import ConnectionRequest
from tests.factories import AgreementFactory, ForumFactory, OrganisationFactory, UserFactory
from tests.perf.test_query_counts import count_queries
from vpp_portal.editing import save_register_row

pytestmark = pytest.mark.django_db

# + the count, the page's keys (sorted and sliced on the forum table alone), those forums, their
# members (the member filter is a chooser: no organisation is read until one is chosen)
FORUM_LIST_QUERIES = 10
# no page layout: session, user, two permission queries, the count (download or job), forums,
# their members
FORUM_EXPORT_QUERIES = 7
# forum, members, connection requests, their members, agreements via it
FORUM_DETAIL_QUERIES = 11
# forum, members, its versions (with who made them), the member links of every version
FORUM_HISTORY_QUERIES = 10
# count, page of requests (with forum, agreement, owner), their members; the forum filter
CONNECTION_REQUEST_LIST_QUERIES = 10
# session, user, two permission queries, the count (download or job), requests (with forum and
# agreement), their members
CONNECTION_REQUEST_EXPORT_QUERIES = 7
# request with forum, agreement and owner; its members
CONNECTION_REQUEST_DETAIL_QUERIES = 8


def make_forums(count: int, members: list) -> list:
    forums = [ForumFactory(name=f"Forum {index:03d}") for index in range(count)]
    for forum in forums:
        forum.members.set(members)
    return forums


def make_requests(forum, count: int, members: list, editor) -> list:
    requests = []
    for index in range(count):
        agreement = AgreementFactory(title=f"ISA {index:03d}", via_forum=forum)
        request = ConnectionRequest.objects.create(
            forum=forum, purpose=f"Purpose {index}", agreement=agreement, owner=editor
        )
        request.organisations.set(members)
        requests.append(request)
    return requests


@pytest.mark.parametrize("rows", [1, 50])
def test_the_forum_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_forums(rows, OrganisationFactory.create_batch(3))
    client.force_login(staff)
    assert count_queries(client, reverse("sharing:forum_list")) == FORUM_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_forum_export_runs_a_fixed_number_of_queries(client, staff, rows):
    make_forums(rows, OrganisationFactory.create_batch(3))
    client.force_login(staff)
    url = reverse("sharing:forum_export", kwargs={"format": "xlsx"})
    assert count_queries(client, url) == FORUM_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_forum_page_runs_a_fixed_number_of_queries(client, staff, rows):
    members = OrganisationFactory.create_batch(rows)
    (forum,) = make_forums(1, members)
    make_requests(forum, rows, members, staff)
    client.force_login(staff)
    assert count_queries(client, forum.get_absolute_url()) == FORUM_DETAIL_QUERIES


@pytest.mark.parametrize("versions", [1, 50])
def test_the_forum_history_runs_a_fixed_number_of_queries(client, staff, versions):
    editors = [staff, *UserFactory.create_batch(3)]
    members = OrganisationFactory.create_batch(3)
    forum = ForumFactory(name="Humber Information Governance Alliance")
    for index in range(versions - 1):
        forum.purpose = f"Purpose {index}"
        save_register_row(forum, actor=editors[index % len(editors)], reason=f"Edit {index}")
        forum.members.set(members[: index % 3 + 1])
    client.force_login(staff)
    url = reverse("sharing:forum_history", kwargs={"pk": forum.pk})
    assert count_queries(client, url) == FORUM_HISTORY_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_connection_request_list_runs_a_fixed_number_of_queries(client, staff, rows):
    members = OrganisationFactory.create_batch(3)
    (forum,) = make_forums(1, members)
    make_requests(forum, rows, members, staff)
    client.force_login(staff)
    url = reverse("sharing:connectionrequest_list")
    assert count_queries(client, url) == CONNECTION_REQUEST_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_connection_request_export_runs_a_fixed_number_of_queries(client, staff, rows):
    members = OrganisationFactory.create_batch(3)
    (forum,) = make_forums(1, members)
    make_requests(forum, rows, members, staff)
    client.force_login(staff)
    url = reverse("sharing:connectionrequest_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == CONNECTION_REQUEST_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_connection_request_page_runs_a_fixed_number_of_queries(client, staff, rows):
    members = OrganisationFactory.create_batch(rows)
    (forum,) = make_forums(1, members)
    (request,) = make_requests(forum, 1, members, staff)
    client.force_login(staff)
    assert count_queries(client, request.get_absolute_url()) == CONNECTION_REQUEST_DETAIL_QUERIES
