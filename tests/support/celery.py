"""Running a real ``celery worker`` in tests: the broker, the worker's database, the app's
switch from eager mode to the broker, and the worker subprocess itself.

The worker runs as a subprocess on a queue of its own and is pointed at the test's own
database: the PostgreSQL test database in CI, or (since SQLite's in-memory test database cannot
be shared with another process) a throwaway SQLite file. It is stopped by its own pid only.
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

import kombu.pools
import pytest
from django.db import connection
from kombu import Connection

from tests.conftest import skip_or_fail
from vpp_portal.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
FALLBACK_BROKER_URL = "redis://127.0.0.1:6379/15"
READY_TIMEOUT = 60  # a worker imports all of Django; slow on a busy CI machine
RESULT_TIMEOUT = 60


def broker_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises several transport-specific errors
        return False
    return True


def broker_url_or_skip() -> str:
    """The configured broker, else a local Redis on a spare database; skip if neither answers."""
    url = os.environ.get("CELERY_BROKER_URL") or FALLBACK_BROKER_URL
    if not broker_answers(url):
        skip_or_fail(f"Redis is not reachable at {url}")
    return url


def worker_database_url(tmp_path: Path) -> str:
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


def forget_broker_and_backend() -> None:
    """Drop the app's cached broker pool and result backend so changed URLs take effect.

    Eager tasks earlier in the session leave a cached ``DisabledBackend`` behind; Celery has no
    public way to reset it. The broker pools live in kombu's process-wide registry, keyed by
    connection: closing one without clearing the registry would hand the closed pool to the
    next test that sends through the same broker ("Acquire on closed pool").
    """
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    vars(celery_app._local).pop("backend", None)


@contextmanager
def tasks_sent_through(broker_url: str, backend_url: str) -> Iterator[None]:
    """Turn eager mode off and point this process's Celery app at the broker; then restore."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.result_backend)
    conf.task_always_eager = False
    conf.broker_url = broker_url
    conf.result_backend = backend_url
    forget_broker_and_backend()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
        forget_broker_and_backend()


class Worker:
    """A ``celery worker`` subprocess with its output captured in a log file.

    With the solo pool (the default here) the worker runs each task in its own process, so
    ``process.pid`` is the process a task runs in: ``kill()`` stops it mid-task.
    """

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

    def kill(self) -> None:
        """SIGKILL this worker (by its own pid): no warm shutdown, no acknowledgement."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop this worker (by its own pid only): warm shutdown, then kill if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if not self._log.closed:
            self._log.close()


def worker_env(tmp_path: Path, broker_url: str, backend_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker on this test's database and broker, plus ``extra``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vpp_portal.settings",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": backend_url,
        "DATABASE_URL": worker_database_url(tmp_path),
        **extra,
    }
