"""The ``check_worker`` task, in-process and through a real Celery worker.

The integration test starts ``celery worker`` as a subprocess on a queue of its own, sends
``check_worker`` through Redis and waits for the result, so it proves broker → worker →
database → result backend end to end. The worker is pointed at the test's own database: the
PostgreSQL test database in CI, or (since SQLite's in-memory test database cannot be shared
with another process) a throwaway SQLite file, which is enough for ``SELECT 1``.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.celery import (
    RESULT_TIMEOUT,
    Worker,
    broker_url_or_skip,
    tasks_sent_through,
    worker_database_url,
)
from vpp_portal.tasks import check_worker


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    broker_url = broker_url_or_skip()
    backend_url = os.environ.get("CELERY_RESULT_BACKEND") or broker_url
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vpp_portal.settings",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": backend_url,
        "DATABASE_URL": worker_database_url(tmp_path),
    }
    queue = f"test-check-worker-{uuid.uuid4().hex}"
    with tasks_sent_through(broker_url, backend_url):
        started = Worker(env, queue, tmp_path / "worker.log")
        try:
            started.wait_until_ready()
            yield started
        finally:
            started.stop()


def test_check_worker_reports_the_nonce_the_database_and_the_host_when_run_in_process(db):
    result = check_worker.apply(args=["x"]).get()

    assert result == {"nonce": "x", "database": "ok", "worker": result["worker"]}
    assert result["worker"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_check_worker_on_the_test_database_and_returns_the_result(
    worker: Worker,
):
    nonce = uuid.uuid4().hex

    async_result = check_worker.apply_async(args=[nonce], queue=worker.queue)
    try:
        result = async_result.get(timeout=RESULT_TIMEOUT)
    except Exception as exc:
        pytest.fail(f"check_worker failed or timed out: {exc!r}; {worker.describe()}")
    finally:
        async_result.forget()

    assert result == {"nonce": nonce, "database": "ok", "worker": worker.name}, worker.describe()
