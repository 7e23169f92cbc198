"""Benchmark: the password reset page takes as long for an unknown address as for a known one.

    .venv/bin/python benchmarks/password_reset.py                      # 30 requests each
    .venv/bin/python benchmarks/password_reset.py --smtp-delay-ms 300  # a slow mail server

Works in a throwaway in-memory SQLite database. It posts the reset form ``--repeat`` times for
an address with an account and for one without, alternating, and times each request on the
server until the response is ready to send (what the visitor waits for): the e-mail goes after
the response (see ``accounts/password_reset.py``), so even a slow mail server (simulated by
``--smtp-delay-ms``) does not show. It also reports the request time including that after-
response work, as the old in-request sending would have cost, and checks that only the known
address was e-mailed.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core import mail  # noqa: E402
from django.core.mail.backends.locmem import EmailBackend  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

SMTP_DELAY_SECONDS = 0.0


class SlowBackend(EmailBackend):
    """The locmem backend, as slow as a remote mail server."""

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        time.sleep(SMTP_DELAY_SECONDS)
        return super().send_messages(messages)


def timed_client() -> tuple[Client, list[float]]:
    """A test client whose requests are timed until the response is ready, before the test
    client closes it (which runs the after-response work, as a WSGI server does)."""
    client = Client()
    samples: list[float] = []
    get_response = client.handler.get_response

    def timed(request):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        response = get_response(request)
        samples.append(time.perf_counter() - start)
        return response

    client.handler.get_response = timed  # type: ignore[method-assign]
    return client, samples


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return f"median {statistics.median(ms):6.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f})"


def main() -> None:
    global SMTP_DELAY_SECONDS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--smtp-delay-ms", type=float, default=0.0)
    arguments = parser.parse_args()
    SMTP_DELAY_SECONDS = arguments.smtp_delay_ms / 1000
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from accounts.models import User

    known = User.objects.create_user("known@example.test", "a-long-password-2026", full_name="K")
    url = reverse("account_reset_password")
    ready: dict[str, list[float]] = {"known": [], "unknown": []}
    whole: dict[str, list[float]] = {"known": [], "unknown": []}
    logging.getLogger("celery").setLevel(logging.WARNING)
    # allauth's rate limit (5 a minute per address) would refuse the benchmark's many requests.
    with override_settings(EMAIL_BACKEND=f"{__name__}.SlowBackend", ACCOUNT_RATE_LIMITS=False):
        for _ in range(arguments.repeat):
            for kind, email in (("known", known.email), ("unknown", "nobody@example.test")):
                client, samples = timed_client()
                start = time.perf_counter()
                response = client.post(url, {"email": email})
                whole[kind].append(time.perf_counter() - start)
                ready[kind].append(samples[-1])
                assert response.status_code == 302, response
    assert len(mail.outbox) == arguments.repeat
    assert all(message.to == [known.email] for message in mail.outbox)
    print(f"{arguments.repeat} requests each, mail server delay {arguments.smtp_delay_ms:.0f} ms")
    for kind in ("known", "unknown"):
        print(f"  {kind:<8} response ready:           {summary(ready[kind])}")
    for kind in ("known", "unknown"):
        print(f"  {kind:<8} incl. after-response send: {summary(whole[kind])}")
    gap = statistics.median(ready["known"]) - statistics.median(ready["unknown"])
    print(f"  difference of the medians (response ready): {gap * 1000:+.1f} ms")


if __name__ == "__main__":
    main()
