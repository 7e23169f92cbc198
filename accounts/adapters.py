from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are issued by the system administrator: nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
