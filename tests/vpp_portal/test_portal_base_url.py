"""`make run PORT=8101` makes reminder e-mails link to port 8101, unless PORTAL_BASE_URL is set."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _base_url(tmp_path, *args, environment=None):
    show = tmp_path / "show.mk"
    show.write_text("show-base-url:\n\t@echo $$PORTAL_BASE_URL\n")
    env = {key: value for key, value in os.environ.items() if key != "PORTAL_BASE_URL"}
    env.update(environment or {})
    result = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", str(show), "show-base-url", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_base_url_follows_the_port(tmp_path):
    assert _base_url(tmp_path, "PORT=8101") == "http://127.0.0.1:8101"
    assert _base_url(tmp_path) == "http://127.0.0.1:8000"
    assert _base_url(tmp_path, "HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"


def test_a_base_url_set_in_the_environment_wins(tmp_path):
    environment = {"PORTAL_BASE_URL": "https://portal.example.org"}
    assert _base_url(tmp_path, "PORT=8101", environment=environment) == (
        "https://portal.example.org"
    )


def test_make_run_serves_on_that_port():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "runserver 127.0.0.1:8101" in result.stdout
