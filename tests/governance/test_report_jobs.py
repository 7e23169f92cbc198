"""Report jobs: a Board report past the threshold is made by a worker (run eagerly here),
its progress page in each state, the download (its requester's alone, until it expires), the
expiry task, and a task delivered twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReportJobKind, ReportJobStatus
from governance.models import ReportJob
from governance.reports import jobs as report_jobs
from governance.reports import last_full_quarter
from governance.reports.jobs import board_report_title, report_job_request
from governance.tasks import expire_report_jobs, run_report_job

pytestmark = pytest.mark.django_db

PDF_URL = reverse("governance:board_report_pdf")


@pytest.fixture
def period():
    return last_full_quarter()


@pytest.fixture
def queued_job(siro, period, django_capture_on_commit_callbacks):
    # Captured, not run: the job stays queued, as when the worker has not reached it yet.
    with django_capture_on_commit_callbacks(execute=False):
        return report_job_request(
            actor=siro,
            kind=ReportJobKind.BOARD_REPORT,
            params=period.as_params(),
            title=board_report_title(period),
        )


def _post_for_a_job(client, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PDF_URL, {"period": "quarter", "quarter": period.quarter})


def test_past_the_threshold_the_pdf_is_made_by_a_worker(
    client, siro, period, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_REPORT_SYNC_LIMIT = -1  # every period is "big"
    client.force_login(siro)
    response = _post_for_a_job(client, period, django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ReportJobStatus.DONE
    assert job.progress == 100
    assert not job.in_request
    assert job.requested_by == siro
    assert job.params == period.as_params()
    assert job.file.read()[:5] == b"%PDF-"
    assert job.expires_at - job.finished_at == timedelta(days=1)


def test_a_small_period_is_made_in_the_request(client, siro, period):
    client.force_login(siro)
    response = client.post(PDF_URL, {"period": "quarter", "quarter": period.quarter})
    assert response.status_code == 200
    assert response.content[:5] == b"%PDF-"
    assert ReportJob.objects.get().in_request


def test_the_progress_page_of_a_queued_job_says_it_waits_and_polls(client, siro, queued_job):
    client.force_login(siro)
    html = client.get(queued_job.get_absolute_url()).content.decode()
    assert "Waiting to start" in html
    assert '<progress class="app-progress"' in html
    assert 'hx-trigger="every 2s"' in html
    # Without JavaScript: a plain link reloads the page (no meta refresh).
    assert 'data-testid="job-refresh"' in html
    assert "http-equiv" not in html


def test_the_progress_page_of_a_running_job_shows_how_far_it_has_got(client, siro, queued_job):
    ReportJob.objects.filter(pk=queued_job.pk).update(
        status=ReportJobStatus.RUNNING, progress=60, message="Laying out the PDF."
    )
    client.force_login(siro)
    html = client.get(queued_job.get_absolute_url()).content.decode()
    assert "Being produced" in html
    assert "60% done: Laying out the PDF." in html
    assert 'value="60"' in html


def test_htmx_gets_the_progress_panel_alone(client, siro, queued_job):
    client.force_login(siro)
    response = client.get(queued_job.get_absolute_url(), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-progress"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_finished_job_stops_polling_and_offers_its_download(client, siro, queued_job):
    run_report_job(queued_job.pk)
    client.force_login(siro)
    html = client.get(queued_job.get_absolute_url()).content.decode()
    assert "Your file is ready" in html
    assert "hx-trigger" not in html
    assert reverse("governance:reportjob_download", args=[queued_job.pk]) in html


def test_the_requester_downloads_the_file_as_an_attachment(client, siro, queued_job):
    run_report_job(queued_job.pk)
    client.force_login(siro)
    response = client.get(reverse("governance:reportjob_download", args=[queued_job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


@pytest.mark.parametrize("other", ["dpo", "director"])
def test_nobody_else_sees_or_downloads_a_job(client, request, other, queued_job):
    run_report_job(queued_job.pk)
    client.force_login(request.getfixturevalue(other))
    assert client.get(queued_job.get_absolute_url()).status_code == 404
    download = reverse("governance:reportjob_download", args=[queued_job.pk])
    assert client.get(download).status_code == 404


def test_an_expired_file_is_not_served_and_is_deleted_by_the_periodic_task(
    client, siro, queued_job
):
    run_report_job(queued_job.pk)
    job = ReportJob.objects.get(pk=queued_job.pk)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(siro)
    download = reverse("governance:reportjob_download", args=[job.pk])
    assert client.get(download).status_code == 404
    assert "This file has expired" in client.get(job.get_absolute_url()).content.decode()

    assert expire_report_jobs() == 1
    assert not storage.exists(name)
    job.refresh_from_db()
    assert not job.file
    assert job.status == ReportJobStatus.DONE  # the record that it was produced stays
    assert expire_report_jobs() == 0


def test_a_file_not_yet_expired_is_kept(queued_job):
    run_report_job(queued_job.pk)
    assert expire_report_jobs() == 0
    assert ReportJob.objects.get(pk=queued_job.pk).file


def test_a_task_delivered_twice_leaves_the_done_job_alone(queued_job, monkeypatch):
    assert run_report_job(queued_job.pk) == ReportJobStatus.DONE
    first = ReportJob.objects.get(pk=queued_job.pk)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a done job is not produced again")

    monkeypatch.setitem(report_jobs.RUNNERS, ReportJobKind.BOARD_REPORT, must_not_run)
    assert run_report_job(queued_job.pk) == ReportJobStatus.DONE
    again = ReportJob.objects.get(pk=queued_job.pk)
    assert (again.file.name, again.finished_at) == (first.file.name, first.finished_at)


def test_a_job_whose_worker_died_is_started_again(queued_job):
    ReportJob.objects.filter(pk=queued_job.pk).update(status=ReportJobStatus.RUNNING, progress=60)
    assert run_report_job(queued_job.pk) == ReportJobStatus.DONE


def test_a_failing_job_says_so_and_keeps_the_error(client, siro, queued_job, monkeypatch):
    def broken(job, progress):
        progress(40, "Half way.")
        raise RuntimeError("the fonts are missing")

    monkeypatch.setitem(report_jobs.RUNNERS, ReportJobKind.BOARD_REPORT, broken)
    assert run_report_job(queued_job.pk) == ReportJobStatus.FAILED
    job = ReportJob.objects.get(pk=queued_job.pk)
    assert job.finished_at is not None
    assert "RuntimeError: the fonts are missing" in job.error
    client.force_login(siro)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "The report could not be produced" in html
    assert "fonts" not in html  # the technical error is for the logs, not the page
    assert "hx-trigger" not in html


def test_a_job_that_no_longer_exists_is_ignored():
    assert run_report_job(999999) == "missing"


def test_the_requester_is_told_once_when_the_report_is_ready(
    queued_job, siro, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    from governance.models import Notification
    from governance.reminders import deliver

    with django_capture_on_commit_callbacks(execute=True):
        assert run_report_job(queued_job.pk) == ReportJobStatus.DONE
        run_report_job(queued_job.pk)  # the task delivered a second time
    deliver()  # and a later sweep: nothing is sent again

    (notification,) = Notification.objects.all()
    assert notification.user == siro
    assert notification.title == f"{queued_job.title} is ready"
    assert notification.url == queued_job.get_absolute_url()
    assert [message.to for message in mailoutbox] == [[siro.email]]
    assert "It can be downloaded until" in mailoutbox[0].body
