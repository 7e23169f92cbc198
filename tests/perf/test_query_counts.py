"""Each list, detail and history page runs a fixed number of SQL queries, whatever the row count.

The budgets are pinned: a change that adds a query per row (or any query) fails here.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from vpp_portal.editing import save_register_row

pytestmark = pytest.mark.django_db

# Every page for a signed-in user costs 5: session, user, their organisation (identity bar),
# permissions (user and group); the rest is the page's own.
# + the count, the page's keys (sorted and sliced on the table alone), then those 25 rows.
ORGANISATION_LIST_QUERIES = 9
# No page layout: session, user, 2 permissions, the count (download now, or a background job
# past EXPORT_JOB_THRESHOLD_ROWS), rows.
ORGANISATION_EXPORT_QUERIES = 6
# the organisation; its contacts, forums, agreements (as a party), sources, consultations,
# current role holders
ORGANISATION_DETAIL_QUERIES = 13
ORGANISATION_HISTORY_QUERIES = 8
HOME_QUERIES = 13  # + agreements (1 aggregate), uncovered sources, pending answers, products
# "Waiting for you" (governance.waiting): Staff's five counts (one aggregate for their returned
# DPIAs and DPIA reviews, three overdue reviews, consultations asked for);
# tests/perf/test_home_queries.py pins each role's.
HOME_QUERIES += 5
# + the policies waiting for them to read and confirm (one COUNT, every role's).
HOME_QUERIES += 1


def count_queries(client, url: str) -> int:
    """The queries of one request, a streamed answer's included (read to its end)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            response.getvalue()
    assert response.status_code == 200
    return len(queries)


def make_organisations(count: int, editors: list) -> list:
    organisations = OrganisationFactory.create_batch(count)
    for index, organisation in enumerate(organisations):
        organisation.kind = "police"
        save_register_row(organisation, actor=editors[index % len(editors)], reason="Sorted")
    return organisations


def edit_many_times(organisation, times: int, editors: list) -> None:
    for index in range(times):
        organisation.name = f"{organisation.name.split(' v')[0]} v{index}"
        save_register_row(
            organisation, actor=editors[index % len(editors)], reason=f"Edit number {index}"
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_organisation_list_runs_a_fixed_number_of_queries(client, staff, rows):
    editors = [staff, *UserFactory.create_batch(3)]
    make_organisations(rows, editors)
    client.force_login(staff)
    assert count_queries(client, reverse("sharing:organisation_list")) == ORGANISATION_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_organisation_export_runs_a_fixed_number_of_queries(client, staff, rows):
    make_organisations(rows, [staff])
    client.force_login(staff)
    url = reverse("sharing:organisation_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == ORGANISATION_EXPORT_QUERIES


def relate_to(organisation, count: int) -> None:
    """``count`` of every related row the organisation's page shows."""
    from sharing.models import RoleHolder
    from tests.factories import (
        AgreementFactory,
        ConsultationFactory,
        ContactFactory,
        DataSourceFactory,
        ForumFactory,
    )

    for index in range(count):
        ContactFactory(organisation=organisation)
        ForumFactory(members=[organisation])
        agreement = AgreementFactory(
            status="active" if index % 2 else "expired", parties=[(organisation, "controller")]
        )
        DataSourceFactory(
            classification="partner_shared",
            url="",
            publisher="",
            supplier=organisation,
            covering_agreement=agreement,
        )
        ConsultationFactory(organisation=organisation)
        # Role holders in post (a page lists every current one, overlapping or not).
        RoleHolder.objects.create(
            organisation=organisation,
            role=("siro", "dpo", "director")[index % 3],
            name=f"Holder {index}",
            starts_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_organisation_detail_page_runs_a_fixed_number_of_queries(client, staff, rows):
    organisation = make_organisations(rows, [staff])[0]
    relate_to(organisation, rows)
    client.force_login(staff)
    assert count_queries(client, organisation.get_absolute_url()) == ORGANISATION_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_partners_organisation_page_runs_a_fixed_number_of_queries(client, rows):
    from accounts.choices import Role

    organisation = make_organisations(1, [None])[0]
    relate_to(organisation, rows)
    partner = UserFactory(role=Role.PARTNER, organisation=organisation)
    client.force_login(partner)
    # No forums or role holders panel for a partner: two queries fewer.
    expected = ORGANISATION_DETAIL_QUERIES - 2
    assert count_queries(client, organisation.get_absolute_url()) == expected


@pytest.mark.parametrize("versions", [1, 50])
def test_the_history_page_runs_a_fixed_number_of_queries(client, staff, versions):
    editors = [staff, *UserFactory.create_batch(3)]
    organisation = OrganisationFactory()
    edit_many_times(organisation, versions - 1, editors)
    assert organisation.history.count() == versions
    client.force_login(staff)
    url = reverse("sharing:organisation_history", kwargs={"pk": organisation.pk})
    assert count_queries(client, url) == ORGANISATION_HISTORY_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_home_page_runs_a_fixed_number_of_queries(client, staff, rows):
    make_organisations(rows, [staff])
    client.force_login(staff)
    assert count_queries(client, reverse("home")) == HOME_QUERIES
