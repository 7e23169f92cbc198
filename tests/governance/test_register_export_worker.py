"""A register export too big for the request, end to end through a real Celery worker.

The requester asks for an export past ``EXPORT_JOB_THRESHOLD_ROWS``, is sent to the job's
progress page, watches it reach 100 %, is notified, and downloads the file with the list's rows
in the list's order; nobody else (not even the DPO) can see the job or its file; a day later the
file is gone. The worker must share the test database, so this needs PostgreSQL (CI runs it
there; ``VPP_REQUIRE_INTEGRATION`` turns the skip into a failure).
"""

import csv
import io
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReminderKind, ReportJobStatus
from governance.models import Notification, Reminder, ReportJob
from governance.tasks import deliver_reminders, expire_report_jobs
from sharing.models import Agreement
from tests.conftest import skip_or_fail
from tests.support.celery import (
    READY_TIMEOUT,
    Worker,
    broker_url_or_skip,
    tasks_sent_through,
    worker_env,
)
from vpp_portal.celery import app as celery_app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 40


@contextmanager
def every_task_routed_to(queue: str) -> Iterator[None]:
    """Send every task this process queues to this test's queue, so only this test's worker
    runs them; then route as before."""
    amqp = celery_app.amqp
    saved = celery_app.conf.task_routes
    celery_app.conf.task_routes = {"*": {"queue": queue}}
    amqp.flush_routes()
    vars(amqp).pop("router", None)  # a cached property, built from the routes above
    try:
        yield
    finally:
        celery_app.conf.task_routes = saved
        amqp.flush_routes()
        vars(amqp).pop("router", None)


@pytest.fixture
def worker(tmp_path: Path, settings) -> Iterator[Worker]:
    if connection.vendor != "postgresql":
        skip_or_fail("the worker must share the test database, which needs PostgreSQL")
    broker_url = broker_url_or_skip()
    backend_url = os.environ.get("CELERY_RESULT_BACKEND") or broker_url
    queue = f"test-register-export-{uuid.uuid4().hex}"
    # The worker writes the file where this process's download view reads it.
    env = worker_env(
        tmp_path, broker_url, backend_url, PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT)
    )
    with tasks_sent_through(broker_url, backend_url), every_task_routed_to(queue):
        started = Worker(env, queue, tmp_path / "worker.log")
        try:
            started.wait_until_ready()
            yield started
        finally:
            started.stop()


def wait_for(what: str, check, worker: Worker, timeout: float = READY_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen in {timeout} s; {worker.describe()}")


def test_a_big_export_is_written_by_a_worker_for_its_requester_alone(
    client, staff, dpo, opcc, settings, worker
):
    settings.EXPORT_JOB_THRESHOLD_ROWS = 10
    Agreement.objects.bulk_create(
        Agreement(title=f"Agreement {number:03d}", kind="mou", purpose="Analysis")
        for number in range(ROWS)
    )
    client.force_login(staff)

    response = client.get(
        reverse("sharing:agreement_export", kwargs={"format": "csv"}) + "?sort=-title"
    )

    job = ReportJob.objects.get(requested_by=staff)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    seen: list[int] = []

    def finished() -> bool:
        page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
        assert page.status_code == 200
        job.refresh_from_db()
        seen.append(job.progress)
        return job.is_finished

    wait_for("the export", finished, worker)
    assert job.status == ReportJobStatus.DONE, job.error
    assert seen == sorted(seen) and seen[-1] == 100
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Your file is ready" in page and "Back to the list" in page

    # The worker recorded the "ready" event with the job; the delivery it queues goes to the
    # default queue, which this test's worker does not serve, so it is run here, as the
    # periodic delivery would.
    assert Reminder.objects.filter(kind=ReminderKind.REPORT_READY, object_id=job.pk).exists()
    deliver_reminders.apply()
    notification = Notification.objects.get(user=staff, kind=ReminderKind.REPORT_READY)
    assert notification.title == "Agreements export (CSV) is ready"
    assert client.get(notification.url).status_code == 200

    download = client.get(reverse("governance:reportjob_download", args=[job.pk]))
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Title"
    assert [row[0] for row in rows[1:]] == [f"Agreement {n:03d}" for n in reversed(range(ROWS))]

    client.force_login(dpo)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("governance:reportjob_download", args=[job.pk])).status_code == 404

    stored = job.file.name
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert expire_report_jobs.apply().get() == 1
        client.force_login(staff)  # a day on, the earlier session has timed out
        gone = client.get(reverse("governance:reportjob_download", args=[job.pk]))
        page = client.get(job.get_absolute_url()).content.decode()
    assert gone.status_code == 404
    assert "This file has expired" in page
    assert not job.file.storage.exists(stored)
