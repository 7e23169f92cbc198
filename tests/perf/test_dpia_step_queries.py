"""The pages a DPIA is written on run a fixed number of SQL queries, however many risks the
DPIA has or comments the DPO left.

Every signed-in page costs 5: session, user, their organisation, user and group permissions.
"""

import pytest
from django.urls import reverse

from governance.models import DpiaComment
from tests.dpias import add_risk, draft_dpia
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# + the DPIA (with its author and editors) and the DPO's open comments on the step.
STEP_PAGE_QUERIES = 8
# + the DPIA and the comments on step 5.
RISK_CREATE_QUERIES = 8
# + the risk (with its DPIA) and the comments on its step.
RISK_UPDATE_QUERIES = 8
RISK_MEASURE_QUERIES = 8
# + the risk (with its DPIA) and the DPO's comments on step 5, shown above the reason.
RISK_DELETE_QUERIES = 8

STEP_PAGES = (
    "governance:dpia_screening",
    "governance:dpia_description",
    "governance:dpia_consultation",
    "governance:dpia_necessity",
)


def dpia_with(author, dpo, risks: int):
    """A draft with ``risks`` risks (all high) and a DPO comment per risk on every step."""
    dpia = draft_dpia(author)
    for _ in range(risks):
        add_risk(author, dpia, "probable", "severe")
    DpiaComment.objects.bulk_create(
        DpiaComment(dpia=dpia, step=step, text=f"Comment {n}", made_by=dpo)
        for step in range(1, 8)
        for n in range(risks)
    )
    return dpia


@pytest.mark.parametrize("risks", [1, 20])
@pytest.mark.parametrize("name", STEP_PAGES)
def test_each_step_page_runs_a_fixed_number_of_queries(client, staff, dpo, name, risks):
    dpia = dpia_with(staff, dpo, risks)
    client.force_login(staff)
    url = reverse(name, kwargs={"pk": dpia.pk})
    assert count_queries(client, url) == STEP_PAGE_QUERIES


@pytest.mark.parametrize("risks", [1, 20])
def test_the_add_risk_page_runs_a_fixed_number_of_queries(client, staff, dpo, risks):
    dpia = dpia_with(staff, dpo, risks)
    client.force_login(staff)
    url = reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    assert count_queries(client, url) == RISK_CREATE_QUERIES


@pytest.mark.parametrize("risks", [1, 20])
@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("governance:dpiarisk_update", RISK_UPDATE_QUERIES),
        ("governance:dpiarisk_measure", RISK_MEASURE_QUERIES),
        ("governance:dpiarisk_delete", RISK_DELETE_QUERIES),
    ],
)
def test_each_risk_page_runs_a_fixed_number_of_queries(client, staff, dpo, name, budget, risks):
    dpia = dpia_with(staff, dpo, risks)
    client.force_login(staff)
    url = reverse(name, kwargs={"pk": dpia.risks.last().pk})
    assert count_queries(client, url) == budget
