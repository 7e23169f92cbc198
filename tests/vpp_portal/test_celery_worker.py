"""The ``check_worker`` task, in-process and through a real Celery worker.

The integration test starts ``celery worker`` as a subprocess on a queue of its own, sends
``check_worker`` through Redis and waits for the result, so it proves broker → worker →
database → result backend end to end. The worker is pointed at the test's own database: the
PostgreSQL test database in CI, or (since SQLite's in-memory test database cannot be shared
with another process) a throwaway SQLite file, which is enough for ``SELECT 1``.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pytest
from django.db import connection
from kombu import Connection

from tests.conftest import skip_or_fail
from vpp_portal.celery import app as celery_app
from vpp_portal.tasks import check_worker

REPO_ROOT = Path(__file__).resolve().parents[2]
FALLBACK_BROKER_URL = "redis://127.0.0.1:6379/15"
READY_TIMEOUT = 30
RESULT_TIMEOUT = 60


def _broker_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises several transport-specific errors
        return False
    return True


def _broker_url() -> str:
    """The configured broker, else a local Redis on a spare database; skip if neither answers."""
    url = os.environ.get("CELERY_BROKER_URL") or FALLBACK_BROKER_URL
    if not _broker_answers(url):
        skip_or_fail(f"Redis is not reachable at {url}")
    return url


def _worker_database_url(tmp_path: Path) -> str:
    """A DATABASE_URL for the worker naming the database this test is using."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or ""
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    # SQLite's test database is in memory, private to this process; SELECT 1 needs no tables.
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


def _forget_broker_and_backend() -> None:
    """Drop the app's cached broker pool and result backend so changed URLs take effect.

    Eager tasks earlier in the session leave a cached ``DisabledBackend`` behind; Celery has no
    public way to reset it.
    """
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    vars(celery_app._local).pop("backend", None)


@contextmanager
def _tasks_sent_through(broker_url: str, backend_url: str) -> Iterator[None]:
    """Turn eager mode off and point this process's Celery app at the broker; then restore."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.result_backend)
    conf.task_always_eager = False
    conf.broker_url = broker_url
    conf.result_backend = backend_url
    _forget_broker_and_backend()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
        _forget_broker_and_backend()


class Worker:
    """A ``celery worker`` subprocess with its output captured in a log file."""

    def __init__(self, env: dict[str, str], queue: str, log_path: Path) -> None:
        self.name = f"test-{uuid.uuid4().hex[:12]}@{socket.gethostname()}"
        self.queue = queue
        self.log_path = log_path
        self._log: IO[bytes] = log_path.open("wb")
        # "%h" is expanded by Celery to socket.gethostname(), as in self.name.
        node = self.name.split("@", 1)[0] + "@%h"
        argv = [sys.executable, "-m", "celery", "-A", "vpp_portal", "worker", "--pool=solo"]
        argv += ["--concurrency=1", "--loglevel=INFO", "-n", node, "-Q", queue]
        self.process = subprocess.Popen(
            argv, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def describe(self) -> str:
        return f"worker {self.name} (pid {self.process.pid}) output:\n{self.output()}"

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}; {self.describe()}")
            replies = celery_app.control.ping(destination=[self.name], timeout=1)
            if any(self.name in reply for reply in replies or []):
                return
        pytest.fail(f"the worker did not answer a ping in {READY_TIMEOUT} s; {self.describe()}")

    def stop(self) -> None:
        """Stop this worker (by its own pid only): warm shutdown, then kill if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    broker_url = _broker_url()
    backend_url = os.environ.get("CELERY_RESULT_BACKEND") or broker_url
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vpp_portal.settings",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": backend_url,
        "DATABASE_URL": _worker_database_url(tmp_path),
    }
    queue = f"test-check-worker-{uuid.uuid4().hex}"
    with _tasks_sent_through(broker_url, backend_url):
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
