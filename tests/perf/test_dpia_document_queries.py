"""The DPIA's printable page, PDF and approved version run a fixed number of SQL queries,
however many risks, links and timeline entries the DPIA has.

The budgets are pinned: a change that adds a query per row (or any query) fails here.
Every signed-in page costs 5: session, user, their organisation, user and group permissions.
"""

import pytest
from django.urls import reverse

from governance.choices import DpiaAction
from governance.models import Dpia, DpiaEvent
from governance.services import dpias as services
from tests.dpias import MEDIUM_REDUCED_TO_LOW, add_risk, approved_dpia, complete_dpia
from tests.factories import AgreementFactory, DataSourceFactory, UserFactory
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# + the DPIA (with its author, editors, DPO, signatory, review owner and the revision it
# reviews), its risks, activities, agreements and data sources, and its timeline with who
# took each step.
DPIA_PRINT_QUERIES = 12
# The same, less the signed-in user's organisation (no page layout around a PDF).
DPIA_PDF_QUERIES = 10
# + the DPIA with its snapshot and who took it; nothing else is read: the rest is the snapshot.
DPIA_SNAPSHOT_QUERIES = 7
DPIA_SNAPSHOT_PDF_QUERIES = 5


def make_dpia(staff, rows: int) -> Dpia:
    """A draft with ``rows`` risks, links of each kind and timeline entries by ``rows`` people."""
    dpia = complete_dpia(staff, risks=(MEDIUM_REDUCED_TO_LOW,))
    for _ in range(rows - 1):
        add_risk(staff, dpia, "probable", "severe", "medium")
    dpia.agreements.set(AgreementFactory.create_batch(rows))
    dpia.data_sources.set(DataSourceFactory.create_batch(rows))
    people = UserFactory.create_batch(rows)
    DpiaEvent.objects.bulk_create(
        DpiaEvent(dpia=dpia, action=DpiaAction.COMMENT_RESOLVED, actor=person, comment="Done")
        for person in people
    )
    return dpia


def test_the_measured_dpia_has_the_risks_links_and_timeline_entries_asked_for(client, staff):
    dpia = make_dpia(staff, 3)
    client.force_login(staff)
    response = client.get(reverse("governance:dpia_print", kwargs={"pk": dpia.pk}))
    document = response.context["document"]
    assert len(document["risks"]) == 3
    assert len(document["links"]["Agreements"]) == 3
    assert len(document["timeline"]) >= 4


@pytest.mark.parametrize("rows", [1, 30])
def test_the_printable_dpia_runs_a_fixed_number_of_queries(client, staff, rows):
    dpia = make_dpia(staff, rows)
    client.force_login(staff)
    url = reverse("governance:dpia_print", kwargs={"pk": dpia.pk})
    assert count_queries(client, url) == DPIA_PRINT_QUERIES


@pytest.mark.parametrize("rows", [1, 30])
def test_the_dpia_pdf_runs_a_fixed_number_of_queries(client, staff, rows):
    dpia = make_dpia(staff, rows)
    client.force_login(staff)
    url = reverse("governance:dpia_pdf", kwargs={"pk": dpia.pk})
    assert count_queries(client, url) == DPIA_PDF_QUERIES


def test_a_revision_prints_with_the_same_queries(client, staff, dpo, director):
    approved = approved_dpia(staff, dpo, director)
    revision = services.dpia_start_review(approved, actor=staff)
    client.force_login(staff)
    url = reverse("governance:dpia_print", kwargs={"pk": revision.pk})
    assert count_queries(client, url) == DPIA_PRINT_QUERIES


@pytest.mark.parametrize("rows", [1, 30])
def test_the_approved_version_runs_a_fixed_number_of_queries(client, staff, dpo, director, rows):
    dpia = approved_dpia(staff, dpo, director, risks=(MEDIUM_REDUCED_TO_LOW,) * rows)
    client.force_login(staff)
    for name, budget in (
        ("governance:dpia_snapshot", DPIA_SNAPSHOT_QUERIES),
        ("governance:dpia_snapshot_pdf", DPIA_SNAPSHOT_PDF_QUERIES),
    ):
        url = reverse(name, kwargs={"pk": dpia.pk})
        assert count_queries(client, url) == budget, name
