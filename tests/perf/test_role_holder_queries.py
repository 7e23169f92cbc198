"""Role-holder pages run a fixed number of SQL queries, whatever the number of rows they show.

Every page for a signed-in user costs 6 (session, user, their organisation, user and group
permissions, their unread notifications); the comments say what the rest is for.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharing.models import RoleHolder
from tests.factories import OrganisationFactory, UserFactory
from vpp_portal.editing import save_register_row

pytestmark = pytest.mark.django_db

ROLEHOLDER_LIST_QUERIES = 9  # + count, the filter's organisations, rows with their relations
# No page layout: session, user, 2 permissions, the count (download or job), rows.
ROLEHOLDER_EXPORT_QUERIES = 6
# + the holder with its relations, everyone who held the role, and the problems panel (1 query:
# the training kind about key-role holders asked of this one; none found).
ROLEHOLDER_DETAIL_QUERIES = 9
ROLEHOLDER_HISTORY_QUERIES = 10  # + the holder, its history, the organisations and users it names
# For the DPO: + their review-queue badge, the holder, the organisations and accounts to choose.
ROLEHOLDER_EDIT_QUERIES = 10

START = datetime.date(2000, 1, 1)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_holders(count: int, editors: list) -> list[RoleHolder]:
    """``count`` DPOs in turn at one organisation (one a year) and one at each of ``count``
    others, each with its own portal account and editors."""
    host = OrganisationFactory()
    holders = []
    for index in range(count):
        start = START.replace(year=START.year + index)
        holders.append(
            RoleHolder(
                organisation=host,
                role="dpo",
                name=f"DPO {index}",
                starts_on=start,
                ends_on=start.replace(month=12, day=31),
                user=UserFactory(),
            )
        )
        holders.append(
            RoleHolder(
                organisation=OrganisationFactory(),
                role="siro",
                name=f"SIRO {index}",
                starts_on=start,
                user=UserFactory(),
            )
        )
    for index, holder in enumerate(holders):
        save_register_row(holder, actor=editors[index % len(editors)], reason="Recorded")
    return holders


def edit_many_times(holder: RoleHolder, times: int, editors: list) -> None:
    for index in range(times):
        holder.phone = f"01482 {index:06d}"
        save_register_row(holder, actor=editors[index % len(editors)], reason=f"Edit {index}")


@pytest.fixture
def editors(dpo):
    return [dpo, *UserFactory.create_batch(3)]


@pytest.mark.parametrize("rows", [1, 12])
def test_the_role_holder_list_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    make_holders(rows, editors)
    client.force_login(staff)
    assert count_queries(client, reverse("sharing:roleholder_list")) == ROLEHOLDER_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 12])
def test_the_role_holder_export_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    make_holders(rows, editors)
    client.force_login(staff)
    url = reverse("sharing:roleholder_export", kwargs={"format": "xlsx"})
    assert count_queries(client, url) == ROLEHOLDER_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 12])
def test_a_role_holders_page_runs_a_fixed_number_of_queries(client, staff, editors, rows):
    holder = make_holders(rows, editors)[0]
    client.force_login(staff)
    assert count_queries(client, holder.get_absolute_url()) == ROLEHOLDER_DETAIL_QUERIES


@pytest.mark.parametrize("versions", [1, 12])
def test_a_role_holders_history_runs_a_fixed_number_of_queries(client, staff, editors, versions):
    holder = make_holders(1, editors)[0]
    edit_many_times(holder, versions - 1, editors)
    client.force_login(staff)
    url = reverse("sharing:roleholder_history", kwargs={"pk": holder.pk})
    assert count_queries(client, url) == ROLEHOLDER_HISTORY_QUERIES


@pytest.mark.parametrize("rows", [1, 12])
def test_the_role_holder_edit_form_runs_a_fixed_number_of_queries(client, dpo, editors, rows):
    holder = make_holders(rows, editors)[0]
    client.force_login(dpo)
    url = reverse("sharing:roleholder_update", kwargs={"pk": holder.pk})
    assert count_queries(client, url) == ROLEHOLDER_EDIT_QUERIES
