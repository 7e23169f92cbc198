"""Project-level views: the health check and the error pages in the portal's layout."""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .signals import request_refused

logger = logging.getLogger(__name__)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unreachable"
        logger.warning("Health check: database unreachable: %s", exc)
        return "unreachable"
    return "ok"


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not configured (tasks run in-process)"
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # kombu raises several transport-specific errors
        logger.warning("Health check: broker unreachable: %s", exc)
        return "unreachable"
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability; no data and no login."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(value != "unreachable" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Send the Django admin's sign-in to the portal's, and refuse non-admins plainly."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    if not request.user.is_staff:
        raise PermissionDenied("Only the system administrator can use the admin site.")
    return redirect(next_url if url_has_allowed_host_and_scheme(next_url, None) else "admin:index")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """The 403 page; every refusal is announced first (``request_refused``: accounts writes it
    to the security log, and only refused requests pay for it)."""
    try:
        request_refused.send(sender=permission_denied, request=request, exception=exception)
    except DatabaseError:
        # The refusal stands even when it cannot be logged; the failure is logged instead.
        logger.exception("Could not record a refused request in the security log")
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
