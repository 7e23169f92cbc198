"""Middleware for signed-in sessions: time limits, and two-factor set-up for the roles that
must have it."""

import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .mfa import MFA_ENROLLED_SESSION_KEY, has_second_factor, mfa_required
from .sessions import (
    LAST_SEEN_AT_KEY,
    LAST_SEEN_GRANULARITY,
    session_expiry_reason,
    start_session_clocks,
)

EXPIRY_MESSAGES = {
    "idle": "You were signed out because you did not use the portal for a while. Sign in again.",
    "absolute": "Your session reached its time limit and you were signed out. Sign in again.",
}


class SessionTimeoutMiddleware:
    """Signs the user out once the session has been idle for ``SESSION_IDLE_TIMEOUT`` seconds or
    has lasted ``SESSION_COOKIE_AGE`` seconds since sign-in, whatever they did meanwhile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            reason = session_expiry_reason(session, now)
            if reason is not None:
                logout(request)
                messages.warning(request, EXPIRY_MESSAGES[reason])
                return redirect_to_login(request.get_full_path())
            last_seen_at = session.get(LAST_SEEN_AT_KEY)
            if last_seen_at is None:
                # A session from before these clocks: it starts counting now.
                start_session_clocks(session, now)
            elif now - last_seen_at >= LAST_SEEN_GRANULARITY:
                session[LAST_SEEN_AT_KEY] = now
        return self.get_response(request)


#: What a user who must set up two-factor authentication may still open.
MFA_SETUP_URL_NAMES = frozenset({"account_logout", "account_reauthenticate", "healthz"})


class MFARequiredMiddleware:
    """Sends a DPO, SIRO, Director or Admin without a second factor to set one up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not mfa_required(user):
            return None
        if request.session.get(MFA_ENROLLED_SESSION_KEY):
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name and (name.startswith("mfa_") or name in MFA_SETUP_URL_NAMES):
            return None
        if has_second_factor(user):
            request.session[MFA_ENROLLED_SESSION_KEY] = True
            return None
        messages.info(
            request,
            "Your role must use two-factor authentication. Set up an authenticator app "
            "before you continue.",
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
