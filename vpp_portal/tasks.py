"""Project-level Celery tasks."""

import logging

from celery import Task, shared_task
from django.db import connection

logger = logging.getLogger(__name__)


@shared_task(bind=True, ignore_result=False, name="vpp_portal.check_worker")
def check_worker(self: Task, nonce: str) -> dict[str, str]:
    """Prove that the whole task path works: broker → worker → database → result backend.

    ``/healthz`` only shows that the web process can reach the broker; it cannot show that a
    worker is consuming, that the worker can reach the database, or that results come back.
    Send this task with a fresh ``nonce`` and wait for the result: getting the same nonce back
    with ``"database": "ok"`` proves each hop, and ``"worker"`` names the worker that ran it.
    Operations use it after a deployment; the worker integration test uses it in CI.

    Results are kept (``ignore_result=False``, unlike the project default) because the result
    is the proof. A database error is not caught: the task fails and the caller sees why.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    if row is None or row[0] != 1:
        raise RuntimeError(f"SELECT 1 returned {row!r}")
    hostname: str = self.request.hostname or ""  # empty only when called as a plain function
    logger.info("check_worker %s: database ok on %s", nonce, hostname)
    return {"nonce": nonce, "database": "ok", "worker": hostname}
