"""The search page runs a fixed number of SQL queries, whatever the number of matches.

Every page for a signed-in user costs 5 (session, user, their organisation, two permission
queries) and the header's unread count 1; the search adds one query per register searched
(its first rows and their total in one statement, labels' related rows joined).
"""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import Policy
from ropa.models import ProcessingActivity, RetentionRule
from sharing.models import (
    Agreement,
    ConnectionRequest,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
)
from tests.governance.search_support import WORD, kestrel_records
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

#: page queries beyond the registers' own: session, user, organisation, two permission
#: queries, the unread notification count (and for staff the navigation's queue badges)
STAFF_SEARCH_QUERIES = 6 + 14  # every register
PARTNER_SEARCH_QUERIES = 6 + 4  # organisations, agreements, data sources, consultations
EXTRA = 30  # more than a group shows, in every register a label reads related rows for


def add_matches(opcc, hull) -> None:
    """``EXTRA`` more matching rows in most registers, in bulk (no per-row history needed)."""
    rows = range(EXTRA)
    Organisation.objects.bulk_create(
        Organisation(name=f"Kestrel trust {n}", kind="charity") for n in rows
    )
    Contact.objects.bulk_create(
        Contact(organisation=hull, name=f"Kestrel contact {n}", role="Analyst") for n in rows
    )
    forums = Forum.objects.bulk_create(Forum(name=f"Kestrel board {n}") for n in rows)
    ConnectionRequest.objects.bulk_create(
        ConnectionRequest(forum=forum, purpose="Kestrel data") for forum in forums
    )
    Agreement.objects.bulk_create(
        Agreement(title=f"Kestrel MoU {n}", kind="mou", status="drafting") for n in rows
    )
    DataSource.objects.bulk_create(
        DataSource(name=f"Kestrel survey {n}", classification="open") for n in rows
    )
    products = Product.objects.bulk_create(
        Product(title=f"Kestrel report {n}", kind="report", audience="internal") for n in rows
    )
    Consultation.objects.bulk_create(
        Consultation(product=product, organisation=hull, conditions="Kestrel terms")
        for product in products
    )
    ProcessingActivity.objects.bulk_create(
        ProcessingActivity(name=f"Kestrel activity {n}", business_function="Analysis") for n in rows
    )
    RetentionRule.objects.bulk_create(
        RetentionRule(
            record_class=f"Kestrel files {n}",
            period=1,
            period_unit="years",
            trigger="creation",
            action="review",
        )
        for n in rows
    )
    Policy.objects.bulk_create(
        Policy(title=f"Kestrel procedure {n}", kind="procedure", owner_organisation=opcc)
        for n in rows
    )
    RoleHolder.objects.bulk_create(
        RoleHolder(
            organisation=hull, role="dpo", name=f"Kestrel holder {n}", starts_on=date(2024, 1, 1)
        )
        for n in rows
    )


@pytest.mark.parametrize("more", [False, True], ids=["few", "many"])
def test_the_search_runs_a_fixed_number_of_queries_for_staff(
    client, staff, opcc, hull, police, more
):
    kestrel_records(staff=staff, opcc=opcc, hull=hull, police=police)
    if more:
        add_matches(opcc, hull)
    client.force_login(staff)
    url = f"{reverse('governance:search')}?q={WORD}"
    assert count_queries(client, url) == STAFF_SEARCH_QUERIES


@pytest.mark.parametrize("more", [False, True], ids=["few", "many"])
def test_the_search_runs_a_fixed_number_of_queries_for_a_partner(
    client, staff, partner_hull, opcc, hull, police, more
):
    kestrel_records(staff=staff, opcc=opcc, hull=hull, police=police)
    if more:
        add_matches(opcc, hull)
    client.force_login(partner_hull)
    url = f"{reverse('governance:search')}?q={WORD}"
    assert count_queries(client, url) == PARTNER_SEARCH_QUERIES
