"""The systems register's pages and the information map run a fixed number of SQL queries,
whatever the number of systems (and of the sources, activities and history each one has).

Every page for the signed-in user costs its base (session, user, permissions, organisation,
and for the DPO the queue and notification badges); the comments say what the rest is for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models.systems import System
from governance.services.systems import system_save
from ropa.models import ProcessingActivity
from tests.factories import DataSourceFactory, OrganisationFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

# + the count, and the page's rows with supplier, contract, owner and editors joined.
SYSTEM_LIST_QUERIES = 8
# No page layout: session, user, 2 permissions, the count, the rows.
SYSTEM_EXPORT_QUERIES = 6
# + the system with its relations, the problems panel (1: every kind about it at once), the
# sources and the activities it holds, whether the contract and supplier are the user's to see.
SYSTEM_DETAIL_QUERIES = 13
SYSTEM_HISTORY_QUERIES = 12
# + the system, and the badge of unread notifications (the SIRO's base is 7).
SYSTEM_DECISION_QUERIES = 8
# + each layer once (sources, systems, activities, products, organisations), the three kinds
# of link and the products' sources; the filter's organisation chooser reads nothing unfilled.
INFOMAP_QUERIES = 15


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            response.getvalue()
    assert response.status_code == 200
    return len(queries)


def systems(count: int, actor) -> list[System]:
    """``count`` systems, each from its own supplier with its own owner, source, activity and
    product, each changed a few times, so nothing is shared between rows."""
    made = []
    for index in range(count):
        supplier = OrganisationFactory()
        source = DataSourceFactory(
            name=f"Extract {index}",
            classification="partner_shared",
            url="",
            publisher="",
            supplier=supplier,
            has_personal_data=True,
        )
        activity = ProcessingActivity.objects.create(
            name=f"Analysis {index}", business_function="Analysis", purpose="Hotspots"
        )
        activity.sources.set([source])
        ProductFactory(title=f"Briefing {index}", data_sources=[source])
        system = system_save(
            System(
                name=f"System {index}",
                supplier=supplier,
                hosting=f"Data centre {index}, UK",
                asset_owner=UserFactory(),
            ),
            actor=actor,
            reason="Recorded",
            links={"data_sources": [source], "activities": [activity]},
        )
        for change in range(3):
            system.hosting = f"Data centre {index}.{change}, UK"
            system = system_save(
                system, actor=actor, reason=f"Moved {change}", links={"activities": [activity]}
            )
        made.append(system)
    return made


@pytest.mark.parametrize("rows", [1, 50])
def test_the_system_list_runs_a_fixed_number_of_queries(client, staff, rows):
    systems(rows, staff)
    client.force_login(staff)
    assert count_queries(client, reverse("governance:system_list")) == SYSTEM_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_system_export_runs_a_fixed_number_of_queries(client, staff, rows):
    systems(rows, staff)
    client.force_login(staff)
    url = reverse("governance:system_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == SYSTEM_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_system_page_runs_a_fixed_number_of_queries(client, staff, rows):
    system = systems(rows, staff)[-1]
    client.force_login(staff)
    assert count_queries(client, system.get_absolute_url()) == SYSTEM_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_system_history_runs_a_fixed_number_of_queries(client, staff, rows):
    system = systems(rows, staff)[-1]
    for change in range(rows):
        system.description = f"Change {change}"
        system = system_save(system, actor=UserFactory(), reason="Noted")
    client.force_login(staff)
    url = reverse("governance:system_history", kwargs={"pk": system.pk})
    assert count_queries(client, url) == SYSTEM_HISTORY_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_decision_page_runs_a_fixed_number_of_queries(client, staff, siro, rows):
    system = systems(rows, staff)[-1]
    client.force_login(siro)
    url = reverse("governance:system_decision", kwargs={"pk": system.pk})
    assert count_queries(client, url) == SYSTEM_DECISION_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_information_map_runs_a_fixed_number_of_queries(client, staff, rows, monkeypatch):
    from governance import infomap

    # The diagram costs no query; without Graphviz the page does the same reading.
    monkeypatch.setattr(infomap.shutil, "which", lambda name: None)
    # Every row drawn: a map cut short at its cap skips the links of what it left out.
    monkeypatch.setattr(infomap, "MAX_NODES", 1000)
    systems(rows, staff)
    client.force_login(staff)
    assert count_queries(client, reverse("governance:infomap")) == INFOMAP_QUERIES
