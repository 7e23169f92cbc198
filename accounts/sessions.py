"""Session lifetime: an idle timeout, an absolute lifetime, and ending a deactivated user's
sessions at once.

Django alone extends a session's expiry every time the session is saved, so a busy user would
never reach ``SESSION_COOKIE_AGE``. The portal keeps its own two clocks in the session, set at
sign-in: when it started (absolute lifetime) and when it was last used (idle timeout). Both are
enforced by ``accounts.middleware.SessionTimeoutMiddleware``.
"""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from .mfa import MFA_ENROLLED_SESSION_KEY, has_second_factor, mfa_required

SIGNED_IN_AT_KEY = "vpp_signed_in_at"
LAST_SEEN_AT_KEY = "vpp_last_seen_at"
#: The last-seen time is written at most once a minute, so a page view rarely costs a session
#: write; the idle timeout is therefore exact to within this many seconds.
LAST_SEEN_GRANULARITY = 60


def start_session_clocks(session: SessionBase, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[SIGNED_IN_AT_KEY] = now
    session[LAST_SEEN_AT_KEY] = now


def session_expiry_reason(session: SessionBase, now: float) -> str | None:
    """Why this session has ended ("idle" or "absolute"), or None while it is still good."""
    signed_in_at = session.get(SIGNED_IN_AT_KEY)
    last_seen_at = session.get(LAST_SEEN_AT_KEY)
    if signed_in_at is None or last_seen_at is None:
        return None
    if now - signed_in_at >= settings.SESSION_COOKIE_AGE:
        return "absolute"
    if now - last_seen_at >= settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def on_user_logged_in(
    sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """At every sign-in (the form, a password reset or a test's ``force_login``): start the
    clocks and note whether the user already has a second factor."""
    if request is None or not hasattr(request, "session"):
        return
    start_session_clocks(request.session)
    if mfa_required(user):
        request.session[MFA_ENROLLED_SESSION_KEY] = has_second_factor(user)


def on_authenticator_changed(
    sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """Adding or removing an authenticator updates the session's note of it."""
    if request is not None and hasattr(request, "session") and mfa_required(user):
        request.session[MFA_ENROLLED_SESSION_KEY] = has_second_factor(user)


def end_sessions_of(user: AbstractBaseUser) -> int:
    """End every session of ``user`` now; returns how many were ended.

    allauth's usersessions app records each sign-in's session; Django also refuses an inactive
    user on their next request, so a session it did not record cannot be used either.
    """
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user_id=user.pk))
    for session in sessions:
        session.end()
    return len(sessions)


def on_user_saved(
    sender: Any, instance: AbstractBaseUser, update_fields: Any = None, **kwargs: Any
) -> None:
    """A user saved as inactive loses every session at once."""
    if update_fields is not None and "is_active" not in update_fields:
        return
    if not instance.is_active:
        end_sessions_of(instance)
