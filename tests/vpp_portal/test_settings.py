"""Settings come from the environment: safe local defaults, and a production mode that refuses
to start without real settings.

Each case loads the settings in a fresh Python process with a clean environment (only PATH and
HOME kept), since settings are read once at import. A developer's ``.env`` in the repository
root would otherwise fill in the missing variables, so the subprocess turns ``.env`` reading
off: these tests are about what the settings do with a given environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[2]
ERROR_PREFIX = "django.core.exceptions.ImproperlyConfigured: "
REAL_SETTINGS = {
    "SECRET_KEY": "a-real-secret-key-for-the-settings-test-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://vpp@db.example.org:5432/vpp_portal",
    "MFA_ENCRYPTION_KEY": "a-real-key-for-two-factor-secrets-0123456789abcdefghijklmnop",
}

IGNORE_DOTENV = "import environ; environ.Env.read_env = lambda *args, **kwargs: None\n"
SETUP = IGNORE_DOTENV + "import django; django.setup()\n"
PRINT_DEFAULTS = """
import json
from django.conf import settings
from vpp_portal.celery import app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "celery_task_always_eager": app.conf.task_always_eager,
    "TIME_ZONE": settings.TIME_ZONE,
}))
"""


def load_settings(code: str = SETUP, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="vpp_portal.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def missing_settings(process: subprocess.CompletedProcess[str]) -> str:
    """The settings named in the ImproperlyConfigured message (not in the traceback's source)."""
    assert process.returncode != 0, process.stdout + process.stderr
    lines = [line for line in process.stderr.splitlines() if line.startswith(ERROR_PREFIX)]
    assert lines, process.stderr
    message = lines[-1].removeprefix(ERROR_PREFIX)
    assert message.startswith("VPP_PRODUCTION is on but these settings are missing: "), message
    return message.split(": ", 1)[1]


def test_production_mode_refuses_to_start_without_any_real_settings_and_names_them_all():
    missing = missing_settings(load_settings(VPP_PRODUCTION="true"))

    assert missing == "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, MFA_ENCRYPTION_KEY"


def test_production_mode_names_only_the_database_url_when_that_is_all_that_is_missing():
    variables = {**REAL_SETTINGS}
    del variables["DATABASE_URL"]

    missing = missing_settings(load_settings(VPP_PRODUCTION="true", **variables))

    assert missing == "DATABASE_URL"


def test_production_mode_refuses_the_development_secret_key():
    variables = {**REAL_SETTINGS, "SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY}

    missing = missing_settings(load_settings(VPP_PRODUCTION="true", **variables))

    assert missing == "SECRET_KEY (the development key is not a real key)"


def test_production_mode_starts_when_all_three_settings_are_real():
    code = SETUP + "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"

    process = load_settings(code, VPP_PRODUCTION="true", **REAL_SETTINGS)

    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "False ['portal.example.org']"


def test_with_nothing_set_the_portal_uses_sqlite_under_var_console_email_and_in_process_tasks():
    process = load_settings(SETUP + PRINT_DEFAULTS)

    assert process.returncode == 0, process.stderr
    values = json.loads(process.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": True,
        "DATABASE_ENGINE": "django.db.backends.sqlite3",
        "DATABASE_NAME": str(REPO_ROOT / "var" / "vpp_portal.sqlite3"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": True,
        "celery_task_always_eager": True,
        "TIME_ZONE": "Europe/London",
    }
