"""``/healthz``: database and broker reachability for load balancers and monitoring.

It needs no login, says nothing beyond three status words, and answers 503 when the database or
a configured broker cannot be reached.
"""

import os

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from kombu import Connection

from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

UNREACHABLE_BROKER_URL = "redis://127.0.0.1:1/0"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def url():
    return reverse("healthz")


@pytest.fixture
def no_broker(settings):
    settings.CELERY_BROKER_URL = ""


def test_healthz_answers_an_anonymous_visitor_with_status_database_and_broker_only(
    client, url, no_broker
):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"status", "database", "broker"}
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_healthz_is_never_cached(client, url, no_broker):
    response = client.get(url)

    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_tasks_run_in_process_when_no_broker_is_configured(client, url, no_broker):
    response = client.get(url)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "not configured (tasks run in-process)",
    }


@pytest.mark.integration
def test_healthz_reports_the_broker_ok_when_redis_answers(client, url, settings):
    broker_url = os.environ.get("CELERY_BROKER_URL") or LOCAL_REDIS_URL
    try:
        with Connection(broker_url, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises several transport-specific errors
        skip_or_fail(f"Redis is not reachable at {broker_url}")
    settings.CELERY_BROKER_URL = broker_url

    response = client.get(url)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_unreachable(client, url, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_BROKER_URL

    response = client.get(url)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unreachable"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, url, no_broker, monkeypatch):
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get(url)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "broker": "not configured (tasks run in-process)",
    }


def test_healthz_refuses_post(client, url, no_broker):
    response = client.post(url)

    assert response.status_code == 405
