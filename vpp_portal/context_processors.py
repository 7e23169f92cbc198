"""Template context every page needs: the role-based primary navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

#: (label, list URL name, permission needed, model names whose pages highlight the item)
NAVIGATION = (
    (
        "Organisations",
        "sharing:organisation_list",
        "sharing.view_organisation",
        ("organisation", "contact"),
    ),
    ("Forums", "sharing:forum_list", "sharing.view_forum", ("forum", "connectionrequest")),
    (
        "Agreements",
        "sharing:agreement_list",
        "sharing.view_agreement",
        ("agreement", "agreementparty", "signeddocument"),
    ),
    ("Data sources", "sharing:datasource_list", "sharing.view_datasource", ("datasource",)),
    ("Products", "sharing:product_list", "sharing.view_product", ("product",)),
    ("Consultations", "sharing:consultation_list", "sharing.view_consultation", ("consultation",)),
    (
        "ROPA",
        "ropa:processingactivity_list",
        "ropa.view_processingactivity",
        (
            "processingactivity",
            "controllerdetails",
            "individualcategory",
            "datacategory",
            "recipientcategory",
        ),
    ),
    (
        "Retention",
        "ropa:retention_due",
        "ropa.view_retentionrule",
        ("retention", "retentionrule", "disposal"),
    ),
    ("Policies", "governance:policy_list", "governance.view_policy", ("policy",)),
)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else ""
    current_model = (url_name or "").split("_")[0]
    items = [{"text": "Home", "href": reverse("home"), "active": url_name == "home"}]
    for text, list_url, permission, models in NAVIGATION:
        if not user.has_perm(permission):
            continue
        href = reverse(list_url)
        if text == "Organisations" and user.is_partner:  # type: ignore[union-attr]
            text = "My organisation"
            href = reverse("sharing:organisation_detail", kwargs={"pk": user.organisation_id})  # type: ignore[union-attr]
        items.append({"text": text, "href": href, "active": current_model in models})
    if user.is_staff:
        items.append({"text": "Administration", "href": reverse("admin:index"), "active": False})
    return items


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "portal_navigation": _navigation(request),
        "portal_partnership_name": settings.VPP_PARTNERSHIP_NAME,
    }
