"""The pages of two oversight steps run a fixed number of SQL queries, whatever the rows around
them: the DPO's decision to tell a partner about a breach (however many other breaches there
are), and a report job's progress page (however many other jobs).

Each count is pinned, and measured again at a larger size: a query per row, or any new query,
fails here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.choices import ReportJobKind
from governance.reports import last_full_quarter
from governance.reports.jobs import board_report_title, report_job_request
from tests.governance.breach_helpers import make_breach

pytestmark = pytest.mark.django_db

#: Session, user, permissions, the DPO's queue badges and unread badge, and the breach with its
#: organisation and people.
BREACH_DECISION_QUERIES = 8
#: Session, user, permissions, the unread badge, and the job with its requester.
PROGRESS_QUERIES = 8


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_partner_decision_page_runs_the_same_queries_however_many_breaches(
    client, staff, dpo, hull
):
    breach = make_breach(staff, "BR-001", organisation=hull)
    url = reverse("governance:breach_partner_decision", args=[breach.pk])
    client.force_login(dpo)
    few = queries_for(client, url)
    for number in range(2, 22):
        make_breach(staff, f"BR-{number:03}", organisation=hull)
    assert queries_for(client, url) == few
    assert few == BREACH_DECISION_QUERIES


def test_the_progress_page_runs_the_same_queries_however_many_jobs(
    client, siro, django_capture_on_commit_callbacks
):
    period = last_full_quarter()

    def request_job():
        # Captured, not run: the job stays queued, as when no worker has reached it yet.
        with django_capture_on_commit_callbacks(execute=False):
            return report_job_request(
                actor=siro,
                kind=ReportJobKind.BOARD_REPORT,
                params=period.as_params(),
                title=board_report_title(period),
            )

    job = request_job()
    client.force_login(siro)
    few = queries_for(client, job.get_absolute_url())
    for _ in range(20):
        request_job()
    assert queries_for(client, job.get_absolute_url()) == few
    assert few == PROGRESS_QUERIES
