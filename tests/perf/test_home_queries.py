"""Each role's home page, "Waiting for you" included, runs a fixed number of queries however
much waits: one COUNT (or aggregate) per line, asked only of whom it concerns."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from tests.dpias import HIGH_STAYS_HIGH, LOW, advised_dpia, returned_dpia, submitted_dpia
from tests.factories import ConsultationFactory
from tests.governance.breach_helpers import make_breach
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db


def build(rows: int, staff, dpo, opcc, hull, start: int = 0) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    for index in range(start, start + rows):
        submitted_dpia(staff, title=f"Submitted {index}")
        advised_dpia(staff, dpo, title=f"Low {index}", risks=(LOW,))
        advised_dpia(staff, dpo, title=f"High {index}", risks=(HIGH_STAYS_HIGH,))
        returned_dpia(staff, dpo, title=f"Returned {index}")
        make_breach(staff, f"BR-{index:03d}", organisation=hull)
        Policy.objects.create(
            title=f"Policy {index}",
            kind="policy",
            owner_organisation=opcc,
            owner=staff,
            next_review_on=yesterday,
        )
        ConsultationFactory(organisation=hull, requested_by=staff)


@pytest.mark.parametrize("role", ["staff", "dpo", "siro", "director", "admin_user", "partner_hull"])
def test_each_roles_home_page_runs_the_same_queries_at_one_and_at_four_rows(
    request, role, client, staff, dpo, opcc, hull
):
    user = request.getfixturevalue(role)
    counts = []
    built = 0
    for rows in (1, 3):
        build(rows, staff, dpo, opcc, hull, start=built)
        built += rows
        client.force_login(user)
        counts.append(count_queries(client, reverse("home")))
    assert counts[0] == counts[1], counts
    print(role, counts[0])
