"""Response headers Django has no setting for.

``Permissions-Policy`` tells the browser which powerful features the portal's pages may use;
the portal uses none of camera, microphone or location, so a script injected despite the CSP
still cannot reach them. The policy is ``settings.PERMISSIONS_POLICY``: feature → allowed
origins (an empty tuple allows none).
"""

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def permissions_policy(features: Mapping[str, Iterable[str]]) -> str:
    """``{"camera": ()}`` as ``camera=()``; origins are written as given (``self``, quoted
    URLs)."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """Adds the ``Permissions-Policy`` header to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response
