"""Benchmark: how long signing in takes with PBKDF2 (before) and Argon2 (now).

    .venv/bin/python benchmarks/signin.py                # 20 sign-ins each
    .venv/bin/python benchmarks/signin.py --repeat 50

Works in a throwaway in-memory SQLite database (migrated, then discarded). For each hasher it
stores a user's password with it and signs in ``--repeat`` times through the login form with
Django's test client (the whole request: form, django-axes, allauth, the hash check, the session),
and separately times ``check_password`` alone; it prints the median and the spread in
milliseconds. Each PBKDF2 sign-in is measured with PBKDF2 first in ``PASSWORD_HASHERS`` (the
portal before), so it is not re-hashed during the run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "vpp_portal.settings"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("AXES_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

PASSWORD = "a-long-benchmark-password-2026"
HASHERS = {
    "PBKDF2 (before)": [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
    "Argon2, Django's cost": [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
    "Argon2 (now)": settings.PASSWORD_HASHERS,
}


def milliseconds(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return f"median {statistics.median(ms):7.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f})"


def measure(label: str, hashers: list[str], repeat: int) -> None:
    from accounts.models import User

    # allauth's per-address sign-in rate limit would refuse a benchmark's many quick sign-ins.
    with override_settings(PASSWORD_HASHERS=hashers, ACCOUNT_RATE_LIMITS=False):
        user, _ = User.objects.get_or_create(
            email="bench@example.test", defaults={"full_name": "Bench Mark"}
        )
        user.set_password(PASSWORD)
        user.save()
        algorithm = user.password.split("$", 1)[0]
        checks = []
        for _ in range(repeat):
            start = time.perf_counter()
            assert user.check_password(PASSWORD)
            checks.append(time.perf_counter() - start)
        sign_ins = []
        for _ in range(repeat):
            client = Client()
            start = time.perf_counter()
            response = client.post(
                reverse("account_login"), {"login": user.email, "password": PASSWORD}
            )
            sign_ins.append(time.perf_counter() - start)
            assert response.status_code == 302 and response["Location"] == reverse("home"), response
        user.refresh_from_db()
        assert user.password.split("$", 1)[0] == algorithm, "the hash changed during the run"
    print(f"{label:<17} [{algorithm}]")
    print(f"  sign-in through the form:  {milliseconds(sign_ins)}")
    print(f"  check_password alone:      {milliseconds(checks)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"{arguments.repeat} sign-ins each, on {os.cpu_count()} CPUs")
    for label, hashers in HASHERS.items():
        measure(label, hashers, arguments.repeat)


if __name__ == "__main__":
    main()
