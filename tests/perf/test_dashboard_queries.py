"""The accountability dashboard runs the same number of SQL queries whatever the number of rows
in the registers: one conditional aggregate per register table, the findings' one query per
kind, one read of the stored trend figures. The budget is pinned, so a query per row (or a new
query) fails here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.findings import category_counts
from tests.governance.dashboard_mix import build_mix

pytestmark = pytest.mark.django_db

# Every page for the SIRO costs 7: session, user, permissions (user and group), their
# organisation (identity bar), the sign-off queue badge and the unread badge.
PAGE_QUERIES = 7
# The panels' own: activities (1 aggregate, completeness included in its SQL form), the host
# organisation, its role holders, the last Board report, policies, agreements, data sources
# (1 aggregate), DPIAs (1 aggregate, high residual risks), disposals, breaches.
PANEL_QUERIES = 11
PANEL_QUERIES += 1  # training: people in date, new starters, key-role holders (1 aggregate)
PANEL_QUERIES += 1  # individuals' rights: on-time rate and open requests by age (1 aggregate)
PANEL_QUERIES += 1  # the action register: open and overdue actions (1 aggregate)
# Required reading: the policies required, the active people by role, the confirmations of
# the current versions by policy and role.
PANEL_QUERIES += 3
TREND_QUERIES = 1  # the stored monthly figures


def findings_queries() -> int:
    """What the findings module costs (its own tests pin it: one query per kind at most)."""
    with CaptureQueriesContext(connection) as queries:
        category_counts()
    return len(queries)


def dashboard_queries(client, user) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("governance:dashboard"))
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("copies", [1, 3])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, opcc, staff, dpo, director, siro, copies
):
    build_mix(opcc=opcc, staff=staff, dpo=dpo, director=director, siro=siro, copies=copies)
    queries = dashboard_queries(client, siro)
    assert len(queries) == PAGE_QUERIES + PANEL_QUERIES + findings_queries() + TREND_QUERIES
    assert not [sql for sql in queries if "historical" in sql.lower()], "reads history"


def test_the_query_count_is_the_same_for_one_copy_of_the_mix_and_for_four(
    client, opcc, staff, dpo, director, siro
):
    build_mix(opcc=opcc, staff=staff, dpo=dpo, director=director, siro=siro, copies=1)
    small = len(dashboard_queries(client, siro))
    from governance.models import Breach, Dpia

    build_mix(opcc=opcc, staff=staff, dpo=dpo, director=director, siro=siro, copies=3, label="more")
    assert Dpia.objects.count() >= 20 and Breach.objects.count() >= 24
    assert len(dashboard_queries(client, siro)) == small
