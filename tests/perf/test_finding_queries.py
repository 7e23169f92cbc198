"""The findings page, its CSV and a record page with its problems panel run a fixed number of
queries, whatever the number of offending records: each kind is counted once, only the kinds
a page overlaps are read (sliced in SQL, with fixed prefetches), and a record's panel asks
each kind about its model once.

Measured with 3 and then 30 offending records of each of several kinds (overdue policies and
activity reviews, partner-shared sources under a draft agreement, active personal-data
activities with no agreement, DPIA answer or complete ICO record), besides the three vacant
roles: the counts must be the same.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.findings import KINDS
from governance.models import Policy
from ropa.models import ProcessingActivity
from sharing.models import Agreement
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("governance:finding_list")
EXPORT = reverse("governance:finding_export")

#: What every page costs (session, user, permissions, organisation, navigation badges).
PAGE_BASE = 6
#: The kinds' COUNTs in one statement (the ROPA completeness rule is one SQL condition in its
#: COUNT; the vacant roles their own query), then each kind on the page read with its fixed
#: prefetches (the activity kinds load the whole ICO record: nine queries). Eight kinds are
#: populated here (the activities have no privacy notice either), all on the first page when
#: there are three of each.
FINDINGS_PAGE_QUERIES = 40
FINDINGS_EXPORT_QUERIES = 38
#: The policy page, plus the problems panel: one query asking the one kind about policies, and
#: the policy re-read for the finding's sentence.
POLICY_DETAIL_QUERIES = 10
#: The activity page (16 with its panel's one query: the seven kinds about activities asked at
#: once), and the activity read once with its ICO record for every finding's sentence, plus
#: one more read of the activity for the transparency finding's sentence.
ACTIVITY_DETAIL_QUERIES = 27


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def offending(opcc, hull, start: int, stop: int) -> None:
    today = timezone.localdate()
    draft = Agreement.objects.filter(title="Draft ISA").first() or AgreementFactory(
        title="Draft ISA", status="drafting"
    )
    for index in range(start, stop):
        Policy.objects.create(
            title=f"Policy {index}",
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            next_review_on=today - timedelta(days=index + 1),
        )
        DataSourceFactory(
            name=f"Source {index}",
            classification="partner_shared",
            supplier=hull,
            url="",
            publisher="",
            covering_agreement=draft,
        )
        ProcessingActivity.objects.create(
            name=f"Activity {index}",
            business_function="Analysis",
            purpose="P",
            status="active",
            has_personal_data=True,
            next_review_on=today - timedelta(days=1),
        )


def urls() -> dict[str, str]:
    pages = {f"page {n}": f"{LIST}?page={n}" for n in (1, 2, 3)}
    by_kind = {f"only {kind.slug}": f"{LIST}?kind={kind.slug}" for kind in KINDS}
    policy = Policy.objects.get(title="Policy 0")
    activity = ProcessingActivity.objects.get(name="Activity 0")
    return {
        **pages,
        **by_kind,
        "export": EXPORT,
        "policy page": policy.get_absolute_url(),
        "activity page": activity.get_absolute_url(),
    }


def test_the_pages_stay_within_their_budgets(client_for, staff, opcc, hull):
    offending(opcc, hull, 0, 3)
    client = client_for(staff)
    used = {name: count_queries(client, url) for name, url in urls().items()}
    assert max(used[f"page {n}"] for n in (1, 2, 3)) <= FINDINGS_PAGE_QUERIES
    assert used["export"] <= FINDINGS_EXPORT_QUERIES
    assert used["policy page"] <= POLICY_DETAIL_QUERIES
    assert used["activity page"] <= ACTIVITY_DETAIL_QUERIES
    # A page filtered to one kind costs its one COUNT and its own read, whatever the kind.
    assert used["only policy-review-overdue"] == PAGE_BASE + 2


def test_the_query_counts_are_the_same_for_3_and_30_offending_records(
    client_for, staff, opcc, hull
):
    client = client_for(staff)
    offending(opcc, hull, 0, 3)
    small = {name: count_queries(client, url) for name, url in urls().items()}
    offending(opcc, hull, 3, 30)
    big = {name: count_queries(client, url) for name, url in urls().items()}
    # With 30 of each, the first pages hold fewer kinds than with 3: never more queries.
    for name in ("page 1", "page 2", "page 3"):
        assert big[name] <= small[name]
    same = {name for name in small if not name.startswith("page ")}
    assert {name: big[name] for name in same} == {name: small[name] for name in same}
