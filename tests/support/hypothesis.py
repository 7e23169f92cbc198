"""How many examples a property test tries, under the Hypothesis profile in force.

The profiles are registered in ``tests/conftest.py``: "ci" (``CI=true``, set by ``.ci/run``)
runs each test's own count, "dev" (the default) caps every count at its smaller number so a
local run stays quick. A test that names its count writes ``max_examples=examples(60)``.
"""

from hypothesis import settings


def examples(ci_count: int) -> int:
    """``ci_count`` in CI; locally, no more than the dev profile's ``max_examples``."""
    return min(ci_count, settings.default.max_examples)
