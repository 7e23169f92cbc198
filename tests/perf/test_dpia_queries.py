"""The DPIA register's pages run a fixed number of SQL queries, however many DPIAs, risks,
comments, timeline entries and links they show: the budgets are pinned, so a query per row (or
any new query) fails here.

Every signed-in page costs 5 (session, user, their organisation, user and group permissions);
the comments say what the rest is for.
"""

from itertools import count
from typing import Any

import pytest
from django.urls import reverse

from governance.models import Dpia
from governance.services import dpias as services
from ropa.models import ProcessingActivity
from tests.dpias import HIGH_REDUCED_TO_MEDIUM, LOW, MEDIUM_REDUCED_TO_LOW, complete_dpia
from tests.factories import AgreementFactory, DataSourceFactory
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# + the count, the page of rows (with their authors and highest risk levels) and their
# processing activities (the author filter is a chooser: it lists nobody).
DPIA_LIST_QUERIES = 9
# The same, and the author chosen in the filter is looked up (once, for filtering and showing).
DPIA_LIST_FILTERED_QUERIES = 10
# Session, user, 2 permissions, the count (download or job), the rows and their activities
# (no page around them).
DPIA_EXPORT_QUERIES = 7
# + the DPIA (with its people, the revision it came from and its snapshot), its risks, newer
# revisions, comments (with who made and resolved them) and its three kinds of link. Where the
# reader stands on it (wrote it, acted as its DPO) comes with the DPIA: no query of its own.
# And the problems panel (1 query: every finding kind about the record asked at once).
DPIA_DETAIL_QUERIES = 14
# + the DPIA with its header's risks and revisions, and its timeline entries with who.
DPIA_TIMELINE_QUERIES = 10
# + the DPIA with its header's risks and revisions, and its comments with who made them; its
# history, the two people it names (author, submitter) and its three kinds of link; the risks'
# history and the DPIA it names; the comments' history and the DPIA and two people it names.
DPIA_HISTORY_QUERIES = 22

RISKS = (MEDIUM_REDUCED_TO_LOW, HIGH_REDUCED_TO_MEDIUM, LOW)
NUMBERS = count(1)


def links(number: int) -> dict[str, Any]:
    return {
        "activities": [
            ProcessingActivity.objects.create(
                name=f"Activity {next(NUMBERS)}", business_function="Analysis", purpose="Analysis"
            )
            for _ in range(number)
        ],
        "agreements": [AgreementFactory() for _ in range(number)],
        "data_sources": DataSourceFactory.create_batch(number),
    }


def make_dpias(count: int, staff) -> list[Dpia]:
    """``count`` drafts, each with three risks and three processing activities."""
    dpias = []
    for index in range(count):
        dpia = complete_dpia(staff, title=f"DPIA number {index}", risks=RISKS)
        dpia.activities.add(*links(2)["activities"])
        dpias.append(dpia)
    return dpias


def returned_with_history(staff, dpo, *, risks: int, rounds: int, steps: int) -> Dpia:
    """A DPIA returned by the DPO ``rounds`` times with comments on ``steps`` steps each; all but
    the last round's comments resolved. ``risks`` risks, and ``risks`` of each kind of link."""
    dpia = complete_dpia(staff, risks=(MEDIUM_REDUCED_TO_LOW,) * risks, **links(risks))
    for round_number in range(rounds):
        dpia = services.dpia_submit(dpia, actor=staff)
        dpia = services.dpia_return(
            dpia,
            actor=dpo,
            reason=f"Round {round_number}",
            comments={step: f"Comment {round_number}.{step}" for step in range(1, steps + 1)},
        )
        if round_number < rounds - 1:
            for comment in dpia.comments.filter(resolved_at__isnull=True):
                services.dpia_comment_resolve(comment, actor=staff, resolution="Done.")
    return Dpia.objects.get(pk=dpia.pk)


@pytest.mark.parametrize("rows", [1, 20])
def test_the_dpia_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_dpias(rows, staff)
    client.force_login(staff)
    assert count_queries(client, reverse("governance:dpia_list")) == DPIA_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_the_filtered_dpia_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_dpias(rows, staff)
    client.force_login(staff)
    url = f"{reverse('governance:dpia_list')}?status=draft&q=number&author={staff.pk}"
    assert count_queries(client, url) == DPIA_LIST_FILTERED_QUERIES


@pytest.mark.parametrize("rows", [1, 20])
def test_the_dpia_export_runs_a_fixed_number_of_queries(client, staff, rows):
    make_dpias(rows, staff)
    client.force_login(staff)
    url = reverse("governance:dpia_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == DPIA_EXPORT_QUERIES


SIZES = {
    "small": {"risks": 1, "rounds": 2, "steps": 1},
    "large": {"risks": 8, "rounds": 3, "steps": 6},
}


@pytest.mark.parametrize("size", SIZES)
def test_the_dpia_page_runs_a_fixed_number_of_queries(client, staff, dpo, size):
    dpia = returned_with_history(staff, dpo, **SIZES[size])
    client.force_login(staff)
    assert count_queries(client, dpia.get_absolute_url()) == DPIA_DETAIL_QUERIES


@pytest.mark.parametrize("size", SIZES)
def test_the_dpia_timeline_runs_a_fixed_number_of_queries(client, staff, dpo, size):
    dpia = returned_with_history(staff, dpo, **SIZES[size])
    client.force_login(staff)
    url = reverse("governance:dpia_timeline", kwargs={"pk": dpia.pk})
    assert count_queries(client, url) == DPIA_TIMELINE_QUERIES


@pytest.mark.parametrize("size", SIZES)
def test_the_dpia_history_runs_a_fixed_number_of_queries(client, staff, dpo, size):
    dpia = returned_with_history(staff, dpo, **SIZES[size])
    client.force_login(staff)
    url = reverse("governance:dpia_history", kwargs={"pk": dpia.pk})
    assert count_queries(client, url) == DPIA_HISTORY_QUERIES
