"""Every environment variable the settings read is listed in .env.example and the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def variables_read_by_settings() -> set[str]:
    source = (ROOT / "vpp_portal" / "settings.py").read_text()
    return set(re.findall(r"env(?:\.[a-z]+)?\(\s*\"([A-Z_]+)\"", source))


def test_the_settings_read_the_variables_we_expect_to_find():
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DEMO_PASSWORD"} <= (
        variables_read_by_settings()
    )


def test_every_variable_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert variables_read_by_settings() - listed == set()


def test_every_variable_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text()
    assert {v for v in variables_read_by_settings() if f"`{v}`" not in readme} == set()
