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
