"""Data source, product and consultation pages run a fixed number of SQL queries, whatever the
number of rows they show: the budgets are pinned, so a query per row (or any new query) fails.

Every page for a signed-in user costs 5 (session, user, their organisation, user and group
permissions); the comments say what the rest is for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharing.models import Consultation, DataSource, Product
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    DataSourceFactory,
    OrganisationFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DATASOURCE_LIST_QUERIES = 9  # + count, the page's keys, its rows with supplier, agreement, owner
# Session, user, 2 permissions, the count (download or job), rows (no page layout).
DATASOURCE_EXPORT_QUERIES = 6
# + the source with its relations, its products, its DPIAs, and the problems panel (1 query:
# every finding kind about the record asked at once; none found).
DATASOURCE_DETAIL_QUERIES = 10
# + count, the page's keys, its rows, sources, their suppliers, consultations, organisations
PRODUCT_LIST_QUERIES = 13
# + product, sources, suppliers, agreements, consultations, orgs, and the problems panel (1
# query: every finding kind about the record asked at once; none found).
PRODUCT_DETAIL_QUERIES = 13
CONSULTATION_LIST_QUERIES = 9  # + count, the page's keys, its rows with product, organisation
CONSULTATION_DETAIL_QUERIES = 8  # + consultation with its relations, the data of theirs used


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def partner_shared_sources(count: int, editors: list) -> list[DataSource]:
    """``count`` partner-shared sources, each from its own supplier under its own agreement,
    edited by different people, so that no related row is shared between them."""
    sources = []
    for index in range(count):
        supplier = OrganisationFactory()
        agreement = AgreementFactory(status="active", parties=[(supplier, "controller")])
        sources.append(
            DataSourceFactory(
                classification="partner_shared",
                url="",
                publisher="",
                supplier=supplier,
                covering_agreement=agreement,
                justification="Not published.",
                collection="existing",
                owner=editors[index % len(editors)],
                created_by=editors[(index + 1) % len(editors)],
                updated_by=editors[(index + 2) % len(editors)],
            )
        )
    return sources


@pytest.fixture
def editors(staff):
    return [staff, *UserFactory.create_batch(3)]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_data_source_list_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    partner_shared_sources(rows, editors)
    client.force_login(staff)
    assert count_queries(client, reverse("sharing:datasource_list")) == DATASOURCE_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_data_source_export_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    partner_shared_sources(rows, editors)
    client.force_login(staff)
    url = reverse("sharing:datasource_export", kwargs={"format": "xlsx"})
    assert count_queries(client, url) == DATASOURCE_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_data_source_page_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    """However many products use the source."""
    (source,) = partner_shared_sources(1, editors)
    for _ in range(rows):
        ProductFactory(data_sources=[source])
    client.force_login(staff)
    assert count_queries(client, source.get_absolute_url()) == DATASOURCE_DETAIL_QUERIES


def product_using(sources: list[DataSource], **values) -> Product:
    product = ProductFactory(data_sources=sources, **values)
    for source in sources:
        ConsultationFactory(product=product, organisation=source.supplier, response="agreed")
    return product


@pytest.mark.parametrize("rows", [1, 50])
def test_the_product_list_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    sources = partner_shared_sources(3, editors)
    for index in range(rows):
        product_using(sources[: 1 + index % 3], owner=editors[index % len(editors)])
    client.force_login(staff)
    assert count_queries(client, reverse("sharing:product_list")) == PRODUCT_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_product_page_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    """However many sources it uses and organisations it consulted."""
    product = product_using(partner_shared_sources(rows, editors), owner=staff)
    client.force_login(staff)
    assert count_queries(client, product.get_absolute_url()) == PRODUCT_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_consultation_list_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    for index in range(rows):
        ConsultationFactory(
            requested_by=editors[index % len(editors)],
            responded_by=editors[(index + 1) % len(editors)],
            response="agreed",
        )
    client.force_login(staff)
    url = reverse("sharing:consultation_list")
    assert count_queries(client, url) == CONSULTATION_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_consultation_page_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    """However much of the organisation's data the product uses."""
    sources = partner_shared_sources(rows, editors)
    supplier = sources[0].supplier
    DataSource.objects.filter(pk__in=[s.pk for s in sources]).update(supplier=supplier)
    product = ProductFactory(data_sources=sources)
    consultation = ConsultationFactory(product=product, organisation=supplier, requested_by=staff)
    assert Consultation.objects.count() == 1
    client.force_login(staff)
    assert count_queries(client, consultation.get_absolute_url()) == CONSULTATION_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_partners_consultation_page_costs_the_same(client, partner_hull, hull, editors, rows):
    sources = partner_shared_sources(rows, editors)
    DataSource.objects.filter(pk__in=[s.pk for s in sources]).update(supplier=hull)
    consultation = ConsultationFactory(
        product=ProductFactory(data_sources=sources), organisation=hull
    )
    client.force_login(partner_hull)
    assert count_queries(client, consultation.get_absolute_url()) == CONSULTATION_DETAIL_QUERIES
