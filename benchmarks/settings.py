"""Settings for ``benchmarks/pages.py`` only: the portal's own, plus the floor view's URL conf,
its template folder and a middleware that counts a request's queries when asked to.

Never used by the portal itself (nothing imports it; ``DJANGO_SETTINGS_MODULE`` names it only in
the benchmark's gunicorn).
"""

from vpp_portal.settings import *  # noqa: F403
from vpp_portal.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "benchmarks.urls"
# A copy: the portal's own settings objects stay as they are.
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"],  # type: ignore[misc]  # DIRS is a list
    },
    *TEMPLATES[1:],
]
# First, so that it sees every query of the request, the session's included.
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Many quick requests from one address are the point here, not an attack.
AXES_ENABLED = False
# Celery publishes to memory and nothing consumes it: an export big enough to become a
# background job answers with its redirect to the job page, as it does with a broker and a
# worker, and the benchmark times that answer, not the job (which would run in the request if
# tasks ran eagerly).
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
