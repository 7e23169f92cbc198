"""Fixtures for the account tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _forget_used_two_factor_codes():
    """allauth remembers used TOTP codes in the cache for one period; user ids repeat from test
    to test, so a code used by one test must not count as used in the next."""
    cache.clear()
    yield
    cache.clear()
