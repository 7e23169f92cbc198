from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are issued by the system administrator: nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


def axes_username(request: HttpRequest, credentials: dict[str, str] | None) -> str:
    """The e-mail address a sign-in attempt was for, as django-axes should count it.

    allauth passes it to ``authenticate`` as ``email``; the form field is ``login``.
    """
    credentials = credentials or {}
    username = credentials.get("email") or credentials.get("username")
    if not username and request is not None:
        username = request.POST.get("login", "")
    return (username or "").strip().lower()


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a request came from, as lockouts and security events record it.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (the deployment's nginx or load balancer)
    ``REMOTE_ADDR`` is the nearest proxy, so the client is the address that many hops back in
    ``X-Forwarded-For``; entries further left were written by the client and are not trusted.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops] or remote
