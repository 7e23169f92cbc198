"""Template context every page needs: the role-based primary navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = (match.namespace, match.url_name) if match else ("", "")
    items = [{"text": "Home", "href": reverse("home"), "active": current == ("", "home")}]
    if user.has_perm("sharing.view_organisation"):
        if user.is_partner:
            href = reverse("sharing:organisation_detail", kwargs={"pk": user.organisation_id})
            text = "My organisation"
        else:
            href, text = reverse("sharing:organisation_list"), "Organisations"
        active = current[0] == "sharing" and current[1].startswith("organisation")
        items.append({"text": text, "href": href, "active": active})
    if user.is_staff:
        items.append({"text": "Administration", "href": reverse("admin:index"), "active": False})
    return items


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "portal_navigation": _navigation(request),
        "portal_partnership_name": settings.VPP_PARTNERSHIP_NAME,
    }
